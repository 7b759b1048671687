"""Who reaches which booking: the citizen who made it; a courier of the postal unit that serves
it (postal pickup); staff of the office for a home appointment. Anything else is 404."""

from __future__ import annotations

from typing import Any

from auth.principal import Principal
from backend.errors import Problem
from backend.scheduling.tables import Booking

CODE_KINDS = ("postal_pickup", "home_appointment")
VISITING_ROLES = frozenset({"officer", "supervisor"})

COLUMNS: tuple[Any, ...] = (
    *Booking.all_columns(),
    Booking.slot.day.as_alias("day"),
    Booking.slot.window.starts.as_alias("starts"),  # type: ignore[union-attr]
    Booking.slot.window.ends.as_alias("ends"),  # type: ignore[union-attr]
    Booking.dossier.code.as_alias("dossier_code"),
    Booking.dossier.status.as_alias("dossier_status"),
    Booking.dossier.version.as_alias("dossier_version"),
    Booking.dossier.fee_vnd.as_alias("fee_vnd"),
    Booking.dossier.procedure.documents.as_alias("documents"),  # type: ignore[union-attr]
    Booking.citizen.full_name.as_alias("citizen_name"),
    Booking.citizen.locale.as_alias("citizen_locale"),
)


def reachable_by(principal: Principal) -> Any:
    """The bookings `principal` may scan and hand off (as a where clause)."""
    office = principal.office_id if principal.office_id is not None else -1
    if principal.kind == "staff" and principal.role == "courier":
        return (Booking.kind == "postal_pickup") & (Booking.unit == office)
    if principal.kind == "staff" and principal.role in VISITING_ROLES:
        return (Booking.kind == "home_appointment") & (Booking.office == office)
    return Booking.id == -1


async def booking_for_staff(principal: Principal, booking_id: int) -> dict[str, Any]:
    row = (
        await Booking.select(*COLUMNS)
        .where((Booking.id == booking_id) & reachable_by(principal))
        .first()
        .output(load_json=True)
    )
    if row is None:
        raise Problem(404, "courier_booking_not_found")
    return row


async def booking_for_citizen(principal: Principal, booking_id: int) -> dict[str, Any]:
    row = (
        await Booking.select(*COLUMNS)
        .where(
            (Booking.id == booking_id)
            & (Booking.citizen == (principal.id if principal.kind == "citizen" else -1))
            & Booking.kind.is_in(list(CODE_KINDS))
        )
        .first()
        .output(load_json=True)
    )
    if row is None:
        raise Problem(404, "courier_booking_not_found")
    return row
