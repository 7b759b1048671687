"""Which bookings a caller may see: a citizen their own, staff those of their office (the
one-stop office that handles the dossier). Anything else is 404, like the dossiers."""

from __future__ import annotations

from typing import Any

from auth.principal import Principal
from backend.errors import Problem
from backend.scheduling.tables import Booking

LIVE = ("booked", "checked_in", "picked_up")

COLUMNS: tuple[Any, ...] = (
    *Booking.all_columns(),
    Booking.slot.day.as_alias("day"),
    Booking.slot.window.as_alias("window_id"),
    Booking.slot._.window._.starts.as_alias("starts"),
    Booking.slot._.window._.ends.as_alias("ends"),
    Booking.dossier.code.as_alias("dossier_code"),
    Booking.dossier.status.as_alias("dossier_status"),
    Booking.office.code.as_alias("office_code"),
    Booking.office.name_vi.as_alias("office_name_vi"),
    Booking.office.name_en.as_alias("office_name_en"),
    Booking.office.address.as_alias("office_address"),
    Booking.unit.code.as_alias("unit_code"),
    Booking.unit.name_vi.as_alias("unit_name_vi"),
    Booking.unit.name_en.as_alias("unit_name_en"),
)


def visible_to(principal: Principal) -> Any:
    if principal.kind == "citizen":
        return Booking.citizen == principal.id
    if principal.office_id is not None:
        return Booking.office == principal.office_id
    return Booking.id == -1


async def live_booking(principal: Principal, dossier_id: int) -> dict[str, Any] | None:
    """The dossier's live booking (booked, checked in, picked up), if the caller may see it."""
    return await (
        Booking.select(*COLUMNS)
        .where((Booking.dossier == dossier_id) & Booking.status.is_in(list(LIVE)) & visible_to(principal))
        .order_by(Booking.id, ascending=False)
        .first()
    )


async def booking_for(principal: Principal, booking_id: int) -> dict[str, Any]:
    row = await Booking.select(*COLUMNS).where((Booking.id == booking_id) & visible_to(principal)).first()
    if row is None:
        raise Problem(404, "booking_not_found")
    return row
