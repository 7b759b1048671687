"""An office's published capacity: its windows per kind, and the wards it serves at home.

Supervisors and admins of the office manage them. A window applies on every working day; a
change of capacity applies to the days not yet past (slots already created follow it, and a
slot whose bookings already exceed a lowered capacity just takes no more).
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from auth.principal import Principal
from backend.errors import Problem
from backend.offices.tables import Office
from backend.scheduling.tables import KINDS, CapacityWindow, Slot


def _office(principal: Principal) -> int:
    if principal.office_id is None:
        raise Problem(404, "window_not_found")
    return principal.office_id


def _check(kind: str, starts: time, ends: time, capacity: int) -> None:
    if kind not in KINDS:
        raise Problem(422, "window_kind_unknown")
    if not starts < ends:
        raise Problem(422, "window_times_invalid")
    if not 1 <= capacity <= 1000:
        raise Problem(422, "window_capacity_invalid")


async def office_windows(principal: Principal) -> list[dict[str, Any]]:
    return await (
        CapacityWindow.select()
        .where(CapacityWindow.office == _office(principal))
        .order_by(CapacityWindow.kind)
        .order_by(CapacityWindow.starts)
    )


async def create_window(
    principal: Principal, kind: str, starts: time, ends: time, capacity: int
) -> dict[str, Any]:
    _check(kind, starts, ends, capacity)
    rows = await CapacityWindow.insert(
        CapacityWindow(
            office=_office(principal), kind=kind, starts=starts, ends=ends, capacity=capacity, active=True
        )
    ).returning(*CapacityWindow.all_columns())
    return rows[0]


async def window_of(principal: Principal, window_id: int) -> dict[str, Any]:
    row = (
        await CapacityWindow.select()
        .where((CapacityWindow.id == window_id) & (CapacityWindow.office == _office(principal)))
        .first()
    )
    if row is None:
        raise Problem(404, "window_not_found")
    return row


async def update_window(
    principal: Principal, window_id: int, *, capacity: int | None, active: bool | None, today: date
) -> dict[str, Any]:
    """Capacity and active flag; times and kind are fixed (bookings refer to them): publish a new
    window and retire the old one instead."""
    row = await window_of(principal, window_id)
    values: dict[Any, Any] = {}
    if capacity is not None:
        _check(row["kind"], row["starts"], row["ends"], capacity)
        values[CapacityWindow.capacity] = capacity
    if active is not None:
        values[CapacityWindow.active] = active
    if values:
        async with CapacityWindow._meta.db.transaction():
            await CapacityWindow.update(values).where(CapacityWindow.id == window_id)
            if capacity is not None:
                await Slot.update({Slot.capacity: capacity}).where(
                    (Slot.window == window_id) & (Slot.day >= today)
                )
    return await window_of(principal, window_id)


async def set_served_wards(principal: Principal, wards: list[str]) -> list[str]:
    cleaned = sorted({" ".join(w.split()) for w in wards if w.strip()})
    if any(len(w) > 100 for w in cleaned):
        raise Problem(422, "ward_name_too_long")
    await Office.update({Office.serves_wards: cleaned}).where(Office.id == _office(principal))
    return cleaned
