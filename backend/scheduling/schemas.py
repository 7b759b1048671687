"""The scheduling API's request and response bodies."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any

import msgspec

from backend.scheduling.capacity import starts_at

HHMM = Annotated[str, msgspec.Meta(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["08:00"])]


def hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


class BookingIn(msgspec.Struct, frozen=True):
    """A window on a working day; address and ward for home and postal kinds (the ward must be
    one the office serves); a Vietnamese contact phone."""

    window_id: int
    day: date
    contact_phone: Annotated[str, msgspec.Meta(max_length=20)]
    address: Annotated[str, msgspec.Meta(max_length=300)] = ""
    ward: Annotated[str, msgspec.Meta(max_length=100)] = ""
    returns_result: bool = False


class FreeWindowOut(msgspec.Struct, frozen=True):
    window_id: int
    kind: str
    day: date
    starts: str
    ends: str
    starts_at: datetime
    capacity: int
    free: int


class NextFreeOut(msgspec.Struct, frozen=True):
    window_id: int
    kind: str
    day: str  # yyyy-mm-dd
    starts: str
    ends: str
    free: int


class WindowFullProblem(msgspec.Struct, frozen=True):
    """409 when the chosen window has no place left (RFC 9457, `type` …/window-full)."""

    type: str
    title: str
    status: int
    instance: str
    request_id: str
    next_free: list[NextFreeOut]
    detail: str = ""


class BookingOut(msgspec.Struct, frozen=True):
    id: int
    dossier_id: int
    dossier_code: str
    kind: str
    status: str
    day: date
    starts: str
    ends: str
    starts_at: datetime
    office_code: str
    office_name: str
    address: str
    ward: str
    contact_phone: str
    returns_result: bool
    unit_code: str | None
    version: int
    ics_url: str
    pickup_code_url: str | None


class AppointmentOut(msgspec.Struct, frozen=True):
    id: int
    dossier_id: int
    dossier_code: str
    kind: str
    status: str
    day: date
    starts: str
    ends: str
    citizen_name: str
    contact_phone: str
    ward: str


class AppointmentSearchIn(msgspec.Struct, frozen=True):
    """A desk search by dossier code, phone, ID number or name: in the body, never in the URL."""

    q: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    day: date | None = None
    kind: str | None = None


class CapacityWindowIn(msgspec.Struct, frozen=True):
    kind: str
    starts: HHMM
    ends: HHMM
    capacity: int


class CapacityWindowPatch(msgspec.Struct, frozen=True):
    capacity: int | None = None
    active: bool | None = None


class CapacityWindowOut(msgspec.Struct, frozen=True):
    id: int
    kind: str
    starts: str
    ends: str
    capacity: int
    active: bool


class WardsIn(msgspec.Struct, frozen=True):
    wards: list[Annotated[str, msgspec.Meta(max_length=100)]]


class WardsOut(msgspec.Struct, frozen=True):
    wards: list[str]


def free_window_out(row: dict[str, Any]) -> FreeWindowOut:
    return FreeWindowOut(
        window_id=row["window_id"],
        kind=row["kind"],
        day=row["day"],
        starts=hhmm(row["starts"]),
        ends=hhmm(row["ends"]),
        starts_at=starts_at(row["day"], row["starts"]),
        capacity=row["capacity"],
        free=row["free"],
    )


def booking_out(row: dict[str, Any], locale: str) -> BookingOut:
    at_home = row["kind"] in ("postal_pickup", "home_appointment")
    return BookingOut(
        id=row["id"],
        dossier_id=row["dossier"],
        dossier_code=row["dossier_code"],
        kind=row["kind"],
        status=row["status"],
        day=row["day"],
        starts=hhmm(row["starts"]),
        ends=hhmm(row["ends"]),
        starts_at=starts_at(row["day"], row["starts"]),
        office_code=row["office_code"],
        office_name=row["office_name_en"] if locale == "en" else row["office_name_vi"],
        address=row["address"],
        ward=row["ward"],
        contact_phone=row["contact_phone"],
        returns_result=row["returns_result"],
        unit_code=row["unit_code"],
        version=row["version"],
        ics_url=f"/api/v1/dossiers/{row['dossier']}/booking.ics",
        pickup_code_url=f"/bookings/{row['id']}/pickup-code" if at_home else None,
    )


def appointment_out(row: dict[str, Any]) -> AppointmentOut:
    return AppointmentOut(
        id=row["id"],
        dossier_id=row["dossier"],
        dossier_code=row["dossier_code"],
        kind=row["kind"],
        status=row["status"],
        day=row["day"],
        starts=hhmm(row["starts"]),
        ends=hhmm(row["ends"]),
        citizen_name=row["citizen_name"],
        contact_phone=row["contact_phone"],
        ward=row["ward"],
    )


def window_out(row: dict[str, Any]) -> CapacityWindowOut:
    return CapacityWindowOut(
        id=row["id"],
        kind=row["kind"],
        starts=hhmm(row["starts"]),
        ends=hhmm(row["ends"]),
        capacity=row["capacity"],
        active=row["active"],
    )
