"""The citizen's document pages without JavaScript: a plain multipart form per required document
(CSRF token included), pages listed with thumbnails and quality warnings, a page removed, refusals
shown on the page with their status and nothing stored, one-tap reuse from the wallet, and the
wallet page by document type."""

from __future__ import annotations

import re
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.sessions import SESSION_COOKIE, open_session
from auth.tables import Citizen
from backend.uploads.pages import PAGE_BODY_LIMIT
from backend.uploads.tables import StoredFile, WalletDocument
from i18n.negotiation import LANG_COOKIE
from tests.backend.uploads import images
from tests.backend.uploads.test_dossier_files import draft, page, stored_objects
from tests.factories import make_citizen, principal_for

Client = AsyncTestClient[Litestar]


async def logged_in(client: Client, who: Citizen) -> str:
    """Opens a page session for `who` on `client`; returns the CSRF token its forms carry."""
    client.cookies.set(SESSION_COOKIE, await open_session(principal_for(who)))
    found = re.search(r'name="_csrf_token" value="([^"]+)"', (await client.get("/profile")).text)
    assert found
    return found.group(1)


async def send(
    client: Client, dossier_id: int, token: str, content: bytes, name: str = "p.jpg", kind: str = "image/jpeg"
) -> Any:
    return await client.post(
        f"/dossiers/{dossier_id}/files",
        files={"file": (name, content, kind)},
        data={"document": "id_card", "_csrf_token": token},
        follow_redirects=False,
    )


async def test_a_citizen_photographs_two_pages_and_sees_them_listed(client: Client) -> None:
    citizen = await make_citizen()
    dossier = await draft(client, citizen)
    token = await logged_in(client, citizen)
    shown = await client.get(f"/dossiers/{dossier['id']}/files")
    assert shown.status_code == 200
    assert 'accept="image/*,application/pdf" capture="environment"' in shown.text
    assert 'enctype="multipart/form-data"' in shown.text
    assert 'data-module="photo-capture"' in shown.text
    for _ in range(2):
        sent = await send(client, dossier["id"], token, page())
        assert sent.status_code == 303
        assert sent.headers["location"] == f"/dossiers/{dossier['id']}/files#doc-id_card"
    listed = await client.get(f"/dossiers/{dossier['id']}/files")
    rows = await StoredFile.select().where(StoredFile.dossier_id == dossier["id"]).order_by(StoredFile.id)
    assert len(rows) == 2
    for row in rows:
        assert f'src="/files/{row["id"]}?thumbnail=true"' in listed.text
    thumbnail = await client.get(f"/files/{rows[0]['id']}", params={"thumbnail": "true"})
    assert thumbnail.status_code == 200
    assert thumbnail.headers["content-type"].startswith("image/jpeg")
    # The dossier page links here and counts the pages.
    detail = await client.get(f"/dossiers/{dossier['id']}")
    assert f'href="/dossiers/{dossier["id"]}/files"' in detail.text
    assert "Đã có 2 tệp" in detail.text


async def test_a_dark_small_photo_is_kept_with_a_warning_and_a_retake_suggestion(client: Client) -> None:
    citizen = await make_citizen()
    dossier = await draft(client, citizen)
    token = await logged_in(client, citizen)
    dark = images.encode(images.page_photo((500, 400), colour="#101010", ink="#181818"), "JPEG")
    assert (await send(client, dossier["id"], token, dark)).status_code == 303
    client.cookies.set(LANG_COOKIE, "en")
    listed = await client.get(f"/dossiers/{dossier['id']}/files")
    assert "The photo is dark" in listed.text
    assert "The photo is small" in listed.text
    assert "You can take this page again" in listed.text


async def test_refusals_are_shown_on_the_page_with_their_status_and_nothing_is_stored(client: Client) -> None:
    citizen = await make_citizen()
    dossier = await draft(client, citizen)
    token = await logged_in(client, citizen)
    before = stored_objects()
    client.cookies.set(LANG_COOKIE, "en")
    svg = await send(client, dossier["id"], token, images.SVG, "x.svg", "image/svg+xml")
    assert svg.status_code == 415
    assert 'data-testid="upload-error"' in svg.text
    assert "This type of file is not accepted." in svg.text
    liar = await send(client, dossier["id"], token, images.encode(images.page_photo(), "PNG"), "p.jpg")
    assert liar.status_code == 415
    corrupt = await send(client, dossier["id"], token, images.truncated_jpeg())
    assert corrupt.status_code == 422
    assert 'data-testid="upload-error"' in corrupt.text
    empty = await client.post(
        f"/dossiers/{dossier['id']}/files",
        files={"file": ("", b"", "application/octet-stream")},
        data={"document": "id_card", "_csrf_token": token},
    )
    assert empty.status_code == 422
    huge = await send(client, dossier["id"], token, b"\xff\xd8\xff" + b"0" * PAGE_BODY_LIMIT)
    assert huge.status_code == 413
    assert await StoredFile.count() == 0
    assert stored_objects() == before


