"""Reconciliation: ask the gateway about attempts still pending past their expiry and settle
them. The job engine runs `reconcile_due` every minute (payments/jobs.py); it is the only path
besides the IPN that changes a payment's status, and it too goes through the conditional `settle`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import structlog

from backend import clock
from backend.payments.provider import GatewayResult, GatewayUnavailable, PaymentProvider
from backend.payments.settlement import settle
from backend.payments.tables import PENDING, Payment

log = structlog.get_logger("motcua.payments")

# How long after vnp_ExpireDate a transaction the gateway still calls "pending" may stay so.
STILL_PROCESSING_GRACE = timedelta(hours=1)


async def reconcile_one(
    payment: dict[str, Any], provider: PaymentProvider, *, now: datetime | None = None, force: bool = False
) -> str:
    """Settle one attempt from the gateway's own record; returns its status afterwards."""
    now = now or clock.now()
    if payment["status"] != PENDING or payment["started_at"] is None:
        return str(payment["status"])
    answer = await provider.query(payment["reference"], payment["started_at"])
    if answer.outcome == "paid" and answer.amount_vnd != payment["amount_vnd"]:
        log.error("reconciliation amount mismatch", payment_id=payment["id"])
        return PENDING
    if answer.outcome == "pending":
        if not force and payment["expires_at"] + STILL_PROCESSING_GRACE > now:
            return PENDING
        answer = GatewayResult(reference=answer.reference, outcome="expired", response_code="01")
    await settle(payment["id"], answer, via="reconciliation", now=now)
    row = await Payment.select(Payment.status).where(Payment.id == payment["id"]).first()
    return str(row["status"]) if row else PENDING


async def reconcile_due(
    provider: PaymentProvider, now: datetime | None = None, limit: int = 100
) -> dict[str, int]:
    """Every pending attempt whose expiry has passed; returns how many ended in each status."""
    now = now or clock.now()
    due = (
        await Payment.select()
        .where((Payment.status == PENDING) & (Payment.expires_at < now))
        .order_by(Payment.expires_at)
        .limit(limit)
    )
    counts: dict[str, int] = {}
    for payment in due:
        try:
            status = await reconcile_one(payment, provider, now=now)
        except GatewayUnavailable as exc:
            log.warning("reconciliation query failed", payment_id=payment["id"], error=str(exc))
            status = "unreachable"
        counts[status] = counts.get(status, 0) + 1
    if due:
        log.info("reconciliation", **counts)
    return counts
