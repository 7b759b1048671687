"""The IPN: only a verified, matching notification pays, and it pays once."""

import asyncio
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.payments import settlement
from backend.payments.settlement import PaidPayment
from backend.payments.tables import Payment, PaymentCallback
from notifications.tables import OutboxMessage
from tests.backend.payments.signing import ipn_params
from tests.factories import make_citizen, make_payment

IPN = "/api/v1/payments/vnpay/ipn"


async def _status(reference: str) -> str:
    row = await Payment.select(Payment.status).where(Payment.reference == reference).first()
    assert row is not None
    return str(row["status"])


async def _codes() -> list[str]:
    rows = await PaymentCallback.select(PaymentCallback.result_code).order_by(PaymentCallback.id)
    return [row["result_code"] for row in rows]


async def test_a_valid_ipn_pays_and_tells_the_citizen(client: AsyncTestClient[Litestar]) -> None:
    citizen = await make_citizen()
    payment = await make_payment(citizen, amount_vnd=200_000)
    response = await client.get(IPN, params=ipn_params(payment))
    assert response.status_code == 200
    assert response.json() == {"RspCode": "00", "Message": "Confirm Success"}
    row = await Payment.select().where(Payment.id == payment["id"]).first()
    assert row is not None
    assert (row["status"], row["gateway_transaction_no"], row["bank_code"]) == ("paid", "14000001", "NCB")
    assert row["open_subject"] is None
    messages = await OutboxMessage.select().where(OutboxMessage.recipient_id == citizen.id)
    # Inbox always; SMS because this citizen has no push device.
    assert sorted((m["event"], m["channel"]) for m in messages) == [
        ("payment.confirmed", "inbox"),
        ("payment.confirmed", "sms"),
    ]
    assert await _codes() == ["00"]


async def test_a_bad_signature_answers_97_and_changes_nothing(client: AsyncTestClient[Litestar]) -> None:
    payment = await make_payment(await make_citizen())
    forged = {**ipn_params(payment), "vnp_SecureHash": "ab" * 64}
    assert (await client.get(IPN, params=forged)).json()["RspCode"] == "97"
    tampered = {**ipn_params(payment), "vnp_ResponseCode": "00", "vnp_Amount": "100"}
    tampered["vnp_TxnRef"] = payment["reference"]
    assert (await client.get(IPN, params={**tampered, "vnp_TransactionNo": "1"})).json()["RspCode"] == "97"
    assert await _status(payment["reference"]) == "pending"
    assert await OutboxMessage.count() == 0
    callbacks = await PaymentCallback.select().order_by(PaymentCallback.id).output(load_json=True)
    assert [c["result_code"] for c in callbacks] == ["97", "97"]
    assert callbacks[0]["params"]["vnp_SecureHash"] == "ab" * 64  # raw parameters kept


async def test_a_wrong_amount_answers_04_and_changes_nothing(client: AsyncTestClient[Litestar]) -> None:
    payment = await make_payment(await make_citizen(), amount_vnd=200_000)
    answer = await client.get(IPN, params=ipn_params(payment, vnp_Amount="2000000"))
    assert answer.json()["RspCode"] == "04"
    not_whole = await client.get(IPN, params=ipn_params(payment, vnp_Amount="20000050"))
    assert not_whole.json()["RspCode"] == "04"
    assert await _status(payment["reference"]) == "pending"


async def test_an_unknown_reference_answers_01(client: AsyncTestClient[Litestar]) -> None:
    payment = await make_payment(await make_citizen())
    answer = await client.get(IPN, params=ipn_params(payment, vnp_TxnRef="NOSUCHREF"))
    assert answer.json() == {"RspCode": "01", "Message": "Order not found"}
    assert await _status(payment["reference"]) == "pending"


async def test_the_same_ipn_twice_pays_once_and_answers_02(client: AsyncTestClient[Litestar]) -> None:
    payment = await make_payment(await make_citizen())
    params = ipn_params(payment)
    first = (await client.get(IPN, params=params)).json()["RspCode"]
    second = (await client.get(IPN, params=params)).json()["RspCode"]
    assert (first, second) == ("00", "02")
    assert await OutboxMessage.count().where(OutboxMessage.channel == "inbox") == 1  # told once
    assert await _codes() == ["00", "02"]


async def test_two_ipns_at_once_pay_once(client: AsyncTestClient[Litestar]) -> None:
    payment = await make_payment(await make_citizen())
    paid: list[PaidPayment] = []

    async def record(event: PaidPayment) -> None:
        paid.append(event)

    settlement.on_paid(record)
    try:
        params = ipn_params(payment)
        answers = await asyncio.gather(*(client.get(IPN, params=params) for _ in range(4)))
    finally:
        settlement.ON_PAID.remove(record)
    codes = sorted(answer.json()["RspCode"] for answer in answers)
    assert codes == ["00", "02", "02", "02"]
    assert [p.reference for p in paid] == [payment["reference"]]
    assert await OutboxMessage.count().where(OutboxMessage.channel == "inbox") == 1  # told once


async def test_a_final_state_ignores_later_ipns(client: AsyncTestClient[Litestar]) -> None:
    payment = await make_payment(await make_citizen())
    cancelled = await client.get(IPN, params=ipn_params(payment, response_code="24"))
    assert cancelled.json()["RspCode"] == "00"
    assert await _status(payment["reference"]) == "cancelled"
    late_success = await client.get(IPN, params=ipn_params(payment, vnp_TransactionNo="14000002"))
    assert late_success.json()["RspCode"] == "02"
    assert await _status(payment["reference"]) == "cancelled"
    assert await OutboxMessage.count() == 0


async def test_a_failing_hook_rolls_the_payment_back_and_answers_99(
    client: AsyncTestClient[Litestar],
) -> None:
    payment = await make_payment(await make_citizen())
    calls: list[Any] = []

    async def broken(event: PaidPayment) -> None:
        calls.append(event)
        raise RuntimeError("dossier update failed")

    settlement.on_paid(broken)
    try:
        answer = await client.get(IPN, params=ipn_params(payment))
    finally:
        settlement.ON_PAID.remove(broken)
    assert answer.json()["RspCode"] == "99"
    assert len(calls) == 1
    assert await _status(payment["reference"]) == "pending"
    assert await OutboxMessage.count() == 0
    retried = await client.get(IPN, params=ipn_params(payment))
    assert retried.json()["RspCode"] == "00"
    assert await _status(payment["reference"]) == "paid"
