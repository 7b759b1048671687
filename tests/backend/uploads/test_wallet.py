"""The wallet: pages accepted into a dossier are kept by document type, and a later dossier reuses
them with one call when its procedure allows it."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.tables import Citizen
from backend.uploads.tables import StoredFile
from tests.backend.uploads.test_dossier_files import draft, page
from tests.factories import auth_headers, make_citizen

Client = AsyncTestClient[Litestar]
CERTIFY_COPY = "2.000815"  # its one document, "original", may not be reused


async def with_id_card(client: Client, who: Citizen, pages: int = 2) -> dict[str, Any]:
    dossier = await draft(client, who)
    for _ in range(pages):
        sent = await client.post(
            f"/api/v1/dossiers/{dossier['id']}/files",
            headers=await auth_headers(who),
            files={"file": ("p.jpg", page(), "image/jpeg")},
            data={"document": "id_card"},
        )
        assert sent.status_code == 201, sent.text
    return dossier


async def test_accepted_pages_are_listed_in_the_wallet_by_document_type(client: Client) -> None:
    citizen = await make_citizen()
    first = await with_id_card(client, citizen)
    wallet = await client.get("/api/v1/wallet", headers=await auth_headers(citizen))
    assert wallet.status_code == 200
    [document] = wallet.json()
    assert (document["document"], document["dossier_id"], document["pages"]) == ("id_card", first["id"], 2)
    assert len(document["files"]) == 2
    other = await client.get("/api/v1/wallet", headers=await auth_headers(await make_citizen()))
    assert other.json() == []


async def test_a_new_dossier_reuses_the_id_card_with_one_call(client: Client) -> None:
    citizen = await make_citizen()
    headers = await auth_headers(citizen)
    await with_id_card(client, citizen)
    [document] = (await client.get("/api/v1/wallet", headers=headers)).json()
    second = await draft(client, citizen)
    reused = await client.post(
        f"/api/v1/dossiers/{second['id']}/documents/id_card/reuse",
        json={"wallet_document_id": document["id"]},
        headers=headers,
    )
    assert reused.status_code == 201, reused.text
    assert [row["source"] for row in reused.json()] == ["reused", "reused"]
    copies = await StoredFile.select().where(StoredFile.dossier_id == second["id"]).order_by(StoredFile.id)
    assert [row["reused_from"] for row in copies] == document["files"]
    originals = (
        await StoredFile.select().where(StoredFile.id.is_in(document["files"])).order_by(StoredFile.id)
    )
    assert [row["storage_key"] for row in copies] == [row["storage_key"] for row in originals]
    got = await client.get(f"/api/v1/files/{copies[0]['id']}", headers=headers)
    assert got.status_code == 200
    assert got.content == (await client.get(f"/api/v1/files/{document['files'][0]}", headers=headers)).content


async def test_reuse_is_refused_where_the_procedure_does_not_allow_it(client: Client) -> None:
    citizen = await make_citizen()
    headers = await auth_headers(citizen)
    await with_id_card(client, citizen, pages=1)
    [document] = (await client.get("/api/v1/wallet", headers=headers)).json()
    created = await client.post(
        "/api/v1/dossiers", json={"procedure_code": CERTIFY_COPY, "answers": {}}, headers=headers
    )
    assert created.status_code == 201, created.text
    refused = await client.post(
        f"/api/v1/dossiers/{created.json()['id']}/documents/original/reuse",
        json={"wallet_document_id": document["id"]},
        headers=headers | {"Accept-Language": "en"},
    )
    assert refused.status_code == 422
    assert refused.json()["title"].startswith("This procedure does not allow reusing")
    assert await StoredFile.count().where(StoredFile.dossier_id == created.json()["id"]) == 0


async def test_another_citizens_wallet_document_answers_404(client: Client) -> None:
    owner, thief = await make_citizen(), await make_citizen()
    await with_id_card(client, owner, pages=1)
    [document] = (await client.get("/api/v1/wallet", headers=await auth_headers(owner))).json()
    theirs = await draft(client, thief)
    refused = await client.post(
        f"/api/v1/dossiers/{theirs['id']}/documents/id_card/reuse",
        json={"wallet_document_id": document["id"]},
        headers=await auth_headers(thief),
    )
    assert refused.status_code == 404
    assert await StoredFile.count().where(StoredFile.dossier_id == theirs["id"]) == 0
