"""Places in a window on a day: the slot row, taken and released with conditional updates.

The one rule that keeps a window from being over-booked lives here:

    UPDATE slot SET booked = booked + 1 WHERE id = ? AND booked < capacity

PostgreSQL locks the row for the update and re-checks `booked < capacity` on the newest version
after waiting, so of N concurrent takers of the last place exactly one gets a row back. SQLite
has one writer at a time (bookings run in IMMEDIATE transactions, `backend.db.write_transaction`). The slot
itself is created on first use with INSERT … ON CONFLICT (key) DO NOTHING, so two first bookings
of the same window and day cannot make two slots.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from backend.calendar.rules import WorkCalendar
from backend.scheduling.tables import CapacityWindow, Slot
from i18n.formatting import VIETNAM


def slot_key(window_id: int, day: date) -> str:
    return f"{window_id}:{day.isoformat()}"


def starts_at(day: date, starts: time) -> datetime:
    return datetime.combine(day, starts, tzinfo=VIETNAM)


async def slot_for(window: dict[str, Any], day: date) -> int:
    """The slot of `window` on `day`, created if it is the first booking (race-safe)."""
    key = slot_key(int(window["id"]), day)
    await Slot.insert(
        Slot(window=window["id"], day=day, capacity=window["capacity"], booked=0, key=key)
    ).on_conflict(target=Slot.key, action="DO NOTHING")
    row = await Slot.select(Slot.id).where(Slot.key == key).first()
    assert row is not None  # inserted above, or by the concurrent booking that won the insert
    return int(row["id"])


async def take(slot_id: int) -> bool:
    """Take one place; False when the slot is full. Call it last in the booking's transaction:
    PostgreSQL holds the slot's row lock from here to the commit, and every other booking of
    the same window and day waits for it."""
    rows = (
        await Slot.update({Slot.booked: Slot.booked + 1})
        .where((Slot.id == slot_id) & (Slot.booked < Slot.capacity))
        .returning(Slot.id)
    )
    return bool(rows)


async def release_place(slot_id: int) -> None:
    await Slot.update({Slot.booked: Slot.booked - 1}).where((Slot.id == slot_id) & (Slot.booked > 0))


def working_days(start: date, count: int, calendar: WorkCalendar) -> list[date]:
    """`count` working days from `start` (included when it is one)."""
    days: list[date] = []
    day = start
    while len(days) < count:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


async def free_windows(
    office_id: int,
    kind: str,
    *,
    start: date,
    days: int,
    not_before: datetime,
    calendar: WorkCalendar,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Windows of `office_id` for `kind` on the next `days` working days from `start` that start
    after `not_before` (now plus the cut-off), with how many places are left; full ones included
    with `free == 0` unless `limit` asks for the first free ones only."""
    windows = (
        await CapacityWindow.select()
        .where(
            (CapacityWindow.office == office_id)
            & (CapacityWindow.kind == kind)
            & CapacityWindow.active.eq(True)
        )
        .order_by(CapacityWindow.starts)
    )
    if not windows:
        return []
    dates = working_days(start, days, calendar)
    slots = await Slot.select(Slot.window, Slot.day, Slot.capacity, Slot.booked).where(
        Slot.window.is_in([w["id"] for w in windows]) & Slot.day.is_in(dates)
    )
    taken = {(s["window"], s["day"]): s for s in slots}
    found: list[dict[str, Any]] = []
    for day in dates:
        for window in windows:
            if starts_at(day, window["starts"]) < not_before:
                continue
            slot = taken.get((window["id"], day))
            capacity = slot["capacity"] if slot else window["capacity"]
            booked = slot["booked"] if slot else 0
            free = max(capacity - booked, 0)
            if limit is not None and free == 0:
                continue
            found.append(
                {
                    "window_id": window["id"],
                    "kind": kind,
                    "day": day,
                    "starts": window["starts"],
                    "ends": window["ends"],
                    "capacity": capacity,
                    "free": free,
                }
            )
            if limit is not None and len(found) >= limit:
                return found
    return found
