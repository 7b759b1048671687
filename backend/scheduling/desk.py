"""The counter's appointment desk: a day's bookings of the office, search, check-in, no-show."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from auth.phones import normalise_phone
from auth.principal import Principal
from backend.db import write_transaction
from backend.errors import Problem
from backend.scheduling.access import COLUMNS, booking_for, visible_to
from backend.scheduling.capacity import starts_at
from backend.scheduling.tables import Booking, LiveBooking
from i18n import fold
from i18n.formatting import VIETNAM

DESK_COLUMNS: tuple[Any, ...] = (
    *COLUMNS,
    Booking.citizen.full_name.as_alias("citizen_name"),
    Booking.citizen.full_name_search.as_alias("citizen_name_search"),
    Booking.citizen.id_number.as_alias("citizen_id_number"),
    Booking.dossier.applicant_phone.as_alias("applicant_phone"),
    Booking.dossier.applicant_id_number.as_alias("applicant_id_number"),
)
SHOWN = ("booked", "checked_in", "picked_up", "completed", "no_show")


def _matches(row: dict[str, Any], q: str) -> bool:
    """A dossier code, a phone number, a 12-digit ID number, or part of the name (with or
    without diacritics)."""
    text = q.strip()
    if re.fullmatch(r"\d{12}", text):
        return text in (row["citizen_id_number"], row["applicant_id_number"])
    phone = normalise_phone(text)
    if phone:
        return phone in (row["contact_phone"], row["applicant_phone"])
    if str(row["dossier_code"]).upper() == text.upper():
        return True
    folded = fold(text)
    return bool(folded) and folded in str(row["citizen_name_search"] or fold(str(row["citizen_name"])))


async def appointments(
    principal: Principal, day: date, *, kind: str | None = None, q: str | None = None
) -> list[dict[str, Any]]:
    """The office's bookings on `day`, by window start, then kind, then booking order."""
    query = Booking.select(*DESK_COLUMNS).where(
        visible_to(principal) & (Booking.slot.day == day) & Booking.status.is_in(list(SHOWN))
    )
    if kind:
        query = query.where(Booking.kind == kind)
    rows = await query
    if q and q.strip():
        rows = [row for row in rows if _matches(row, q)]
    rows.sort(key=lambda r: (r["starts"], r["kind"], r["id"]))
    return rows


async def appointment(principal: Principal, booking_id: int) -> dict[str, Any]:
    row = (
        await Booking.select(*DESK_COLUMNS).where((Booking.id == booking_id) & visible_to(principal)).first()
    )
    if row is None:
        raise Problem(404, "booking_not_found")
    return row


def grouped(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows in groups of one window and kind, in the order given."""
    groups: list[dict[str, Any]] = []
    for row in rows:
        key = (row["starts"], row["ends"], row["kind"])
        if not groups or groups[-1]["key"] != key:
            groups.append(
                {"key": key, "starts": row["starts"], "ends": row["ends"], "kind": row["kind"], "rows": []}
            )
        groups[-1]["rows"].append(row)
    return groups


async def mark(principal: Principal, booking_id: int, action: str, *, now: datetime) -> dict[str, Any]:
    """check_in: a counter appointment, on its day. no_show: once its window has started."""
    booking = await booking_for(principal, booking_id)
    if booking["status"] != "booked":
        raise Problem(409, "booking_not_changeable", status=booking["status"])
    values: dict[Any, Any] = {Booking.version: booking["version"] + 1, Booking.updated_at: now}
    if action == "check_in":
        if booking["kind"] != "counter_appointment" or booking["day"] != now.astimezone(VIETNAM).date():
            raise Problem(409, "check_in_not_today")
        values[Booking.status] = "checked_in"
    elif action == "no_show":
        if now < starts_at(booking["day"], booking["starts"]):
            raise Problem(409, "no_show_too_early")
        values[Booking.status] = "no_show"
    else:
        raise Problem(404, "not_found")
    async with write_transaction():
        done = (
            await Booking.update(values)
            .where((Booking.id == booking_id) & (Booking.version == booking["version"]))
            .returning(Booking.id)
        )
        if done and action == "no_show":
            await LiveBooking.delete().where(LiveBooking.booking == booking_id)
    if not done:
        raise Problem(409, "booking_conflict")
    return await appointment(principal, booking_id)
