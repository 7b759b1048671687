"""The one way a payment leaves `pending`: a conditional UPDATE, so two callbacks at once (or
the same callback twice) settle it once. When it becomes paid, the registered `on_paid` hooks
run and the citizen's notification is queued inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend import clock
from backend.db import write_transaction
from backend.dossiers.tables import Dossier
from backend.payments.provider import GatewayResult
from backend.payments.tables import PENDING, Payment, PaymentCallback
from notifications.notify import citizen_recipient, notify

# Gateway outcome → our final status.
FINAL_STATUS = {
    "paid": "paid",
    "failed": "failed",
    "cancelled": "cancelled",
    "not_found": "expired",
    "expired": "expired",
}


@dataclass(frozen=True, slots=True)
class PaidPayment:
    """What a hook learns about a fee that has just been paid."""

    payment_id: int
    reference: str
    owner_id: int
    subject_kind: str
    subject_id: int
    amount_vnd: int
    paid_at: datetime


PaidHook = Callable[[PaidPayment], Awaitable[None]]
ON_PAID: list[PaidHook] = []


def on_paid(hook: PaidHook) -> PaidHook:
    """Register `hook` to run, inside the settling transaction, when a payment becomes paid.
    Dossiers register theirs explicitly (e.g. `on_paid(mark_fee_paid)` in their module)."""
    if hook not in ON_PAID:
        ON_PAID.append(hook)
    return hook


async def settle(
    payment_id: int,
    result: GatewayResult,
    *,
    via: str,
    callback: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> bool:
    """Move a pending payment to the status `result` implies. False when it was no longer pending
    (someone else settled it first). `callback`, when given, is recorded in the same transaction."""
    now = now or clock.now()
    status = FINAL_STATUS[result.outcome]
    values: dict[Any, Any] = {
        Payment.status: status,
        Payment.open_subject: None,
        Payment.settled_at: now,
        Payment.settled_by: via,
        Payment.response_code: result.response_code[:8],
    }
    if status == "paid":
        values.update(
            {
                Payment.paid_at: now,
                Payment.gateway_transaction_no: result.transaction_no,
                Payment.bank_code: result.bank_code,
            }
        )
    async with write_transaction():
        rows = (
            await Payment.update(values)
            .where((Payment.id == payment_id) & (Payment.status == PENDING))
            .returning(*Payment._meta.columns)
        )
        if callback is not None:
            await PaymentCallback.insert(PaymentCallback(**callback, result_code="00" if rows else "02"))
        if rows and status == "paid":
            await _announce_paid(rows[0], now)
    return bool(rows)


async def _announce_paid(row: dict[str, Any], now: datetime) -> None:
    paid = PaidPayment(
        payment_id=row["id"],
        reference=row["reference"],
        owner_id=row["owner_id"],
        subject_kind=row["subject_kind"],
        subject_id=row["subject_id"],
        amount_vnd=row["amount_vnd"],
        paid_at=now,
    )
    for hook in ON_PAID:
        await hook(paid)
    # Through the notification events (inbox, push, SMS as the citizen's devices and choices
    # say), in the paying transaction. The dossier's code names the fee when there is one.
    citizen = await citizen_recipient(paid.owner_id)
    code = paid.reference
    if paid.subject_kind == "dossier":
        dossier = await Dossier.select(Dossier.code).where(Dossier.id == paid.subject_id).first()
        code = dossier["code"] if dossier else code
    await notify(
        "payment.confirmed",
        citizen,
        {"code": code, "amount": paid.amount_vnd},
        f"/payments/{paid.reference}",
        discriminator=paid.reference,
    )
