"""Money the gateway took that no fee is waiting for: a refund to make by hand.

A verified success IPN for an attempt already final without being paid (superseded by a newer
attempt, expired, cancelled, failed), or a second, different transaction for an attempt already
paid, still answers 02 (the gateway stops retrying), but it is flagged: the payment's `refund`
becomes "needed", the callback row is marked, an audit event and a log line (ids only) are
written. Supervisors of the dossier's office see the list and record the refund once made.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import structlog

from auth.audit import record
from auth.principal import Principal
from backend.db import write_transaction
from backend.dossiers.tables import Dossier
from backend.errors import Problem
from backend.payments.provider import GatewayResult
from backend.payments.tables import Payment, PaymentCallback

log = structlog.get_logger("motcua.payments")

NEEDED = "needed"
REFUNDED = "refunded"


def takes_unexpected_money(payment: dict[str, Any], result: GatewayResult) -> bool:
    """A success for a final attempt: not paid, or paid through another transaction."""
    if result.outcome != "paid" or payment["status"] == "pending":
        return False
    return payment["status"] != "paid" or result.transaction_no != payment["gateway_transaction_no"]


async def _already_flagged(payment_id: int, transaction_no: str) -> bool:
    rows = (
        await PaymentCallback.select(PaymentCallback.params)
        .where((PaymentCallback.payment == payment_id) & PaymentCallback.needs_refund.eq(True))
        .output(load_json=True)
    )
    return any(str(row["params"].get("vnp_TransactionNo", "")) == transaction_no for row in rows)


async def flag_refund(payment: dict[str, Any], params: Mapping[str, str], result: GatewayResult) -> None:
    """Record the callback, flagged unless this very transaction was flagged before."""
    async with write_transaction():
        duplicate = await _already_flagged(payment["id"], result.transaction_no)
        await PaymentCallback.insert(
            PaymentCallback(
                payment=payment["id"],
                kind="ipn",
                reference=result.reference,
                params=dict(params),
                result_code="02",
                needs_refund=not duplicate,
            )
        )
        if duplicate:
            return
        await Payment.update({Payment.refund: NEEDED}).where(Payment.id == payment["id"])
        await record(
            "payment_needs_refund", target_kind="payment", target_id=payment["id"], status=payment["status"]
        )
    log.warning("payment needs refund", payment_id=payment["id"], status=payment["status"])


async def refunds_for(principal: Principal) -> list[dict[str, Any]]:
    """Flagged payments of dossiers of the supervisor's office, oldest first, with the dossier."""
    if principal.office_id is None:
        return []
    flagged = await (
        Payment.select()
        .where((Payment.refund != "") & (Payment.subject_kind == "dossier"))
        .order_by(Payment.id)
    )
    if not flagged:
        return []
    dossiers = await Dossier.select(Dossier.id, Dossier.code).where(
        Dossier.id.is_in([p["subject_id"] for p in flagged]) & (Dossier.office == principal.office_id)
    )
    codes = {d["id"]: d["code"] for d in dossiers}
    callbacks = await (
        PaymentCallback.select(PaymentCallback.payment, PaymentCallback.params, PaymentCallback.at)
        .where(
            PaymentCallback.payment.is_in([p["id"] for p in flagged]) & PaymentCallback.needs_refund.eq(True)
        )
        .order_by(PaymentCallback._meta.primary_key)
        .output(load_json=True)
    )
    out = []
    for payment in flagged:
        if payment["subject_id"] not in codes:
            continue
        mine = [c for c in callbacks if c["payment"] == payment["id"]]
        out.append(
            {
                **payment,
                "dossier_code": codes[payment["subject_id"]],
                "flagged_at": mine[0]["at"] if mine else None,
                "transactions": [str(c["params"].get("vnp_TransactionNo", "")) for c in mine],
            }
        )
    return out


async def mark_refunded(principal: Principal, reference: str, ip: str) -> None:
    """A supervisor records that the refund was made; another office's payment answers 404."""
    mine = [p for p in await refunds_for(principal) if p["reference"] == reference]
    if not mine:
        raise Problem(404, "not_found")
    async with write_transaction():
        done = (
            await Payment.update({Payment.refund: REFUNDED})
            .where((Payment.id == mine[0]["id"]) & (Payment.refund == NEEDED))
            .returning(Payment.id)
        )
        if not done:
            raise Problem(409, "refund_already_recorded")
        await record(
            "payment_refunded", actor=principal, target_kind="payment", target_id=mine[0]["id"], ip=ip
        )
