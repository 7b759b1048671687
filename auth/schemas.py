"""The API boundary of auth/: request and response bodies."""

from __future__ import annotations

from datetime import date

import msgspec


class CitizenProfile(msgspec.Struct, frozen=True):
    full_name: str
    id_number: str | None
    date_of_birth: date | None
    sex: str
    phone: str | None
    permanent_address: str
    locale: str
    verified: bool  # identity confirmed by the national e-ID


class StaffProfile(msgspec.Struct, frozen=True):
    username: str
    full_name: str
    role: str
    office_code: str
    office_name_vi: str
    office_name_en: str


class MeOut(msgspec.Struct, frozen=True):
    kind: str
    id: int
    roles: list[str]
    citizen: CitizenProfile | None = None
    staff: StaffProfile | None = None


class PrincipalOut(msgspec.Struct, frozen=True):
    kind: str
    id: int
    role: str | None
    office_id: int | None
