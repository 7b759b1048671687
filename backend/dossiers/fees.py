"""A dossier's fee: charged when the citizen submits, required before processing, marked paid
when the payment is.

- Submit: a dossier with a fee (`fee_vnd > 0`, from its procedure and answers) gets its payment
  attempt in the submitting transaction and the citizen is told (`payment.needed`); a free one
  skips payment.
- The rule: the office may receive an unpaid dossier, but it cannot enter `processing` (the
  officer's `start`, or a citizen's supplement after a request made at reception) until the fee
  is paid: 409 `payment_required`, nothing changed.
- Withdrawn or refused: a pending attempt is closed (cancelled, cannot be restarted).
- Paid: the payments domain calls `fee_paid` (registered with `settlement.on_paid`) inside the
  transaction that marks the payment paid; it stamps `fee_paid_at` and adds a "fee paid" event
  to the timeline, visible to the citizen.
"""

from __future__ import annotations

from typing import Any

from backend.dossiers.tables import Dossier, DossierEvent
from backend.errors import Problem
from backend.payments.rules import close_pending, create_payment
from backend.payments.settlement import PaidPayment, on_paid
from backend.payments.tables import Payment
from notifications.notify import citizen_recipient, notify

SUBJECT = "dossier"
FEE_PAID = "fee_paid"  # the timeline event's action
NOT_PAYABLE = ("draft", "withdrawn", "refused")


def fee_status(row: dict[str, Any]) -> str:
    """ "free", "paid" or "unpaid" for a dossier row."""
    if int(row["fee_vnd"]) <= 0:
        return "free"
    return "paid" if row.get("fee_paid_at") is not None else "unpaid"


def payment_description(dossier: dict[str, Any]) -> str:
    """The gateway's order text: ASCII only (VNPay refuses diacritics), no personal data."""
    return f"Le phi ho so {dossier['code']}"


def require_paid(dossier: dict[str, Any], target: str) -> None:
    """Processing waits for the fee."""
    if target == "processing" and dossier["status"] != "processing" and fee_status(dossier) == "unpaid":
        raise Problem(409, "payment_required", fee_vnd=int(dossier["fee_vnd"]))


async def charge(dossier: dict[str, Any]) -> dict[str, Any]:
    """The pending payment attempt for this dossier's fee (the existing one if there is one)."""
    return await create_payment(
        owner_id=int(dossier["citizen"]),
        subject_kind=SUBJECT,
        subject_id=int(dossier["id"]),
        amount_vnd=int(dossier["fee_vnd"]),
        description=payment_description(dossier),
    )


async def charge_at_submit(dossier: dict[str, Any]) -> None:
    """Called inside the submitting transaction: create the fee's payment and tell the citizen."""
    if fee_status(dossier) != "unpaid":
        return
    await charge(dossier)
    citizen = await citizen_recipient(int(dossier["citizen"]))
    await notify(
        "payment.needed",
        citizen,
        {"code": dossier["code"], "amount": int(dossier["fee_vnd"])},
        f"/dossiers/{dossier['id']}",
        discriminator=f"fee:{dossier['id']}",
    )


async def close_if_final(dossier: dict[str, Any], target: str) -> None:
    """Inside the transition's transaction: a withdrawn or refused dossier's unpaid fee is closed,
    so it cannot be paid any more (money taken anyway is flagged for a refund)."""
    if target in ("withdrawn", "refused"):
        await close_pending(SUBJECT, int(dossier["id"]))


async def payments_of(dossier_id: int) -> list[dict[str, Any]]:
    """Every attempt at this dossier's fee, newest first."""
    return await (
        Payment.select()
        .where((Payment.subject_kind == SUBJECT) & (Payment.subject_id == dossier_id))
        .order_by(Payment.id, ascending=False)
    )


async def fee_view(dossier: dict[str, Any]) -> dict[str, Any]:
    """What the dossier pages show about the fee: amount, status, the current attempt, receipts."""
    attempts = await payments_of(int(dossier["id"])) if int(dossier["fee_vnd"]) > 0 else []
    status = fee_status(dossier)
    return {
        "amount_vnd": int(dossier["fee_vnd"]),
        "status": status,
        "pending": next((p for p in attempts if p["status"] == "pending"), None),
        "receipts": [p for p in attempts if p["status"] == "paid"],
        "payable": status == "unpaid" and dossier["status"] not in NOT_PAYABLE,
    }


async def fee_paid(paid: PaidPayment) -> None:
    """settlement.on_paid hook: stamp the dossier and add "fee paid" to its timeline."""
    if paid.subject_kind != SUBJECT:
        return
    stamped = (
        await Dossier.update({Dossier.fee_paid_at: paid.paid_at})
        .where((Dossier.id == paid.subject_id) & Dossier.fee_paid_at.is_null())
        .returning(Dossier.id, Dossier.status)
    )
    if not stamped:
        return
    status = str(stamped[0]["status"])
    await DossierEvent.insert(
        DossierEvent(
            dossier=paid.subject_id,
            at=paid.paid_at,
            action=FEE_PAID,
            from_status=status,
            to_status=status,
            actor_kind="citizen",
            actor_id=paid.owner_id,
            note="",
            visible_to_citizen=True,
        )
    )


on_paid(fee_paid)
