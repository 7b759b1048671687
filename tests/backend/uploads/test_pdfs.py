"""PDFs are kept as sent after checks; a document's pages download as one PDF."""

import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript

from backend.errors import Problem
from backend.uploads.normalise import normalise_sync
from backend.uploads.pdfs import assemble, check_pdf
from tests.backend.uploads import images
from tests.backend.uploads.test_normalise import BUDGET


def test_a_pdf_is_kept_byte_for_byte_with_its_page_count() -> None:
    data = images.pdf_document(3)
    result = normalise_sync(data, "pdf", BUDGET)
    assert result.data == data
    assert result.page_count == 3
    assert result.mime == "application/pdf"


def test_too_many_pages_is_refused() -> None:
    with pytest.raises(Problem) as refused:
        check_pdf(images.pdf_document(3), max_pages=2)
    assert refused.value.code == "upload_too_many_pages"
    assert refused.value.params == {"limit": 2}


def _rewritten(data: bytes, change: object) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(data))
    change(writer)  # type: ignore[operator]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_and_scripted_pdfs_are_refused() -> None:
    plain = images.pdf_document(1)
    encrypted = _rewritten(plain, lambda writer: writer.encrypt("secret"))
    scripted = _rewritten(plain, lambda writer: writer.add_open_action(JavaScript("app.alert('hi');")))
    with pytest.raises(Problem) as refused:
        check_pdf(encrypted, 10)
    assert refused.value.code == "upload_pdf_encrypted"
    with pytest.raises(Problem) as refused:
        check_pdf(scripted, 10)
    assert refused.value.code == "upload_pdf_active"


@pytest.mark.parametrize("data", [b"%PDF-1.7\n garbage", images.pdf_document(2)[:300]])
def test_a_broken_pdf_is_refused(data: bytes) -> None:
    with pytest.raises(Problem) as refused:
        check_pdf(data, 10)
    assert refused.value.status_code == 422


def test_photos_and_pdfs_of_a_document_download_as_one_pdf() -> None:
    photo = normalise_sync(images.encode(images.page_photo((1200, 1600)), "JPEG"), "jpeg", BUDGET)
    combined = assemble([(photo.mime, photo.data), ("application/pdf", images.pdf_document(2))])
    reader = PdfReader(io.BytesIO(combined))
    assert len(reader.pages) == 3
    # The photo is embedded as the stored JPEG, not re-encoded.
    assert photo.data in combined
