"""Finding procedures and answering questions about one (fee, deadline if filed now)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from backend.calendar.rules import due_at
from backend.calendar.store import load_calendar
from backend.errors import Problem
from backend.procedures.tables import Procedure
from i18n import fold


async def search(
    q: str | None = None, field: str | None = None, agency: str | None = None
) -> list[dict[str, Any]]:
    """Procedures whose Vietnamese name contains every word of `q`, with or without diacritics
    ("ly lich tu phap" finds "Lý lịch tư pháp"), optionally in one field or agency."""
    query = Procedure.select().order_by(Procedure.name_vi).output(load_json=True)
    for word in fold(q or "").split():
        query = query.where(Procedure.name_search.like(f"%{word}%"))
    if field:
        query = query.where(Procedure.field == field)
    if agency:
        query = query.where(Procedure.agency_code == agency)
    return await query


async def get_procedure(code: str) -> dict[str, Any]:
    row = await Procedure.select().where(Procedure.code == code).first().output(load_json=True)
    if row is None:
        raise Problem(404, "procedure_not_found")
    return row


async def fields() -> list[dict[str, str]]:
    rows = await Procedure.select(Procedure.field, Procedure.field_vi, Procedure.field_en).distinct()
    return sorted(rows, key=lambda row: row["field_vi"])


async def due_if_received(procedure: dict[str, Any], received_at: datetime) -> datetime:
    """The due time a dossier of this procedure received at `received_at` would get: the same
    function reception uses."""
    return due_at(received_at, int(procedure["processing_days"]), await load_calendar())
