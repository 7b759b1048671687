"""POST /api/v1/dossiers/{id}/files: pages of a required document, for the dossier's owner, while
the dossier is a draft or waits for a supplement; refusals store nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.tables import Citizen
from backend.settings import get_settings
from backend.uploads.api import UPLOAD_BODY_LIMIT
from backend.uploads.tables import StoredFile
from tests.backend.dossiers.helpers import ANSWERS, LLTP, catalogue, submitted_dossier
from tests.backend.uploads import images
from tests.factories import auth_headers, make_citizen

Client = AsyncTestClient[Litestar]


async def draft(client: Client, who: Citizen) -> dict[str, Any]:
    await catalogue()
    created = await client.post(
        "/api/v1/dossiers", json={"procedure_code": LLTP, "answers": ANSWERS}, headers=await auth_headers(who)
    )
    assert created.status_code == 201, created.text
    return dict(created.json())


def page(size: tuple[int, int] = (1200, 900)) -> bytes:
    return images.encode(images.page_photo(size), "JPEG", quality=90)


def stored_objects() -> set[Path]:
    root = Path(get_settings().storage_dir)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


async def test_a_citizen_adds_two_pages_of_their_id_card_to_a_draft(client: Client) -> None:
    citizen = await make_citizen()
    headers = await auth_headers(citizen)
    dossier = await draft(client, citizen)
    ids = []
    for side in ("mat-truoc.jpg", "mat-sau.jpg"):
        sent = await client.post(
            f"/api/v1/dossiers/{dossier['id']}/files",
            headers=headers | {"Accept-Language": "en"},
            files={"file": (side, page(), "image/jpeg")},
            data={"document": "id_card"},
        )
        assert sent.status_code == 201, sent.text
        assert sent.json()["document"] == "id_card"
        assert len(sent.json()["warning_texts"]) == len(sent.json()["warnings"])
        ids.append(sent.json()["id"])
    rows = await StoredFile.select().where(StoredFile.dossier_id == dossier["id"]).order_by(StoredFile.id)
    assert [row["id"] for row in rows] == ids
    assert [row["position"] for row in rows] == [0, 1]
    got = await client.get(f"/api/v1/files/{ids[1]}", headers=headers)
    assert got.status_code == 200
    assert got.content.startswith(b"\xff\xd8")


async def test_a_small_photo_is_kept_with_a_warning(client: Client) -> None:
    citizen = await make_citizen()
    dossier = await draft(client, citizen)
    sent = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/files",
        headers=await auth_headers(citizen),
        files={"file": ("nho.jpg", page((300, 200)), "image/jpeg")},
        data={"document": "id_card"},
    )
    assert sent.status_code == 201, sent.text
    assert "too_small" in sent.json()["warnings"]
    assert sent.json()["warning_texts"][0].startswith("Ảnh")


async def test_another_citizens_dossier_answers_404_and_stores_nothing(client: Client) -> None:
    owner, stranger = await make_citizen(), await make_citizen()
    dossier = await draft(client, owner)
    sent = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/files",
        headers=await auth_headers(stranger),
        files={"file": ("a.jpg", page(), "image/jpeg")},
        data={"document": "id_card"},
    )
    assert sent.status_code == 404
    assert sent.headers["content-type"] == "application/problem+json"
    assert await StoredFile.count() == 0


async def test_an_unknown_document_is_422_and_a_submitted_dossier_is_409(client: Client) -> None:
    citizen = await make_citizen()
    headers = await auth_headers(citizen)
    dossier = await draft(client, citizen)
    unknown = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/files",
        headers=headers,
        files={"file": ("a.jpg", page(), "image/jpeg")},
        data={"document": "passport"},
    )
    assert unknown.status_code == 422
    assert unknown.json()["title"] == "Thủ tục này không yêu cầu giấy tờ đó."
    submitted = await submitted_dossier(client, citizen)
    closed = await client.post(
        f"/api/v1/dossiers/{submitted['id']}/files",
        headers=headers,
        files={"file": ("a.jpg", page(), "image/jpeg")},
        data={"document": "id_card"},
    )
    assert closed.status_code == 409
    assert await StoredFile.count() == 0


async def test_type_lies_and_oversize_leave_nothing_stored(client: Client) -> None:
    citizen = await make_citizen()
    headers = await auth_headers(citizen)
    dossier = await draft(client, citizen)
    before = stored_objects()
    png_named_jpg = images.encode(images.page_photo((400, 300)), "PNG")
    lies = [("scan.jpg", png_named_jpg, "image/jpeg"), ("anh.jpg", images.SVG, "image/jpeg")]
    for name, data, declared in lies:
        refused = await client.post(
            f"/api/v1/dossiers/{dossier['id']}/files",
            headers=headers,
            files={"file": (name, data, declared)},
            data={"document": "id_card"},
        )
        assert refused.status_code == 415, refused.text
    big = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/files",
        headers=headers,
        files={"file": ("big.jpg", b"\xff\xd8\xff" + b"\x00" * UPLOAD_BODY_LIMIT, "image/jpeg")},
        data={"document": "id_card"},
    )
    assert big.status_code == 413
    assert await StoredFile.count() == 0
    assert stored_objects() == before
