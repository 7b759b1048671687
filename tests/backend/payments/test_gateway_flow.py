"""Paying through the VNPay simulator: the adapter's real URLs, signatures and callbacks."""

import asyncio
from urllib.parse import urlencode, urlsplit

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

import simulators.vnpay as sim
from backend.payments import settlement
from backend.payments.settlement import PaidPayment
from backend.payments.tables import Payment
from notifications.tables import OutboxMessage
from tests.backend.payments.gateway_flow import pay_at_gateway, start, use_page_session
from tests.backend.payments.signing import gateway_sign, ipn_params
from tests.factories import auth_headers, make_citizen, make_payment

Client = AsyncTestClient[Litestar]


async def _row(reference: str) -> dict:
    row = await Payment.select().where(Payment.reference == reference).first()
    assert row is not None
    return row


async def test_paying_end_to_end_shows_paid_and_gives_a_receipt(client: Client) -> None:
    citizen = await make_citizen(full_name="Lê Thị Hồng")
    payment = await make_payment(citizen, amount_vnd=200_000)
    started = await start(client, citizen, payment["reference"])
    assert started["payment_url"].startswith("http://127.0.0.1:8000/_sim/vnpay/paymentv2/vpcpay.html?")
    gateway_page = await client.get(started["payment_url"])
    assert "200.000 VND" in gateway_page.text

    result = await pay_at_gateway(client, started["payment_url"])
    assert result.status_code == 200
    assert 'data-state="paid"' in result.text
    assert "Đã thanh toán" in result.text
    row = await _row(payment["reference"])
    assert (row["status"], row["settled_by"]) == ("paid", "ipn")

    await use_page_session(client, citizen)
    receipt = await client.get(f"/payments/{payment['reference']}/receipt")
    assert receipt.status_code == 200
    assert "Lê Thị Hồng" in receipt.text
    assert "200.000 ₫" in receipt.text
    pdf = await client.get(f"/payments/{payment['reference']}/receipt.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


async def test_someone_elses_payment_answers_404_everywhere(client: Client) -> None:
    owner, stranger = await make_citizen(), await make_citizen()
    payment = await make_payment(owner)
    await client.get("/api/v1/payments/vnpay/ipn", params=ipn_params(payment))
    ref = payment["reference"]
    headers = await auth_headers(stranger)
    assert (await client.get(f"/api/v1/payments/{ref}", headers=headers)).status_code == 404
    assert (await client.post(f"/api/v1/payments/{ref}/start", headers=headers)).status_code == 404
    await use_page_session(client, stranger)
    for path in (f"/payments/{ref}", f"/payments/{ref}/receipt", f"/payments/{ref}/receipt.pdf"):
        assert (await client.get(path)).status_code == 404
    await use_page_session(client, owner)
    assert (await client.get(f"/payments/{ref}/receipt")).status_code == 200


async def test_an_unpaid_fee_has_no_receipt(client: Client) -> None:
    citizen = await make_citizen()
    payment = await make_payment(citizen)
    await use_page_session(client, citizen)
    assert (await client.get(f"/payments/{payment['reference']}/receipt")).status_code == 404
    page = await client.get(f"/payments/{payment['reference']}")
    assert 'data-testid="pay"' in page.text


async def test_starting_twice_reuses_the_pending_attempt(client: Client) -> None:
    citizen = await make_citizen()
    payment = await make_payment(citizen)
    first = await start(client, citizen, payment["reference"])
    second = await start(client, citizen, payment["reference"])
    assert first["payment_url"] == second["payment_url"]
    assert await Payment.count() == 1


async def test_cancel_then_insufficient_funds_then_pay_again(client: Client) -> None:
    citizen = await make_citizen()
    payment = await make_payment(citizen)
    cancelled = await pay_at_gateway(
        client, (await start(client, citizen, payment["reference"]))["payment_url"], "cancel"
    )
    assert 'data-state="cancelled"' in cancelled.text
    assert (await _row(payment["reference"]))["status"] == "cancelled"

    retry = await start(client, citizen, payment["reference"])
    assert retry["payment"]["reference"] != payment["reference"]
    declined = await pay_at_gateway(client, retry["payment_url"], "insufficient")
    assert 'data-state="failed"' in declined.text

    third = await start(client, citizen, retry["payment"]["reference"])
    paid = await pay_at_gateway(client, third["payment_url"])
    assert 'data-state="paid"' in paid.text
    statuses = sorted(row["status"] for row in await Payment.select(Payment.status))
    assert statuses == ["cancelled", "failed", "paid"]
    again = await client.post(
        f"/api/v1/payments/{payment['reference']}/start", headers=await auth_headers(citizen)
    )
    assert again.status_code == 409


async def test_the_gateway_refuses_a_tampered_payment_url(client: Client) -> None:
    citizen = await make_citizen()
    payment = await make_payment(citizen, amount_vnd=200_000)
    url = (await start(client, citizen, payment["reference"]))["payment_url"]
    tampered = url.replace("vnp_Amount=20000000", "vnp_Amount=100")
    page = await client.get(tampered)
    assert page.status_code == 400
    assert "sim-error" in page.text
    assert payment["reference"] not in sim.TRANSACTIONS


async def test_a_forged_return_url_changes_nothing(client: Client) -> None:
    citizen = await make_citizen()
    payment = await make_payment(citizen)
    await start(client, citizen, payment["reference"])
    forged = {**ipn_params(payment), "vnp_SecureHash": "0" * 128}
    page = await client.get(f"/payments/vnpay/return?{urlencode(forged)}")
    assert page.status_code == 400
    assert 'data-state="invalid"' in page.text
    # Even a correctly signed "success" return only shows our record: still waiting for the IPN.
    genuine = await client.get(f"/payments/vnpay/return?{urlencode(ipn_params(payment))}")
    assert 'data-state="confirming"' in genuine.text
    assert (await _row(payment["reference"]))["status"] == "pending"
    assert await OutboxMessage.count() == 0


async def test_reconciliation_settles_a_payment_whose_ipn_never_came(client: Client, app: Litestar) -> None:
    from backend.payments.gateway import provider_for
    from backend.payments.reconcile import reconcile_due

    citizen = await make_citizen()
    lost, abandoned, untouched = [await make_payment(citizen) for _ in range(3)]
    result = await pay_at_gateway(
        client, (await start(client, citizen, lost["reference"]))["payment_url"], lose_ipn=True
    )
    assert 'data-state="confirming"' in result.text
    opened = (await start(client, citizen, abandoned["reference"]))["payment_url"]
    assert (await client.get(opened)).status_code == 200  # opened at the gateway, never paid
    await start(client, citizen, untouched["reference"])  # never reached the gateway
    assert (await _row(lost["reference"]))["status"] == "pending"

    provider = provider_for(app.state.settings, app.state.http_client)
    expiry = (await _row(lost["reference"]))["expires_at"]
    counts = await reconcile_due(provider, now=expiry + settlement_grace())
    assert counts == {"paid": 1, "expired": 2}
    paid = await _row(lost["reference"])
    assert (paid["status"], paid["settled_by"]) == ("paid", "reconciliation")
    assert paid["gateway_transaction_no"] == sim.TRANSACTIONS[lost["reference"]].transaction_no
    assert (await _row(abandoned["reference"]))["status"] == "expired"
    assert (await _row(untouched["reference"]))["status"] == "expired"
    assert await OutboxMessage.count().where(OutboxMessage.channel == "inbox") == 1  # told once
    assert await reconcile_due(provider, now=expiry + settlement_grace()) == {}


def settlement_grace():  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from backend.payments.reconcile import STILL_PROCESSING_GRACE

    return STILL_PROCESSING_GRACE + timedelta(minutes=1)


async def test_the_gateway_retries_the_ipn_until_we_confirm(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sim, "IPN_RETRY_DELAYS", [0.05] * 5)
    citizen = await make_citizen()
    payment = await make_payment(citizen)
    failures = [RuntimeError("database hiccup")]

    async def flaky(event: PaidPayment) -> None:
        if failures:
            raise failures.pop()

    settlement.on_paid(flaky)
    try:
        result = await pay_at_gateway(
            client, (await start(client, citizen, payment["reference"]))["payment_url"]
        )
        assert 'data-state="confirming"' in result.text  # the first IPN was answered 99
        for _ in range(200):
            if (await _row(payment["reference"]))["status"] == "paid":
                break
            await asyncio.sleep(0.05)
    finally:
        settlement.ON_PAID.remove(flaky)
    assert (await _row(payment["reference"]))["status"] == "paid"
    assert sim.TRANSACTIONS[payment["reference"]].ipn_answers[:2] == ["99", "00"]


async def test_a_signed_return_for_another_merchant_is_invalid(client: Client) -> None:
    payment = await make_payment(await make_citizen())
    other = gateway_sign(
        {k: v for k, v in ipn_params(payment, vnp_TmnCode="OTHERTMN").items() if k != "vnp_SecureHash"}
    )
    page = await client.get(f"/payments/vnpay/return?{urlencode(other)}")
    assert 'data-state="invalid"' in page.text
    assert urlsplit(str(page.url)).path == "/payments/vnpay/return"
