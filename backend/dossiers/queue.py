"""An office's queue: its dossiers (never drafts), filtered, overdue first, each row marked
`overdue` or `due_soon` (due within one working day, backend/calendar) for the counter to show."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from auth.phones import normalise_phone
from auth.principal import Principal
from backend.calendar.rules import due_at as calendar_due_at
from backend.calendar.store import load_calendar
from backend.dossiers.access import COLUMNS, visible_to
from backend.dossiers.tables import Dossier

OPEN = (
    "submitted",
    "received",
    "processing",
    "waiting_for_supplement",
    "approved",
    "rejected",
    "result_ready",
)


def _search(q: str) -> Any:
    """A code, a phone number or a 12-digit ID number."""
    text = q.strip()
    if re.fullmatch(r"\d{12}", text):
        return Dossier.applicant_id_number == text
    phone = normalise_phone(text)
    if phone:
        return Dossier.applicant_phone == phone
    return Dossier.code == text.upper()


async def office_queue(
    principal: Principal,
    *,
    status: str | None = None,
    procedure: str | None = None,
    q: str | None = None,
    now: datetime,
    limit: int = 200,
) -> list[dict[str, Any]]:
    query = Dossier.select(*COLUMNS).where(visible_to(principal) & (Dossier.status != "draft"))
    if status:
        query = query.where(Dossier.status == status)
    elif not q:
        query = query.where(Dossier.status.is_in(list(OPEN)))
    if procedure:
        query = query.where(Dossier.procedure.code == procedure)
    if q:
        query = query.where(_search(q))
    rows = await query.output(load_json=True)
    soon = calendar_due_at(now, 1, await load_calendar())  # the close of the next working day
    for row in rows:
        row["overdue"] = is_overdue(row, now)
        row["due_soon"] = not row["overdue"] and is_due_soon(row, now, soon)
    # Overdue first, then soonest due; not yet received (no due date) after, oldest first.
    rows.sort(key=lambda r: (not r["overdue"], r["due_at"] is None, r["due_at"] or now, r["id"]))
    return rows[:limit]


def is_overdue(row: dict[str, Any], now: datetime) -> bool:
    """Past its due date and not yet decided (the clock does not run while waiting)."""
    return row["due_at"] is not None and row["due_at"] < now and row["status"] in ("received", "processing")


def is_due_soon(row: dict[str, Any], now: datetime, soon: datetime) -> bool:
    """The clock runs and the due time falls before `soon` (within one working day)."""
    return (
        row["due_at"] is not None
        and now <= row["due_at"] <= soon
        and row["status"] in ("received", "processing")
    )
