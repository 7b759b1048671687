"""What the procedure API answers (msgspec Structs; OpenAPI documents them)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import msgspec


class DocumentOut(msgspec.Struct, frozen=True):
    key: str
    name: str
    pages: int
    reusable: bool


class ProcedureSummary(msgspec.Struct, frozen=True):
    code: str
    name: str
    agency: str
    field: str
    fee_kind: str
    fee_vnd: int
    processing_days: int
    same_day: bool
    channels: list[str]


class ProcedureOut(msgspec.Struct, frozen=True):
    code: str
    name: str
    name_vi: str
    name_en: str
    agency_code: str
    agency: str
    field: str
    field_name: str
    fee_kind: str
    fee_vnd: int
    fee_rule: dict[str, Any]
    processing_days: int
    same_day: bool
    channels: list[str]
    required_documents: list[DocumentOut]
    office_codes: list[str]
    result: str
    source: str  # in English when a translation exists, else the Vietnamese text
    source_lang: str  # "vi" or "en": the language `source` is written in
    form: dict[str, Any]
    due_if_submitted_now: datetime


class DueDateOut(msgspec.Struct, frozen=True):
    procedure_code: str
    received_at: datetime
    processing_days: int
    reception_day: date
    due_at: datetime


def localised(row: dict[str, Any], stem: str, locale: str) -> str:
    return str(row.get(f"{stem}_{locale}") or row[f"{stem}_vi"])


def summary(row: dict[str, Any], locale: str) -> ProcedureSummary:
    return ProcedureSummary(
        code=row["code"],
        name=localised(row, "name", locale),
        agency=localised(row, "agency", locale),
        field=row["field"],
        fee_kind=row["fee_kind"],
        fee_vnd=row["fee_vnd"],
        processing_days=row["processing_days"],
        same_day=row["same_day"],
        channels=list(row["channels"]),
    )


def documents(row: dict[str, Any], locale: str) -> list[DocumentOut]:
    return [
        DocumentOut(
            key=doc["key"], name=localised(doc, "name", locale), pages=doc["pages"], reusable=doc["reusable"]
        )
        for doc in row["documents"]
    ]


def detail(row: dict[str, Any], locale: str, due_now: datetime) -> ProcedureOut:
    return ProcedureOut(
        code=row["code"],
        name=localised(row, "name", locale),
        name_vi=row["name_vi"],
        name_en=row["name_en"],
        agency_code=row["agency_code"],
        agency=localised(row, "agency", locale),
        field=row["field"],
        field_name=localised(row, "field", locale),
        fee_kind=row["fee_kind"],
        fee_vnd=row["fee_vnd"],
        fee_rule=row["fee_rule"],
        processing_days=row["processing_days"],
        same_day=row["same_day"],
        channels=list(row["channels"]),
        required_documents=documents(row, locale),
        office_codes=list(row["office_codes"]),
        result=localised(row, "result", locale),
        source=row["source_en"] if locale == "en" and row.get("source_en") else row["source"],
        source_lang="en" if locale == "en" and row.get("source_en") else "vi",
        form=row["form"],
        due_if_submitted_now=due_now,
    )
