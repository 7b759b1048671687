"""The content decides what a file is; refusals are 415 with a message naming no file name."""

import pytest

from backend.errors import Problem
from backend.uploads.sniff import check_type
from tests.backend.uploads.images import (
    ELF,
    GIF,
    SVG,
    WINDOWS_EXE,
    encode,
    heic_photo,
    page_photo,
    pdf_document,
)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (encode(page_photo((80, 60)), "JPEG"), "jpeg"),
        (encode(page_photo((80, 60)), "PNG"), "png"),
        (encode(page_photo((80, 60)), "WEBP"), "webp"),
        (heic_photo((64, 64)), "heif"),
        (pdf_document(1), "pdf"),
    ],
)
def test_accepted_kinds_are_recognised_whatever_the_name(data: bytes, kind: str) -> None:
    assert check_type(data, "blob", "application/octet-stream") == kind
    assert check_type(data, None, None) == kind


@pytest.mark.parametrize(
    ("data", "detected"),
    [(SVG, "SVG"), (GIF, "GIF"), (ELF, "EXE"), (WINDOWS_EXE, "EXE"), (b"hello, world", "unknown")],
)
def test_refused_kinds_answer_415_even_when_named_like_a_photo(data: bytes, detected: str) -> None:
    with pytest.raises(Problem) as refused:
        check_type(data, "photo.jpg", "image/jpeg")
    assert refused.value.status_code == 415
    assert refused.value.code == "upload_unsupported_type"
    assert refused.value.extra == {"detected": detected}


@pytest.mark.parametrize(
    ("filename", "declared"), [("scan.jpg", "image/png"), ("scan.png", "image/jpeg"), (None, "image/jpeg")]
)
def test_a_png_that_claims_to_be_a_jpeg_is_refused(filename: str | None, declared: str) -> None:
    with pytest.raises(Problem) as refused:
        check_type(encode(page_photo((80, 60)), "PNG"), filename, declared)
    assert refused.value.status_code == 415
    assert refused.value.params == {"claimed": "JPEG", "actual": "PNG"}


def test_jpeg_spellings_and_heic_names_are_not_lies() -> None:
    jpeg = encode(page_photo((80, 60)), "JPEG")
    assert check_type(jpeg, "IMG_0001.JPEG", "image/jpg") == "jpeg"
    assert check_type(heic_photo((64, 64)), "IMG_0002.HEIC", "image/heic") == "heif"


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(Problem) as refused:
        check_type(b"", "a.jpg", "image/jpeg")
    assert refused.value.status_code == 422
