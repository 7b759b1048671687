"""Money the gateway took for an attempt that can no longer pay anything is flagged for a refund,
shown to the supervisors of the dossier's office, and recorded once refunded."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient
from structlog.testing import capture_logs

from auth.tables import AuditEvent
from backend.dossiers.tables import Dossier
from backend.payments.rules import create_payment
from backend.payments.tables import Payment, PaymentCallback
from tests.backend.dossiers.helpers import catalogue, citizen, officer, pay_fee, submitted_dossier
from tests.backend.payments.signing import ipn_params
from tests.logins import staff_login

Client = AsyncTestClient[Litestar]
IPN = "/api/v1/payments/vnpay/ipn"
REFUNDS = "/counter/payments/refunds"


async def _row(payment_id: int) -> dict:
    row = await Payment.select().where(Payment.id == payment_id).first()
    assert row is not None
    return row


async def _superseded_dossier_payment(client: Client) -> tuple[dict, dict]:
    """A submitted dossier whose first attempt was superseded by one of another amount."""
    await catalogue()
    dossier = await submitted_dossier(client, await citizen())
    first = await Payment.select().where(Payment.open_subject == f"dossier:{dossier['id']}").first()
    assert first is not None
    await create_payment(
        owner_id=first["owner_id"],
        subject_kind="dossier",
        subject_id=dossier["id"],
        amount_vnd=first["amount_vnd"] + 5_000,
        description=first["description"],
    )
    assert (await _row(first["id"]))["status"] == "superseded"
    return dossier, first


async def test_a_success_ipn_for_a_superseded_attempt_is_flagged_for_refund(client: Client) -> None:
    dossier, old = await _superseded_dossier_payment(client)
    with capture_logs() as logs:
        answer = await client.get(IPN, params=ipn_params(old, vnp_TransactionNo="14000009"))
    assert answer.json()["RspCode"] == "02"  # the gateway stops retrying
    row = await _row(old["id"])
    assert (row["status"], row["refund"]) == ("superseded", "needed")
    callbacks = await PaymentCallback.select().where(PaymentCallback.payment == old["id"])
    assert [(c["result_code"], c["needs_refund"]) for c in callbacks] == [("02", True)]
    audit = (
        await AuditEvent.select().where(AuditEvent.action == "payment_needs_refund").output(load_json=True)
    )
    assert [(a["target_kind"], a["target_id"], a["details"]) for a in audit] == [
        ("payment", old["id"], {"status": "superseded"})
    ]
    warning = [entry for entry in logs if entry["event"] == "payment needs refund"]
    assert warning == [
        {
            "event": "payment needs refund",
            "payment_id": old["id"],
            "status": "superseded",
            "log_level": "warning",
        }
    ]
    # The same notification again is one refund, not two.
    again = await client.get(IPN, params=ipn_params(old, vnp_TransactionNo="14000009"))
    assert again.json()["RspCode"] == "02"
    flagged = await PaymentCallback.count().where(PaymentCallback.needs_refund.eq(True))
    assert flagged == 1
    assert await AuditEvent.count().where(AuditEvent.action == "payment_needs_refund") == 1
    # The dossier is not paid by it.
    stamped = await Dossier.select(Dossier.fee_paid_at).where(Dossier.id == dossier["id"]).first()
    assert stamped == {"fee_paid_at": None}


async def test_a_second_transaction_for_a_paid_fee_is_flagged_and_an_echo_is_not(client: Client) -> None:
    await catalogue()
    dossier = await submitted_dossier(client, await citizen())
    payment = await pay_fee(client, dossier["id"])
    echo = await client.get(IPN, params=ipn_params(payment))  # same transaction: the usual retry
    assert echo.json()["RspCode"] == "02"
    assert (await _row(payment["id"]))["refund"] == ""
    second = await client.get(IPN, params=ipn_params(payment, vnp_TransactionNo="14000777"))
    assert second.json()["RspCode"] == "02"
    row = await _row(payment["id"])
    assert (row["status"], row["refund"], row["gateway_transaction_no"]) == ("paid", "needed", "14000001")


async def test_failed_or_wrong_ipns_for_final_attempts_flag_nothing(client: Client) -> None:
    _, old = await _superseded_dossier_payment(client)
    declined = await client.get(IPN, params=ipn_params(old, response_code="51"))
    assert declined.json()["RspCode"] == "02"
    forged = await client.get(IPN, params={**ipn_params(old), "vnp_SecureHash": "00" * 64})
    assert forged.json()["RspCode"] == "97"
    assert (await _row(old["id"]))["refund"] == ""
    assert await PaymentCallback.count().where(PaymentCallback.needs_refund.eq(True)) == 0


async def test_supervisors_of_the_office_see_the_refund_and_record_it(client: Client) -> None:
    dossier, old = await _superseded_dossier_payment(client)
    await client.get(IPN, params=ipn_params(old, vnp_TransactionNo="14000009"))

    await staff_login(client, await officer(role="officer"))
    assert (await client.get(REFUNDS)).status_code == 403
    client.cookies.clear()

    await staff_login(client, await officer("HN-CUANAM", role="supervisor"))
    elsewhere = await client.get(REFUNDS)
    assert elsewhere.status_code == 200
    assert old["reference"] not in elsewhere.text
    assert 'data-testid="refunds-empty"' in elsewhere.text
    client.cookies.clear()

    supervisor = await officer(role="supervisor")
    token = await staff_login(client, supervisor)
    home = await client.get("/counter")
    assert 'href="/counter/payments/refunds"' in home.text
    page = await client.get(REFUNDS)
    assert f'data-reference="{old["reference"]}"' in page.text
    assert dossier["code"] in page.text
    assert "14000009" in page.text
    assert "205.000" in page.text
    done = await client.post(
        f"{REFUNDS}/{old['reference']}", data={"_csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303
    assert (await _row(old["id"]))["refund"] == "refunded"
    recorded = await AuditEvent.select().where(AuditEvent.action == "payment_refunded")
    assert [(a["actor_id"], a["target_id"]) for a in recorded] == [(supervisor.id, old["id"])]
    twice = await client.post(f"{REFUNDS}/{old['reference']}", data={"_csrf_token": token})
    assert twice.status_code == 409
    assert 'data-testid="mark-refunded"' not in (await client.get(REFUNDS)).text
