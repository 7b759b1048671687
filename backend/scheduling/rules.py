"""A citizen's booking for a dossier: which windows are open, book, reschedule, cancel.

docs/scheduling.md gives the rules. In short: the kind follows the dossier's channel (which the
procedure must allow); a booking, a move or a cancellation is possible until the cut-off before
the window starts; home and postal kinds need an address in a ward the office serves (and, for
postal pickup, a postal unit that serves it, which is assigned to the booking); a full window
answers 409 with the next free windows. Each change and its notification commit together.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import asyncpg

from auth.phones import normalise_phone
from auth.principal import Principal
from auth.tables import Citizen
from backend.calendar.store import load_calendar
from backend.db import write_transaction
from backend.dossiers.access import dossier_for
from backend.errors import Problem
from backend.offices.tables import Office
from backend.procedures.rules import get_procedure
from backend.scheduling.access import booking_for, live_booking
from backend.scheduling.capacity import (
    free_windows,
    release_place,
    slot_for,
    starts_at,
    take,
    working_days,
)
from backend.scheduling.tables import Booking, CapacityWindow, LiveBooking
from backend.scheduling.wards import ward_in
from backend.settings import Settings
from i18n.formatting import VIETNAM
from notifications.notify import Recipient, notify

# The dossier channel that each kind of booking serves.
KIND_FOR_CHANNEL = {
    "postal_pickup": "postal_pickup",
    "home_appointment": "home_appointment",
    "counter": "counter_appointment",
}
AT_HOME = ("postal_pickup", "home_appointment")
# A booking makes sense while the office still has something to receive or return.
OPEN_DOSSIER = ("submitted", "received", "processing", "waiting_for_supplement", "approved", "result_ready")
NEXT_FREE = 5


@dataclass(frozen=True, slots=True)
class Choice:
    """What the citizen picked: a window on a day, and where and how to reach them."""

    window_id: int
    day: date
    address: str = ""
    ward: str = ""
    contact_phone: str = ""
    returns_result: bool = False


class _Full(Exception):
    pass


async def booking_kind(dossier: dict[str, Any]) -> str:
    """The kind of booking the dossier's channel calls for, or 409 when it calls for none."""
    kind = KIND_FOR_CHANNEL.get(str(dossier["channel"]))
    procedure = await get_procedure(dossier["procedure_code"])
    if kind is None or dossier["channel"] not in procedure["channels"]:
        raise Problem(409, "booking_not_offered")
    if dossier["status"] not in OPEN_DOSSIER:
        raise Problem(409, "booking_not_open", status=dossier["status"])
    return kind


def earliest_start(now: datetime, settings: Settings) -> datetime:
    return now + timedelta(minutes=settings.booking_cutoff_minutes)


async def windows_for(
    office_id: int, kind: str, now: datetime, settings: Settings, start: date | None = None
) -> list[dict[str, Any]]:
    today = now.astimezone(VIETNAM).date()
    return await free_windows(
        office_id,
        kind,
        start=max(start or today, today),
        days=settings.booking_days_ahead,
        not_before=earliest_start(now, settings),
        calendar=await load_calendar(),
    )


async def next_free(office_id: int, kind: str, now: datetime, settings: Settings) -> list[dict[str, Any]]:
    today = now.astimezone(VIETNAM).date()
    return await free_windows(
        office_id,
        kind,
        start=today,
        days=settings.booking_days_ahead,
        not_before=earliest_start(now, settings),
        calendar=await load_calendar(),
        limit=NEXT_FREE,
    )


