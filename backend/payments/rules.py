"""Creating and starting payment attempts: at most one pending attempt per fee.

A domain that charges a fee calls `create_payment(...)` and later reacts to "paid" through
`settlement.on_paid`. The citizen starts (or restarts) the attempt; an unexpired pending attempt
is reused, an expired one is first settled through the gateway's query, then replaced.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from backend import clock
from backend.db import write_transaction
from backend.errors import Problem
from backend.payments.provider import GatewayUnavailable, PaymentOrder, PaymentProvider
from backend.payments.reconcile import reconcile_one
from backend.payments.tables import PENDING, Payment
from i18n.formatting import VIETNAM

CLOSED_BY_SUBJECT = "subject"  # settled_by of an attempt its domain closed


def new_reference(now: datetime) -> str:
    """vnp_TxnRef: date in Vietnam time + 10 random hex digits (unique; no personal data)."""
    return now.astimezone(VIETNAM).strftime("%y%m%d") + secrets.token_hex(5).upper()


def subject_key(kind: str, subject_id: int) -> str:
    return f"{kind}:{subject_id}"


async def _pending_for(kind: str, subject_id: int) -> dict[str, Any] | None:
    return await Payment.select().where(Payment.open_subject == subject_key(kind, subject_id)).first()


async def create_payment(
    *, owner_id: int, subject_kind: str, subject_id: int, amount_vnd: int, description: str
) -> dict[str, Any]:
    """The pending attempt for this fee: the existing one when its amount is the same; otherwise
    the old one is superseded and a new one created. A fee already paid is refused (409)."""
    if amount_vnd <= 0:
        raise Problem(422, "payment_amount_invalid")
    paid = await Payment.exists().where(
        (Payment.subject_kind == subject_kind)
        & (Payment.subject_id == subject_id)
        & (Payment.status == "paid")
    )
    if paid:
        raise Problem(409, "payment_already_paid")
    key = subject_key(subject_kind, subject_id)
    async with write_transaction():
        current = await Payment.select().where(Payment.open_subject == key).first()
        if current is not None and current["amount_vnd"] == amount_vnd and current["owner_id"] == owner_id:
            return current
        if current is not None:
            await Payment.update(
                {Payment.status: "superseded", Payment.open_subject: None, Payment.settled_by: "citizen"}
            ).where((Payment.id == current["id"]) & (Payment.status == PENDING))
        now = clock.now()
        rows = await Payment.insert(
            Payment(
                reference=new_reference(now),
                owner_id=owner_id,
                subject_kind=subject_kind,
                subject_id=subject_id,
                open_subject=key,
                amount_vnd=amount_vnd,
                description=description[:200],
            )
        ).returning(Payment.id)
    created = await Payment.select().where(Payment.id == rows[0]["id"]).first()
    assert created is not None
    return created


async def close_pending(subject_kind: str, subject_id: int) -> bool:
    """The domain no longer wants this fee (dossier withdrawn or refused): its pending attempt is
    cancelled and cannot be restarted; a success the gateway reports for it later is flagged
    for a refund (anomalies.py). True when an attempt was closed."""
    closed = (
        await Payment.update(
            {Payment.status: "cancelled", Payment.open_subject: None, Payment.settled_by: CLOSED_BY_SUBJECT}
        )
        .where((Payment.open_subject == subject_key(subject_kind, subject_id)) & (Payment.status == PENDING))
        .returning(Payment.id)
    )
    return bool(closed)


async def owned_payment(reference: str, owner_id: int) -> dict[str, Any]:
    """The citizen's own payment; anyone else's (or none) answers 404."""
    row = (
        await Payment.select()
        .where((Payment.reference == reference) & (Payment.owner_id == owner_id))
        .first()
    )
    if row is None:
        raise Problem(404, "not_found")
    return row


@dataclass(frozen=True, slots=True)
class Started:
    payment: dict[str, Any]
    redirect_url: str


async def start_payment(
    payment: dict[str, Any],
    provider: PaymentProvider,
    *,
    ttl: timedelta,
    return_url: str,
    client_ip: str,
    locale: str,
    now: datetime | None = None,
) -> Started:
    """Send the citizen to the gateway for this fee, reusing or replacing the attempt."""
    now = now or clock.now()
    if payment["status"] == "paid":
        raise Problem(409, "payment_already_paid")
    if payment["status"] == PENDING and payment["expires_at"] is not None and payment["expires_at"] <= now:
        try:
            await reconcile_one(payment, provider, now=now, force=True)
        except GatewayUnavailable:
            raise Problem(503, "payment_gateway_unavailable") from None
        payment = await owned_payment(payment["reference"], payment["owner_id"])
        if payment["status"] == "paid":
            raise Problem(409, "payment_already_paid")
    if payment["status"] != PENDING:
        if await Payment.exists().where(
            (Payment.subject_kind == payment["subject_kind"])
            & (Payment.subject_id == payment["subject_id"])
            & (Payment.settled_by == CLOSED_BY_SUBJECT)
        ):
            raise Problem(409, "payment_not_due")
        current = await _pending_for(payment["subject_kind"], payment["subject_id"])
        payment = current or await create_payment(
            owner_id=payment["owner_id"],
            subject_kind=payment["subject_kind"],
            subject_id=payment["subject_id"],
            amount_vnd=payment["amount_vnd"],
            description=payment["description"],
        )
    if payment["started_at"] is None:
        await Payment.update({Payment.started_at: now, Payment.expires_at: now + ttl}).where(
            (Payment.id == payment["id"]) & Payment.started_at.is_null()
        )
        payment = await owned_payment(payment["reference"], payment["owner_id"])
    order = PaymentOrder(
        reference=payment["reference"],
        amount_vnd=payment["amount_vnd"],
        description=payment["description"],
        created_at=payment["started_at"],
        expires_at=payment["expires_at"],
        client_ip=client_ip,
        locale=locale,
    )
    return Started(payment=payment, redirect_url=provider.start_payment(order, return_url))
