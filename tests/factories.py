"""Factories: rows a test needs, built in one call, and headers to act as anyone.

`make_citizen(**overrides)`, `make_staff(role="officer", office=None, **overrides)` and
`auth_headers(row)` → {"Authorization": "Bearer <access token>"}.
"""

from __future__ import annotations

import itertools
from datetime import date
from functools import cache
from typing import Any

from auth.passwords import hash_password
from auth.principal import Principal
from auth.tables import Citizen, StaffUser
from auth.tokens import issue_access_token
from backend.offices.tables import Office
from backend.settings import get_settings
from i18n import fold

STAFF_PASSWORD = "mat-khau-thu-nghiem-1"
_serial = itertools.count(1)


@cache
def _default_password_hash() -> str:
    return hash_password(STAFF_PASSWORD)


async def make_office(**overrides: Any) -> Office:
    n = next(_serial)
    name = overrides.pop("name_vi", f"Bộ phận Một cửa thử nghiệm {n}")
    values: dict[str, Any] = {
        "code": f"TEST-{n}",
        "agency_code": f"T{n}",
        "kind": "one_stop",
        "name_vi": name,
        "name_en": f"Test one-stop office {n}",
        "name_search": fold(name),
        "province": "Hà Nội",
        "ward": "Phường Hoàn Kiếm",
        "address": f"Số {n} Phố Thử, Hà Nội",
        "serves_wards": ["Phường Hoàn Kiếm"],
    }
    values.update(overrides)
    office = Office(**values)
    await office.save()
    return office


async def make_citizen(**overrides: Any) -> Citizen:
    n = next(_serial)
    name = overrides.pop("full_name", "Nguyễn Thị Thử")
    values: dict[str, Any] = {
        "subject": f"test-sub-{n}",
        "id_number": f"{n:012d}",
        "full_name": name,
        "full_name_search": fold(name),
        "date_of_birth": date(1990, 1, 1),
        "sex": "female",
        "phone": f"+8491{n:07d}",
        "permanent_address": "Số 1 Phố Thử, Phường Hoàn Kiếm, Hà Nội",
    }
    values.update(overrides)
    if "full_name_search" not in overrides:
        values["full_name_search"] = fold(values["full_name"])
    citizen = Citizen(**values)
    await citizen.save()
    return citizen


async def make_staff(role: str = "officer", office: Office | None = None, **overrides: Any) -> StaffUser:
    n = next(_serial)
    if office is None:
        office = await make_office(kind="postal_unit" if role == "courier" else "one_stop")
    password = overrides.pop("password", None)
    values: dict[str, Any] = {
        "username": f"staff{n}",
        "password_hash": hash_password(password) if password else _default_password_hash(),
        "full_name": "Cán bộ Thử",
        "role": role,
        "office": office.id,
    }
    values.update(overrides)
    staff = StaffUser(**values)
    await staff.save()
    return staff


def principal_for(row: Citizen | StaffUser) -> Principal:
    if isinstance(row, Citizen):
        return Principal("citizen", row.id)
    office = row.office if isinstance(row.office, int) else row.office.id
    return Principal("staff", row.id, role=row.role, office_id=office)


async def auth_headers(row: Citizen | StaffUser) -> dict[str, str]:
    token = issue_access_token(get_settings(), principal_for(row))
    return {"Authorization": f"Bearer {token}"}


async def make_payment(
    owner: Citizen, amount_vnd: int = 200_000, subject_kind: str = "dossier", subject_id: int | None = None
) -> dict[str, Any]:
    """A pending fee for `owner`, as a dossier would create it (payments.rules.create_payment)."""
    from backend.payments.rules import create_payment

    return await create_payment(
        owner_id=owner.id,
        subject_kind=subject_kind,
        subject_id=subject_id if subject_id is not None else next(_serial),
        amount_vnd=amount_vnd,
        description="Le phi cap Phieu ly lich tu phap",
    )


async def make_booking(
    dossier_id: int,
    *,
    kind: str = "postal_pickup",
    unit: Office | None = None,
    day: date | None = None,
    starts: str = "08:00",
    **overrides: Any,
) -> dict[str, Any]:
    """A booking of `dossier_id` (its citizen and office) in a fresh window and slot on `day`
    (today in Vietnam by default), as the booking pages would have made it; returns the row."""
    from datetime import datetime, time

    from backend.dossiers.tables import Dossier
    from backend.scheduling.tables import Booking, CapacityWindow, Slot
    from i18n.formatting import VIETNAM

    dossier = await Dossier.select(Dossier.citizen, Dossier.office).where(Dossier.id == dossier_id).first()
    assert dossier is not None
    day = day or datetime.now(VIETNAM).date()
    hour, minute = (int(part) for part in starts.split(":"))
    window = CapacityWindow(
        office=dossier["office"],
        kind=kind,
        starts=time(hour, minute),
        ends=time(hour + 2, minute),
        capacity=5,
    )
    await window.save()
    slot = Slot(window=window.id, day=day, capacity=5, booked=1, key=f"{window.id}:{day.isoformat()}")
    await slot.save()
    values: dict[str, Any] = {
        "dossier": dossier_id,
        "citizen": dossier["citizen"],
        "office": dossier["office"],
        "unit": unit.id if unit is not None else None,
        "slot": slot.id,
        "kind": kind,
        "address": "Số 12 Phố Hàng Bạc",
        "ward": "Phường Hoàn Kiếm",
        "contact_phone": "+84912345678",
    }
    values.update(overrides)
    booking = Booking(**values)
    await booking.save()
    row = await Booking.select().where(Booking.id == booking.id).first()
    assert row is not None
    return row
