"""A scan: which booking a token or typed code names, within the scanner's reach, and what the
courier must check there. Every attempt, good or bad, leaves an audit row (ids and outcome only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from auth import audit
from auth.principal import Principal
from backend.courier import codes
from backend.courier.access import booking_for_staff
from backend.courier.tables import CustodyEvent
from backend.errors import Problem
from backend.payments.tables import Payment
from backend.settings import Settings

# Which custody step a code of each purpose opens.
STEP_FOR_PURPOSE = {"pickup": "picked_up", "delivery": "result_delivered"}


async def fee_due(dossier_id: int, fee_vnd: int) -> int:
    """The fee still to collect: nothing once a payment for the dossier is paid."""
    paid = await Payment.exists().where(
        (Payment.subject_kind == "dossier") & (Payment.subject_id == dossier_id) & (Payment.status == "paid")
    )
    return 0 if paid else int(fee_vnd)


async def last_step(booking_id: int) -> str | None:
    row = (
        await CustodyEvent.select(CustodyEvent.kind)
        .where(CustodyEvent.booking == booking_id)
        .order_by(CustodyEvent.id, ascending=False)
        .first()
    )
    return str(row["kind"]) if row else None


async def scan(
    settings: Settings,
    principal: Principal,
    token: str | None,
    short_code: str | None,
    now: datetime,
    ip: str = "",
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(code row, booking row) for a usable code within reach, or the Problem that says why not.
    No code at all is refused before anything is looked up or audited."""
    if not (token or short_code):
        raise Problem(422, "pickup_code_required")
    via = "qr" if token else "typed"
    booking_id: int | None = None
    try:
        code = await codes.find(settings, token, short_code)
        booking = await booking_for_staff(principal, int(code["booking"]))
        booking_id = int(booking["id"])
        codes.check_usable(code, now)
    except Problem as problem:
        await audit.record(
            "pickup_code_scan",
            actor=principal,
            target_kind="booking" if booking_id else "",
            target_id=booking_id,
            ip=ip,
            outcome=problem.code,
            via=via,
        )
        raise
    await audit.record(
        "pickup_code_scan",
        actor=principal,
        target_kind="booking",
        target_id=booking_id,
        ip=ip,
        outcome="ok",
        via=via,
        purpose=str(code["purpose"]),
    )
    return code, booking
