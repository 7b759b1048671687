"""A dossier's fee: charged at submission, free ones skip it, processing waits until the gateway
confirms it, and the citizen and the officer see where it stands."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.principal import Principal
from auth.sessions import SESSION_COOKIE, open_session
from auth.tables import Citizen
from backend.dossiers.tables import Dossier, DossierEvent
from backend.payments.provider import GatewayResult
from backend.payments.settlement import settle
from backend.payments.tables import Payment
from notifications.tables import OutboxMessage
from tests.backend.dossiers.helpers import ANSWERS, catalogue, citizen, officer, pay_fee, submitted_dossier
from tests.backend.payments.signing import ipn_params
from tests.factories import auth_headers
from tests.logins import staff_login

Client = AsyncTestClient[Litestar]
COUNTER = "/api/v1/counter/dossiers"
BIRTH = "1.001193"  # birth registration: free
BIRTH_ANSWERS: dict[str, Any] = {
    **{
        k: ANSWERS[k]
        for k in ("full_name", "date_of_birth", "sex", "id_number", "permanent_address", "phone")
    },
    "child_name": "Nguyễn Minh Khang",
    "child_date_of_birth": "01/11/2026",
    "child_sex": "male",
    "place_of_birth": "Bệnh viện Phụ sản Hà Nội",
    "mother_name": "Trần Thị Mai",
}


async def _payments(dossier_id: int) -> list[dict[str, Any]]:
    return await (
        Payment.select()
        .where((Payment.subject_kind == "dossier") & (Payment.subject_id == dossier_id))
        .order_by(Payment.id)
    )


def _csrf(html: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found, "no form on the page"
    return found.group(1)


async def _citizen_session(client: Client, who: Citizen) -> None:
    client.cookies.set(SESSION_COOKIE, await open_session(Principal("citizen", who.id)))


async def test_submitting_a_dossier_with_a_fee_creates_its_payment_and_tells_the_citizen(
    client: Client,
) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)  # criminal record, 3 copies: 205.000 ₫
    assert (dossier["fee_vnd"], dossier["fee_status"]) == (205_000, "unpaid")
    payments = await _payments(dossier["id"])
    assert [(p["status"], p["amount_vnd"], p["owner_id"]) for p in payments] == [("pending", 205_000, who.id)]
    assert dossier["code"] in payments[0]["description"]
    told = await OutboxMessage.select().where(OutboxMessage.event == "payment.needed").output(load_json=True)
    assert {m["channel"] for m in told} == {"inbox", "sms"}
    assert told[0]["payload"]["params"] == {"code": dossier["code"], "amount": 205_000}
    assert told[0]["payload"]["link"] == f"/dossiers/{dossier['id']}"
    fee = (await client.get(f"/api/v1/dossiers/{dossier['id']}/fee", headers=await auth_headers(who))).json()
    assert (fee["status"], fee["payable"], fee["pending"]["reference"]) == (
        "unpaid",
        True,
        payments[0]["reference"],
    )
    # Submitting again (a retried request) does not charge twice.
    again = await client.post(f"/api/v1/dossiers/{dossier['id']}/submit", headers=await auth_headers(who))
    assert again.status_code == 200
    assert len(await _payments(dossier["id"])) == 1


async def test_a_free_dossier_skips_payment_and_goes_straight_to_processing(client: Client) -> None:
    await catalogue()
    who = await citizen()
    headers = await auth_headers(who)
    created = await client.post(
        "/api/v1/dossiers",
        json={"procedure_code": BIRTH, "answers": BIRTH_ANSWERS, "channel": "counter"},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    submitted = (await client.post(f"/api/v1/dossiers/{created.json()['id']}/submit", headers=headers)).json()
    assert (submitted["status"], submitted["fee_vnd"], submitted["fee_status"]) == ("submitted", 0, "free")
    assert await _payments(submitted["id"]) == []
    assert await OutboxMessage.count().where(OutboxMessage.event == "payment.needed") == 0
    staff = await auth_headers(await officer("HN-CUANAM"))
    for action in ("receive", "start"):
        moved = await client.post(f"{COUNTER}/{submitted['id']}/{action}", headers=staff)
        assert moved.status_code == 200, moved.text
    assert moved.json()["status"] == "processing"
    nothing = await client.post(f"/api/v1/dossiers/{submitted['id']}/fee/start", headers=headers)
    assert nothing.status_code == 409
    assert nothing.json()["type"].endswith("payment-not-due")
    assert await _payments(submitted["id"]) == []


async def test_processing_waits_for_the_fee_and_the_paid_ipn_unblocks_it(client: Client) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)
    staff = await auth_headers(await officer())
    url = f"{COUNTER}/{dossier['id']}"
    assert (await client.post(f"{url}/receive", headers=staff)).status_code == 200  # reception is allowed
    blocked = await client.post(f"{url}/start", headers=staff)
    assert blocked.status_code == 409
    assert blocked.json()["type"].endswith("payment-required")
    assert blocked.json()["fee_vnd"] == 205_000
    row = await Dossier.select(Dossier.status, Dossier.version).where(Dossier.id == dossier["id"]).first()
    assert row is not None
    assert row["status"] == "received"
    assert await DossierEvent.count().where(DossierEvent.dossier == dossier["id"]) == 2
    officer_view = (await client.get(url, headers=staff)).json()
    assert officer_view["fee_status"] == "unpaid"
    queue = (await client.get(COUNTER, headers=staff)).json()
    assert [(d["id"], d["fee_status"], d["fee_vnd"]) for d in queue] == [(dossier["id"], "unpaid", 205_000)]

    await pay_fee(client, dossier["id"])

    assert (await client.get(url, headers=staff)).json()["fee_status"] == "paid"
    started = await client.post(f"{url}/start", headers=staff)
    assert started.status_code == 200
    assert started.json()["status"] == "processing"
    mine = (await client.get(f"/api/v1/dossiers/{dossier['id']}", headers=await auth_headers(who))).json()
    assert [e["action"] for e in mine["timeline"]] == ["submit", "receive", "fee_paid", "start"]
    fee_event = mine["timeline"][2]
    assert (fee_event["from_status"], fee_event["to_status"]) == ("received", "received")
    events = {m["event"] for m in await OutboxMessage.select(OutboxMessage.event)}
    assert "payment.confirmed" in events


async def test_a_supplement_cannot_bring_an_unpaid_dossier_into_processing(client: Client) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)
    staff = await auth_headers(await officer())
    url = f"{COUNTER}/{dossier['id']}"
    assert (await client.post(f"{url}/receive", headers=staff)).status_code == 200
    asked = await client.post(f"{url}/request_supplement", json={"note": "Thiếu ảnh CCCD"}, headers=staff)
    assert asked.status_code == 200
    mine = await auth_headers(who)
    refused = await client.post(f"/api/v1/dossiers/{dossier['id']}/supplement", headers=mine)
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("payment-required")
    await pay_fee(client, dossier["id"])
    resumed = await client.post(f"/api/v1/dossiers/{dossier['id']}/supplement", headers=mine)
    assert resumed.json()["status"] == "processing"


async def test_pay_online_reuses_the_single_pending_attempt(client: Client) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)
    await _citizen_session(client, who)
    page = await client.get(f"/dossiers/{dossier['id']}")
    token = _csrf(page.text)
    assert 'data-fee="unpaid"' in page.text
    assert "205.000" in page.text
    assert 'data-testid="pay-online"' in page.text
    first = await client.post(
        f"/dossiers/{dossier['id']}/pay", data={"_csrf_token": token}, follow_redirects=False
    )
    assert first.status_code == 303
    target = urlsplit(first.headers["location"])
    assert target.path.endswith("/paymentv2/vpcpay.html")
    reference = parse_qs(target.query)["vnp_TxnRef"][0]
    assert parse_qs(target.query)["vnp_Amount"] == ["20500000"]
    second = await client.post(
        f"/dossiers/{dossier['id']}/pay", data={"_csrf_token": token}, follow_redirects=False
    )
    assert parse_qs(urlsplit(second.headers["location"]).query)["vnp_TxnRef"] == [reference]
    over_api = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/fee/start", headers=await auth_headers(who)
    )
    assert parse_qs(urlsplit(over_api.json()["payment_url"]).query)["vnp_TxnRef"] == [reference]
    assert [p["status"] for p in await _payments(dossier["id"])] == ["pending"]
    # Someone else cannot pay (or see) it.
    stranger = await auth_headers(await citizen())
    assert (
        await client.post(f"/api/v1/dossiers/{dossier['id']}/fee/start", headers=stranger)
    ).status_code == 404
    assert (await client.get(f"/api/v1/dossiers/{dossier['id']}/fee", headers=stranger)).status_code == 404

    paid = await pay_fee(client, dossier["id"])
    assert paid["reference"] == reference
    page = await client.get(f"/dossiers/{dossier['id']}")
    assert 'data-fee="paid"' in page.text
    assert f'href="/payments/{reference}/receipt"' in page.text
    assert 'data-testid="pay-online"' not in page.text
    assert 'data-testid="fee-paid-event"' in page.text
    again = await client.post(
        f"/dossiers/{dossier['id']}/pay", data={"_csrf_token": token}, follow_redirects=False
    )
    assert again.status_code == 409
    assert "Khoản phí này đã được thanh toán" in again.text
    receipt = await client.get(f"/payments/{reference}/receipt")
    assert receipt.status_code == 200


async def test_the_counter_pages_show_paid_unpaid_and_the_amount(client: Client) -> None:
    await catalogue()
    unpaid = await submitted_dossier(client, await citizen())
    paid = await submitted_dossier(client, await citizen())
    await pay_fee(client, paid["id"])
    token = await staff_login(client, await officer())
    queue = await client.get("/counter/dossiers")
    assert queue.status_code == 200
    cells = dict(re.findall(r'href="/counter/dossiers/(\d+)".*?data-fee="(\w+)"', queue.text, re.S))
    assert cells == {str(unpaid["id"]): "unpaid", str(paid["id"]): "paid"}
    assert "205.000" in queue.text
    detail = await client.get(f"/counter/dossiers/{unpaid['id']}")
    assert 'data-fee="unpaid"' in detail.text
    await client.post(f"/counter/dossiers/{unpaid['id']}/receive", data={"_csrf_token": token})
    refused = await client.post(f"/counter/dossiers/{unpaid['id']}/start", data={"_csrf_token": token})
    assert refused.status_code == 409
    assert "Hồ sơ chưa nộp phí" in refused.text
    row = await Dossier.select(Dossier.status).where(Dossier.id == unpaid["id"]).first()
    assert row == {"status": "received"}


async def test_withdrawing_closes_the_unpaid_fee_and_money_taken_later_is_flagged(client: Client) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)
    mine = await auth_headers(who)
    [attempt] = await _payments(dossier["id"])
    withdrawn = await client.post(f"/api/v1/dossiers/{dossier['id']}/withdraw", headers=mine)
    assert withdrawn.json()["status"] == "withdrawn"
    [closed] = await _payments(dossier["id"])
    assert (closed["status"], closed["open_subject"]) == ("cancelled", None)
    restart = await client.post(f"/api/v1/payments/{attempt['reference']}/start", headers=mine)
    assert restart.status_code == 409
    assert (await client.post(f"/api/v1/dossiers/{dossier['id']}/fee/start", headers=mine)).status_code == 409
    late = await client.get("/api/v1/payments/vnpay/ipn", params=ipn_params(attempt))
    assert late.json()["RspCode"] == "02"
    [flagged] = await _payments(dossier["id"])
    assert (flagged["status"], flagged["refund"]) == ("cancelled", "needed")
    row = await Dossier.select(Dossier.fee_paid_at).where(Dossier.id == dossier["id"]).first()
    assert row == {"fee_paid_at": None}


async def test_a_fee_settled_by_reconciliation_also_unblocks_the_dossier(client: Client) -> None:
    await catalogue()
    dossier = await submitted_dossier(client, await citizen())
    [attempt] = await _payments(dossier["id"])
    result = GatewayResult(attempt["reference"], "paid", 205_000, "VND", "14000123", "NCB", "00")
    assert await settle(attempt["id"], result, via="reconciliation")
    staff = await auth_headers(await officer())
    assert (await client.post(f"{COUNTER}/{dossier['id']}/receive", headers=staff)).status_code == 200
    assert (await client.post(f"{COUNTER}/{dossier['id']}/start", headers=staff)).status_code == 200
    events = await DossierEvent.select(DossierEvent.action).where(DossierEvent.dossier == dossier["id"])
    assert [e["action"] for e in events] == ["submit", "fee_paid", "receive", "start"]
