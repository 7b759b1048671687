"""At reception the officer records which required documents were actually handed over, with
their page counts; the receipt and the counter page list them. Keys that are not the
procedure's are refused (422) and nothing changes."""

from __future__ import annotations

import re
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.dossiers.tables import Dossier, DossierEvent
from tests.backend.dossiers.helpers import catalogue, citizen, officer, pay_fee, submitted_dossier
from tests.factories import auth_headers
from tests.logins import staff_login

Client = AsyncTestClient[Litestar]
ID_CARD = "Thẻ Căn cước / Căn cước công dân (bản chụp hai mặt)"


async def _row(dossier_id: int) -> dict[str, Any]:
    row = await (
        Dossier.select(Dossier.status, Dossier.received_documents)
        .where(Dossier.id == dossier_id)
        .first()
        .output(load_json=True)
    )
    assert row is not None
    return row


async def test_the_api_stores_the_documents_received_with_reception(client: Client) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)
    staff = await auth_headers(await officer())
    base = f"/api/v1/counter/dossiers/{dossier['id']}"
    received = await client.post(
        f"{base}/receive", json={"documents": [{"key": "id_card", "pages": 2}]}, headers=staff
    )
    assert received.status_code == 200, received.text
    assert received.json()["received_documents"] == [{"key": "id_card", "name": ID_CARD, "pages": 2}]
    assert (await _row(dossier["id"]))["received_documents"] == [{"key": "id_card", "pages": 2}]
    # The citizen's API and the staff read show the same list (English names in English).
    mine = await client.get(
        f"/api/v1/dossiers/{dossier['id']}", headers={**await auth_headers(who), "Accept-Language": "en"}
    )
    assert mine.json()["received_documents"] == [
        {"key": "id_card", "name": "Citizen identity card (both sides)", "pages": 2}
    ]
    assert (await client.get(base, headers=staff)).json()["received_documents"][0]["pages"] == 2


async def test_unknown_repeated_or_unreadable_entries_are_refused_and_nothing_changes(client: Client) -> None:
    await catalogue()
    dossier = await submitted_dossier(client, await citizen())
    staff = await auth_headers(await officer())
    base = f"/api/v1/counter/dossiers/{dossier['id']}"
    for documents, code in (
        ([{"key": "birth_notice", "pages": 1}], "received-document-unknown"),  # another procedure's
        ([{"key": "id_card", "pages": 2}, {"key": "id_card", "pages": 1}], "received-document-repeated"),
        ([{"key": "id_card", "pages": 0}], "received-pages-invalid"),
    ):
        refused = await client.post(f"{base}/receive", json={"documents": documents}, headers=staff)
        assert refused.status_code == 422, refused.text
        assert refused.json()["type"].endswith(code)
    wrong_type = await client.post(
        f"{base}/receive", json={"documents": [{"key": "id_card", "pages": "two"}]}, headers=staff
    )
    assert 400 <= wrong_type.status_code < 500
    assert await _row(dossier["id"]) == {"status": "submitted", "received_documents": None}
    assert await DossierEvent.count().where(DossierEvent.action == "receive") == 0
    # Documents belong to reception only.
    assert (await client.post(f"{base}/receive", headers=staff)).status_code == 200
    await pay_fee(client, dossier["id"])  # else `start` is refused for the fee first
    late = await client.post(
        f"{base}/start", json={"documents": [{"key": "id_card", "pages": 2}]}, headers=staff
    )
    assert late.status_code == 422
    assert (await _row(dossier["id"]))["status"] == "received"


async def test_the_counter_page_checklist_records_what_the_receipt_lists(client: Client) -> None:
    await catalogue()
    dossier = await submitted_dossier(client, await citizen())
    token = await staff_login(client, await officer())
    page = await client.get(f"/counter/dossiers/{dossier['id']}")
    assert 'data-testid="received-checklist"' in page.text
    assert re.search(r'name="doc-id_card" value="1" checked', page.text)
    assert re.search(r'name="pages-id_card"[^>]*value="2"', page.text)
    bad = await client.post(
        f"/counter/dossiers/{dossier['id']}/receive",
        data={"doc-id_card": "1", "pages-id_card": "nhiều", "_csrf_token": token},
    )
    assert bad.status_code == 422
    assert "Số trang của giấy tờ" in bad.text
    assert (await _row(dossier["id"]))["status"] == "submitted"
    done = await client.post(
        f"/counter/dossiers/{dossier['id']}/receive",
        data={"doc-id_card": "1", "pages-id_card": "3", "_csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert (await _row(dossier["id"]))["received_documents"] == [{"key": "id_card", "pages": 3}]
    shown = await client.get(f"/counter/dossiers/{dossier['id']}")
    assert f"{ID_CARD}: 3 trang" in shown.text
    receipt = await client.get(f"/receipts/{dossier['id']}")
    assert f"<li>{ID_CARD}: 3 trang</li>" in receipt.text
    english = await client.get(f"/receipts/{dossier['id']}", headers={"Accept-Language": "en"})
    assert "Citizen identity card (both sides): 3 page(s)" in english.text


async def test_an_unchecked_list_says_no_papers_were_received(client: Client) -> None:
    await catalogue()
    dossier = await submitted_dossier(client, await citizen())
    token = await staff_login(client, await officer())
    done = await client.post(
        f"/counter/dossiers/{dossier['id']}/receive", data={"_csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303
    assert (await _row(dossier["id"]))["received_documents"] == []
    assert "Không nhận giấy tờ nào" in (await client.get(f"/receipts/{dossier['id']}")).text
