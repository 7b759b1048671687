"""The IPN (server-to-server notification): the only callback that changes money state.

Answers are VNPay's: 00 confirmed, 01 order not found, 02 already confirmed, 04 invalid amount,
97 invalid signature, 99 unknown error. Every call is recorded with its raw parameters and our
answer. The gateway retries until it reads 00 or 02.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import structlog

from backend.payments.anomalies import flag_refund, takes_unexpected_money
from backend.payments.provider import PaymentProvider, SignatureError
from backend.payments.settlement import settle
from backend.payments.tables import PENDING, Payment, PaymentCallback

log = structlog.get_logger("motcua.payments")

MESSAGES = {
    "00": "Confirm Success",
    "01": "Order not found",
    "02": "Order already confirmed",
    "04": "invalid amount",
    "97": "Invalid signature",
    "99": "Unknown error",
}


async def _decide(
    params: Mapping[str, str], provider: PaymentProvider, now: datetime | None
) -> tuple[str, int | None]:
    try:
        result = provider.verify_callback(params)
    except SignatureError:
        return "97", None
    payment = (
        await Payment.select(
            Payment.id,
            Payment.amount_vnd,
            Payment.status,
            Payment.gateway_transaction_no,
            Payment.subject_kind,
            Payment.subject_id,
        )
        .where(Payment.reference == result.reference)
        .first()
    )
    if payment is None:
        return "01", None
    structlog.contextvars.bind_contextvars(payment_id=payment["id"])
    if payment["subject_kind"] in ("dossier", "booking"):
        structlog.contextvars.bind_contextvars(**{f"{payment['subject_kind']}_id": payment["subject_id"]})
    if result.amount_vnd != payment["amount_vnd"] or result.currency not in (None, "VND"):
        return "04", payment["id"]
    if takes_unexpected_money(payment, result):
        await flag_refund(payment, params, result)  # still 02: retrying would not help
        return "02", -1
    if payment["status"] != PENDING:
        return "02", payment["id"]
    callback = {
        "payment": payment["id"],
        "kind": "ipn",
        "reference": result.reference,
        "params": dict(params),
    }
    settled = await settle(payment["id"], result, via="ipn", callback=callback, now=now)
    return ("00" if settled else "02"), -1  # -1: recorded inside the settling transaction


async def handle_ipn(
    params: Mapping[str, str], provider: PaymentProvider, now: datetime | None = None
) -> dict[str, str]:
    raw: dict[str, Any] = dict(params)
    try:
        code, payment_id = await _decide(params, provider, now)
    except Exception as exc:  # answer 99 so the gateway retries; the transaction rolled back
        log.error("ipn failed", error_type=type(exc).__name__, exc_info=exc)
        code, payment_id = "99", None
    if payment_id != -1:
        await PaymentCallback.insert(
            PaymentCallback(
                payment=payment_id,
                kind="ipn",
                reference=str(raw.get("vnp_TxnRef", ""))[:100],
                params=raw,
                result_code=code,
            )
        )
    # payment_id (and dossier_id) are bound to the log context once the payment is found.
    log.info("ipn", result_code=code)
    return {"RspCode": code, "Message": MESSAGES[code]}
