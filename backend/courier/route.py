"""What a courier sees: the card of one booking, and the day's route for their unit."""

from __future__ import annotations

from datetime import date
from typing import Any

from auth.principal import Principal
from backend.courier.access import COLUMNS, reachable_by
from backend.courier.handoffs import next_step
from backend.courier.scan import fee_due, last_step
from backend.courier.schemas import BookingCard, documents
from backend.scheduling.tables import Booking


async def card(row: dict[str, Any], locale: str, purpose: str | None = None) -> BookingCard:
    last = await last_step(int(row["id"]))
    return BookingCard(
        booking_id=int(row["id"]),
        kind=row["kind"],
        status=row["status"],
        citizen_name=row["citizen_name"],
        contact_phone=row["contact_phone"],
        address=row["address"],
        ward=row["ward"],
        dossier_id=int(row["dossier"]),
        dossier_code=row["dossier_code"],
        day=row["day"],
        starts=row["starts"],
        ends=row["ends"],
        documents=documents(row, locale),
        fee_vnd=await fee_due(int(row["dossier"]), int(row["fee_vnd"])),
        returns_result=bool(row["returns_result"]),
        last_step=last,
        next_step=next_step(last, bool(row["returns_result"])) if row["status"] != "cancelled" else None,
        purpose=purpose,
    )


async def today(principal: Principal, day: date, locale: str) -> list[BookingCard]:
    """Pickups booked for `day`, plus every open errand of earlier days (papers to bring to the
    office, results to collect or deliver), in route order: by ward, then window start."""
    due_today = (Booking.slot.day == day) & (Booking.status == "booked")
    carried = Booking.status == "picked_up"
    rows = (
        await Booking.select(*COLUMNS)
        .where(reachable_by(principal) & (due_today | carried))
        .output(load_json=True)
    )
    rows.sort(key=lambda r: (r["ward"], r["starts"], r["day"], r["id"]))
    ready = {int(r["id"]) for r in rows if r["dossier_status"] == "result_ready"}
    cards = [await card(row, locale) for row in rows]
    # A result cannot be collected before the office has it: no errand until then.
    return [
        c
        for c in cards
        if c.next_step is not None and (c.next_step != "result_collected" or c.booking_id in ready)
    ]