async def _window(
    office_id: int, kind: str, choice: Choice, now: datetime, settings: Settings
) -> dict[str, Any]:
    window = (
        await CapacityWindow.select()
        .where(
            (CapacityWindow.id == choice.window_id)
            & (CapacityWindow.office == office_id)
            & (CapacityWindow.kind == kind)
            & CapacityWindow.active.eq(True)
        )
        .first()
    )
    calendar = await load_calendar()
    today = now.astimezone(VIETNAM).date()
    if window is None or choice.day not in working_days(today, settings.booking_days_ahead, calendar):
        raise Problem(422, "window_unknown")
    if starts_at(choice.day, window["starts"]) < earliest_start(now, settings):
        raise Problem(409, "booking_cutoff_passed")
    return window


async def postal_unit_for(ward: str) -> int | None:
    units = (
        await Office.select(Office.id, Office.serves_wards)
        .where(Office.kind == "postal_unit")
        .order_by(Office.id)
        .output(load_json=True)
    )
    return next((int(u["id"]) for u in units if ward in (u["serves_wards"] or [])), None)


async def _where(dossier: dict[str, Any], kind: str, choice: Choice) -> dict[Any, Any]:
    """Address, ward, phone and postal unit, checked; 422 with what is wrong otherwise."""
    phone = normalise_phone(choice.contact_phone)
    if phone is None:
        raise Problem(422, "contact_phone_invalid")
    values: dict[Any, Any] = {Booking.contact_phone: phone, Booking.returns_result: False, Booking.unit: None}
    if kind not in AT_HOME:
        return {**values, Booking.address: "", Booking.ward: ""}
    address, ward = " ".join(choice.address.split()), choice.ward.strip()
    if not address or len(address) > 300:
        raise Problem(422, "address_required")
    office = (
        await Office.select(Office.serves_wards)
        .where(Office.id == dossier["office"])
        .output(load_json=True)
        .first()
    )
    served = list(office["serves_wards"] or []) if office else []
    ward = ward or ward_in(address, served)  # the address already names it: nobody picks it again
    if office is None or ward not in served:
        raise Problem(422, "ward_not_served", ward=ward)
    values.update({Booking.address: address, Booking.ward: ward})
    if kind == "postal_pickup":
        unit = await postal_unit_for(ward)
        if unit is None:
            raise Problem(422, "ward_not_served", ward=ward)
        values.update({Booking.unit: unit, Booking.returns_result: choice.returns_result})
    return values


async def _tell(booking: dict[str, Any], event: str) -> None:
    citizen = await Citizen.select(Citizen.id, Citizen.locale).where(Citizen.id == booking["citizen"]).first()
    if citizen is None:
        return
    await notify(
        event,
        Recipient(int(citizen["id"]), str(citizen["locale"] or "vi")),
        {
            "code": booking["dossier_code"],
            "starts_at": starts_at(booking["day"], booking["starts"]).isoformat(),
        },
        link=f"/dossiers/{booking['dossier']}",
        discriminator=f"booking:{booking['id']}:{booking['version']}",
    )


def _is_duplicate(exc: Exception) -> bool:
    return isinstance(exc, (sqlite3.IntegrityError, asyncpg.UniqueViolationError))


async def _full(office_id: int, kind: str, now: datetime, settings: Settings) -> Problem:
    found = await next_free(office_id, kind, now, settings)
    return Problem(409, "window_full", next_free=[public_window(w) for w in found])


def public_window(window: dict[str, Any]) -> dict[str, Any]:
    """A free-window entry as JSON-ready values (for the 409 body)."""
    return {
        "window_id": window["window_id"],
        "kind": window["kind"],
        "day": window["day"].isoformat(),
        "starts": window["starts"].strftime("%H:%M"),
        "ends": window["ends"].strftime("%H:%M"),
        "free": window["free"],
    }