async def test_a_refusal_asked_for_as_json_is_a_problem_document(client: Client) -> None:
    """photo-capture.mjs asks for JSON to show the server's words next to the progress bar."""
    citizen = await make_citizen()
    dossier = await draft(client, citizen)
    token = await logged_in(client, citizen)
    refused = await client.post(
        f"/dossiers/{dossier['id']}/files",
        files={"file": ("x.gif", images.GIF, "image/gif")},
        data={"document": "id_card", "_csrf_token": token},
        headers={"Accept": "application/json", "Accept-Language": "en"},
    )
    assert refused.status_code == 415
    assert refused.json()["title"] == "This type of file is not accepted."
    accepted = await client.post(
        f"/dossiers/{dossier['id']}/files",
        files={"file": ("blob", page(), "image/jpeg")},
        data={"document": "id_card", "_csrf_token": token},
        headers={"Accept": "application/json"},
    )
    assert accepted.status_code == 201
    assert accepted.json()["document"] == "id_card"


async def test_a_form_without_the_csrf_token_is_refused(client: Client) -> None:
    citizen = await make_citizen()
    dossier = await draft(client, citizen)
    await logged_in(client, citizen)
    forged = await client.post(
        f"/dossiers/{dossier['id']}/files",
        files={"file": ("p.jpg", page(), "image/jpeg")},
        data={"document": "id_card"},
    )
    assert forged.status_code == 403
    assert await StoredFile.count() == 0


async def test_a_page_is_removed_and_its_stored_object_goes_with_it(client: Client) -> None:
    citizen = await make_citizen()
    dossier = await draft(client, citizen)
    token = await logged_in(client, citizen)
    before = stored_objects()
    await send(client, dossier["id"], token, page())
    row = await StoredFile.objects().first()
    assert row is not None
    removed = await client.post(
        f"/dossiers/{dossier['id']}/files/{row.id}/remove",
        data={"_csrf_token": token},
        follow_redirects=False,
    )
    assert removed.status_code == 303
    assert await StoredFile.count() == 0
    assert await WalletDocument.count() == 0
    assert stored_objects() == before


async def test_another_citizen_cannot_see_or_touch_the_pages(client: Client, app: Litestar) -> None:
    owner = await make_citizen()
    dossier = await draft(client, owner)
    token = await logged_in(client, owner)
    await send(client, dossier["id"], token, page())
    row = await StoredFile.objects().first()
    assert row is not None
    async with AsyncTestClient(app=app) as other:
        other_token = await logged_in(other, await make_citizen())
        assert (await other.get(f"/dossiers/{dossier['id']}/files")).status_code == 404
        assert (await other.get(f"/files/{row.id}")).status_code == 404
        assert (await send(other, dossier["id"], other_token, page())).status_code == 404
        removed = await other.post(
            f"/dossiers/{dossier['id']}/files/{row.id}/remove", data={"_csrf_token": other_token}
        )
        assert removed.status_code == 404
    assert await StoredFile.count() == 1


async def test_the_wallet_page_lists_papers_by_type_and_a_new_dossier_reuses_one_with_one_tap(
    client: Client,
) -> None:
    citizen = await make_citizen()
    first = await draft(client, citizen)
    token = await logged_in(client, citizen)
    for _ in range(2):
        await send(client, first["id"], token, page())
    client.cookies.set(LANG_COOKIE, "en")
    wallet = await client.get("/wallet")
    assert 'data-testid="wallet-id_card"' in wallet.text
    assert "Citizen identity card (both sides)" in wallet.text
    assert wallet.text.count('data-testid="wallet-file"') == 2
    second = await draft(client, citizen)
    shown = await client.get(f"/dossiers/{second['id']}/files")
    [wallet_id] = re.findall(r'name="wallet_document_id" value="(\d+)"', shown.text)
    assert f"Reuse the copy from dossier {first['code']} (2 page(s))" in shown.text
    tapped = await client.post(
        f"/dossiers/{second['id']}/documents/id_card/reuse",
        data={"wallet_document_id": wallet_id, "_csrf_token": token},
        follow_redirects=False,
    )
    assert tapped.status_code == 303
    copies = await StoredFile.select().where(StoredFile.dossier_id == second["id"])
    assert [row["source"] for row in copies] == ["reused", "reused"]
    listed = await client.get(f"/dossiers/{second['id']}/files")
    assert listed.text.count(f"Reused from dossier {first['code']}") == 2
    assert 'name="wallet_document_id"' not in listed.text  # once reused, not offered again
    # The first dossier's own paper is not offered back to it.
    assert 'name="wallet_document_id"' not in (await client.get(f"/dossiers/{first['id']}/files")).text


async def test_reuse_where_the_procedure_forbids_it_is_refused_on_the_page(client: Client) -> None:
    citizen = await make_citizen()
    first = await draft(client, citizen)
    token = await logged_in(client, citizen)
    await send(client, first["id"], token, page())
    [wallet] = await WalletDocument.select()
    second = await draft(client, citizen)
    foreign = await client.post(
        f"/dossiers/{second['id']}/documents/id_card/reuse",
        data={"wallet_document_id": str(wallet["id"] + 1000), "_csrf_token": token},
    )
    assert foreign.status_code == 404
    unknown = await client.post(
        f"/dossiers/{second['id']}/documents/passport/reuse",
        data={"wallet_document_id": str(wallet["id"]), "_csrf_token": token},
    )
    assert unknown.status_code == 422
    assert 'data-testid="upload-error"' in unknown.text
    assert await StoredFile.count().where(StoredFile.dossier_id == second["id"]) == 0
