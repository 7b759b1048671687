"""What the courier API takes and gives."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any

import msgspec

ClientId = Annotated[str, msgspec.Meta(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
CodeText = Annotated[str, msgspec.Meta(max_length=100)]


class ScanIn(msgspec.Struct, forbid_unknown_fields=True):
    token: CodeText | None = None
    short_code: CodeText | None = None


class HandoffIn(msgspec.Struct, forbid_unknown_fields=True):
    client_event_id: ClientId
    kind: str
    booking_id: int | None = None
    token: CodeText | None = None
    short_code: CodeText | None = None
    seal_number: Annotated[str, msgspec.Meta(max_length=32)] = ""
    documents_checked: Annotated[
        list[Annotated[str, msgspec.Meta(max_length=64)]], msgspec.Meta(max_length=30)
    ] = []
    client_at: datetime | None = None
    latitude: Annotated[float, msgspec.Meta(ge=-90, le=90)] | None = None
    longitude: Annotated[float, msgspec.Meta(ge=-180, le=180)] | None = None
    device_id: Annotated[str, msgspec.Meta(max_length=64)] = ""
    # The courier whose device queue this came from; must be the caller.
    owner_id: int | None = None


class DocumentOut(msgspec.Struct):
    key: str
    name: str


class BookingCard(msgspec.Struct):
    booking_id: int
    kind: str
    status: str
    citizen_name: str
    contact_phone: str
    address: str
    ward: str
    dossier_id: int
    dossier_code: str
    day: date
    starts: time
    ends: time
    documents: list[DocumentOut]
    fee_vnd: int
    returns_result: bool
    last_step: str | None
    next_step: str | None
    purpose: str | None = None  # of the scanned code


class HandoffOut(msgspec.Struct):
    id: int
    client_event_id: str
    kind: str
    booking_id: int
    dossier_id: int
    at: datetime
    seal_number: str
    documents_checked: list[str]
    has_seal_photo: bool


def documents(row: dict[str, Any], locale: str) -> list[DocumentOut]:
    return [
        DocumentOut(str(d["key"]), str(d.get(f"name_{locale}") or d["name_vi"]))
        for d in row.get("documents") or []
    ]


def handoff_out(row: dict[str, Any]) -> HandoffOut:
    return HandoffOut(
        id=int(row["id"]),
        client_event_id=row["client_event_id"],
        kind=row["kind"],
        booking_id=int(row["booking"]),
        dossier_id=int(row["dossier"]),
        at=row["at"],
        seal_number=row["seal_number"],
        documents_checked=list(row["documents_checked"] or []),
        has_seal_photo=bool(row["seal_photo_key"]),
    )