async def book(
    principal: Principal, dossier_id: int, choice: Choice, *, now: datetime, settings: Settings
) -> dict[str, Any]:
    dossier = await dossier_for(principal, dossier_id)
    kind = await booking_kind(dossier)
    office_id = int(dossier["office"])
    if await live_booking(principal, dossier_id) is not None:
        raise Problem(409, "booking_exists")
    window = await _window(office_id, kind, choice, now, settings)
    where = await _where(dossier, kind, choice)
    try:
        async with write_transaction():
            slot_id = await slot_for(window, choice.day)
            rows = await Booking.insert(
                Booking(
                    dossier=dossier_id,
                    citizen=dossier["citizen"],
                    office=office_id,
                    slot=slot_id,
                    kind=kind,
                    status="booked",
                    created_at=now,
                    updated_at=now,
                    **{column._meta.name: value for column, value in where.items()},
                )
            ).returning(Booking.id)
            await LiveBooking.insert(LiveBooking(dossier=dossier_id, booking=rows[0]["id"]))
            booking = await booking_for(principal, int(rows[0]["id"]))
            await _tell(booking, "booking.confirmed")
            if not await take(slot_id):
                raise _Full  # rolls back the booking and its message
    except _Full:
        raise await _full(office_id, kind, now, settings) from None
    except Exception as exc:
        if _is_duplicate(exc):
            raise Problem(409, "booking_exists") from None
        raise
    return booking


async def _changeable(
    principal: Principal, dossier_id: int, now: datetime, settings: Settings
) -> dict[str, Any]:
    await dossier_for(principal, dossier_id)
    booking = await live_booking(principal, dossier_id)
    if booking is None:
        raise Problem(404, "booking_not_found")
    if booking["status"] != "booked":
        raise Problem(409, "booking_not_changeable", status=booking["status"])
    if starts_at(booking["day"], booking["starts"]) < earliest_start(now, settings):
        raise Problem(409, "booking_cutoff_passed")
    return booking


async def _change_if_unchanged(booking: dict[str, Any], values: dict[Any, Any], now: datetime) -> None:
    """Apply `values` to a booking that is still `booked` at the version that was read; 409 when
    another change (a second tab, a courier's scan) came first."""
    changed = (
        await Booking.update({**values, Booking.version: booking["version"] + 1, Booking.updated_at: now})
        .where(
            (Booking.id == booking["id"])
            & (Booking.version == booking["version"])
            & (Booking.status == "booked")
        )
        .returning(Booking.id)
    )
    if not changed:
        raise Problem(409, "booking_conflict")


async def reschedule(
    principal: Principal, dossier_id: int, choice: Choice, *, now: datetime, settings: Settings
) -> dict[str, Any]:
    """Move to another window (and/or change address, ward, phone): the new place is taken and
    the old one released in one transaction, or nothing changes."""
    booking = await _changeable(principal, dossier_id, now, settings)
    dossier = await dossier_for(principal, dossier_id)
    kind = str(booking["kind"])
    window = await _window(int(booking["office"]), kind, choice, now, settings)
    where = await _where(dossier, kind, choice)
    same_slot = window["id"] == booking["window_id"] and choice.day == booking["day"]
    try:
        async with write_transaction():
            slot_id = int(booking["slot"]) if same_slot else await slot_for(window, choice.day)
            await _change_if_unchanged(booking, {**where, Booking.slot: slot_id}, now)
            if not same_slot:
                await release_place(int(booking["slot"]))
            changed = await booking_for(principal, int(booking["id"]))
            await _tell(changed, "booking.changed")
            if not same_slot and not await take(slot_id):
                raise _Full  # rolls back the move: the old place is kept
    except _Full:
        raise await _full(int(booking["office"]), kind, now, settings) from None
    return changed


async def cancel(
    principal: Principal, dossier_id: int, *, now: datetime, settings: Settings
) -> dict[str, Any]:
    booking = await _changeable(principal, dossier_id, now, settings)
    async with write_transaction():
        await _change_if_unchanged(booking, {Booking.status: "cancelled"}, now)
        await release_place(int(booking["slot"]))
        await LiveBooking.delete().where(LiveBooking.booking == booking["id"])
        cancelled = await booking_for(principal, int(booking["id"]))
        await _tell(cancelled, "booking.cancelled")
    return cancelled
