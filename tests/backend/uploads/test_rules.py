"""accept_upload end to end on the test database: what is kept, and that a refusal or failure at
any step leaves nothing behind (no row, no object)."""

from __future__ import annotations

import dataclasses
import hashlib
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from backend.dossiers.tables import Dossier
from backend.errors import Problem
from backend.offices.tables import Office
from backend.procedures.tables import Procedure
from backend.settings import Settings, get_settings
from backend.uploads.rules import accept_upload, describe, document_pdf, file_of, read_content
from backend.uploads.storage import LocalStorage
from backend.uploads.tables import StoredFile
from simulators.clamd import ClamdSimulator
from tests.backend.dossiers.helpers import catalogue
from tests.backend.uploads import images
from tests.backend.uploads.conftest import s3_storage
from tests.factories import make_citizen


def settings(**changes: object) -> Settings:
    return dataclasses.replace(get_settings(), **changes)  # type: ignore[arg-type]


def stored_objects(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def photo() -> bytes:
    return images.encode(images.page_photo((1600, 1200)), "JPEG")


async def test_an_accepted_photo_is_kept_clean_under_a_generated_key(tmp_path: Path) -> None:
    citizen = (await make_citizen()).id
    stranger = (await make_citizen()).id
    storage = LocalStorage(tmp_path)
    row = await accept_upload(
        citizen,
        "cccd",
        images.jpeg_with_orientation_and_gps(),
        "CCCD Nguyễn.jpg",
        "image/jpeg",
        storage=storage,
    )
    objects = stored_objects(tmp_path)
    assert [path.relative_to(tmp_path).as_posix() for path in objects] == sorted(
        [row.storage_key, row.thumbnail_key]
    )
    assert all("CCCD" not in str(path) and "Nguy" not in str(path) for path in objects)
    content = await read_content(row, storage=storage)
    assert hashlib.sha256(content).hexdigest() == row.sha256
    assert b"Exif" not in content
    assert describe(row) | {"sha256": "-"} == {
        "id": row.id,
        "document": "cccd",
        "mime": "image/jpeg",
        "size": row.size,
        "width": 300,
        "height": 400,
        "pages": 1,
        "source": "uploaded",
        "sha256": "-",
        "warnings": ["too_small"],
    }
    again = await file_of(citizen, row.id)
    assert again.warnings == ["too_small"]
    with pytest.raises(Problem) as hidden:
        await file_of(stranger, row.id)
    assert hidden.value.status_code == 404


@pytest.mark.parametrize(
    ("data", "filename", "declared", "status"),
    [
        (images.GIF, "cat.gif", "image/gif", 415),
        (images.SVG, "logo.jpg", "image/jpeg", 415),
        (images.WINDOWS_EXE, "photo.jpg", "image/jpeg", 415),
        (images.encode(images.page_photo((300, 300)), "PNG"), "scan.jpg", "image/jpeg", 415),
        (images.truncated_jpeg(), "scan.jpg", "image/jpeg", 422),
        (images.jpeg_bomb(), "scan.jpg", "image/jpeg", 422),
    ],
)
async def test_a_refused_file_leaves_nothing_stored(
    tmp_path: Path, data: bytes, filename: str, declared: str, status: int
) -> None:
    citizen = (await make_citizen()).id
    with pytest.raises(Problem) as refused:
        await accept_upload(citizen, "cccd", data, filename, declared, storage=LocalStorage(tmp_path))
    assert refused.value.status_code == status
    assert stored_objects(tmp_path) == []
    assert await StoredFile.count() == 0


async def test_an_oversized_body_is_413(tmp_path: Path) -> None:
    citizen = (await make_citizen()).id
    with pytest.raises(Problem) as refused:
        await accept_upload(
            citizen,
            "cccd",
            photo(),
            "a.jpg",
            None,
            settings=settings(upload_max_bytes=1000),
            storage=LocalStorage(tmp_path),
        )
    assert refused.value.status_code == 413
    assert stored_objects(tmp_path) == []


@pytest.mark.parametrize(
    ("mode", "data", "status"), [("scan", images.jpeg_with_eicar(), 422), ("hang", None, 503)]
)
async def test_an_infected_file_or_a_silent_scanner_rejects_the_upload(
    tmp_path: Path, mode: str, data: bytes | None, status: int
) -> None:
    citizen = (await make_citizen()).id
    clamd = ClamdSimulator(mode)
    address = await clamd.start()
    try:
        with pytest.raises(Problem) as refused:
            await accept_upload(
                citizen,
                "cccd",
                data or photo(),
                None,
                None,
                settings=settings(clamd_address=address, clamd_timeout_s=0.5),
                storage=LocalStorage(tmp_path),
            )
    finally:
        await clamd.stop()
    assert refused.value.status_code == status
    assert clamd.streams_scanned == 1
    assert stored_objects(tmp_path) == []
    assert await StoredFile.count() == 0


async def test_a_clean_scan_accepts(tmp_path: Path) -> None:
    citizen = (await make_citizen()).id
    clamd = ClamdSimulator()
    address = await clamd.start()
    try:
        row = await accept_upload(
            citizen,
            "cccd",
            photo(),
            None,
            None,
            settings=settings(clamd_address=address),
            storage=LocalStorage(tmp_path),
        )
    finally:
        await clamd.stop()
    assert clamd.streams_scanned == 1
    assert row.id


async def dossiers_of(citizen: int, count: int) -> list[int]:
    """Bare dossier rows for `citizen` (files point at real dossiers)."""
    await catalogue()
    procedure = await Procedure.objects().first()
    office = await Office.objects().first()
    assert procedure is not None
    assert office is not None
    ids = []
    for n in range(count):
        row = Dossier(code=f"T-{citizen}-{n}", citizen=citizen, procedure=procedure.id, office=office.id)
        await row.save()
        ids.append(row.id)
    return ids


class ThumbnailFails(LocalStorage):
    async def put(self, key: str, data: bytes, content_type: str) -> None:
        if key.endswith(".thumb.jpg"):
            raise OSError("disk full")
        await super().put(key, data, content_type)


async def test_a_storage_or_database_failure_removes_what_was_already_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    citizen = (await make_citizen()).id
    with pytest.raises(OSError, match="disk full"):
        await accept_upload(citizen, "cccd", photo(), None, None, storage=ThumbnailFails(tmp_path))
    assert stored_objects(tmp_path) == []

    async def broken_save(self: StoredFile) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(StoredFile, "save", broken_save)
    with pytest.raises(RuntimeError):
        await accept_upload(citizen, "cccd", photo(), None, None, storage=LocalStorage(tmp_path))
    assert stored_objects(tmp_path) == []


async def test_pages_per_document_are_limited_per_dossier(tmp_path: Path) -> None:
    citizen = (await make_citizen()).id
    dossier_a, dossier_b = await dossiers_of(citizen, 2)
    limited = settings(upload_max_pages=3)
    storage = LocalStorage(tmp_path)
    first = await accept_upload(
        citizen,
        "giay_khai_sinh",
        photo(),
        None,
        None,
        dossier_id=dossier_a,
        settings=limited,
        storage=storage,
    )
    second = await accept_upload(
        citizen,
        "giay_khai_sinh",
        images.pdf_document(2),
        "b.pdf",
        None,
        dossier_id=dossier_a,
        settings=limited,
        storage=storage,
    )
    assert (first.position, second.position, second.page_count) == (0, 1, 2)
    with pytest.raises(Problem) as refused:
        await accept_upload(
            citizen,
            "giay_khai_sinh",
            photo(),
            None,
            None,
            dossier_id=dossier_a,
            settings=limited,
            storage=storage,
        )
    assert refused.value.code == "upload_too_many_pages"
    # The same document for another dossier starts again from zero.
    await accept_upload(
        citizen,
        "giay_khai_sinh",
        photo(),
        None,
        None,
        dossier_id=dossier_b,
        settings=limited,
        storage=storage,
    )
    assert await StoredFile.count() == 3


async def test_storage_per_citizen_is_limited(tmp_path: Path) -> None:
    citizen = (await make_citizen()).id
    stranger = (await make_citizen()).id
    storage = LocalStorage(tmp_path)
    first = await accept_upload(citizen, "cccd", photo(), None, None, storage=storage)
    tight = settings(upload_quota_bytes=first.size + 1000)
    with pytest.raises(Problem) as refused:
        await accept_upload(citizen, "ho_khau", photo(), None, None, settings=tight, storage=storage)
    assert refused.value.code == "upload_quota_exceeded"
    await accept_upload(
        stranger, "ho_khau", photo(), None, None, settings=tight, storage=storage
    )  # their own quota
    assert len(stored_objects(tmp_path)) == 4


async def test_uploads_go_to_s3_when_configured(s3_endpoint: str) -> None:
    citizen = (await make_citizen()).id
    storage = s3_storage(s3_endpoint, "motcua-uploads")
    row = await accept_upload(
        citizen, "cccd", images.heic_photo(), "IMG_0001.HEIC", "image/heic", storage=storage
    )
    assert row.mime == "image/jpeg"
    listed = storage.client.list_objects_v2(Bucket="motcua-uploads")["Contents"]
    assert sorted(item["Key"] for item in listed) == sorted([row.storage_key, row.thumbnail_key])
    head = storage.client.head_object(Bucket="motcua-uploads", Key=row.storage_key)
    assert head["ContentType"] == "image/jpeg"
    assert hashlib.sha256(await read_content(row, storage=storage)).hexdigest() == row.sha256


async def test_a_documents_pages_download_as_one_pdf_for_its_owner_only(tmp_path: Path) -> None:
    citizen, stranger = (await make_citizen()).id, (await make_citizen()).id
    storage = LocalStorage(tmp_path)
    [dossier] = await dossiers_of(citizen, 1)
    await accept_upload(citizen, "so_ho_khau", photo(), None, None, dossier_id=dossier, storage=storage)
    await accept_upload(
        citizen, "so_ho_khau", images.pdf_document(2), None, None, dossier_id=dossier, storage=storage
    )
    combined = await document_pdf(citizen, "so_ho_khau", dossier, storage=storage)
    assert len(PdfReader(io.BytesIO(combined)).pages) == 3
    with pytest.raises(Problem) as hidden:
        await document_pdf(stranger, "so_ho_khau", dossier, storage=storage)
    assert hidden.value.status_code == 404
