"""Object access: a citizen sees their own dossiers, staff those of their office; anything else
is 404 (never 403, which would confirm that the dossier exists)."""

from __future__ import annotations

import json
from typing import Any

import structlog

from auth.principal import Principal
from backend.dossiers.tables import Dossier
from backend.errors import Problem

COLUMNS: tuple[Any, ...] = (
    *Dossier.all_columns(),
    Dossier.procedure.code.as_alias("procedure_code"),
    Dossier.procedure.name_vi.as_alias("procedure_name_vi"),
    Dossier.procedure.name_en.as_alias("procedure_name_en"),
    Dossier.procedure.processing_days.as_alias("processing_days"),
    Dossier.procedure.documents.as_alias("procedure_documents"),
    Dossier.office.code.as_alias("office_code"),
    Dossier.office.name_vi.as_alias("office_name_vi"),
    Dossier.office.name_en.as_alias("office_name_en"),
)


def visible_to(principal: Principal) -> Any:
    if principal.kind == "citizen":
        return Dossier.citizen == principal.id
    if principal.office_id is not None:
        return Dossier.office == principal.office_id
    return Dossier.id == -1  # staff without an office see nothing


async def dossier_for(principal: Principal, dossier_id: int) -> dict[str, Any]:
    row = (
        await Dossier.select(*COLUMNS)
        .where((Dossier.id == dossier_id) & visible_to(principal))
        .first()
        .output(load_json=True)
    )
    if row is None:
        raise Problem(404, "dossier_not_found")
    # Every later log line of this request or job names the dossier (ids only, never PII).
    structlog.contextvars.bind_contextvars(dossier_id=dossier_id)
    return row


# The status read (a dossier page, GET /api/v1/dossiers/{id}) in one round trip: the dossier,
# its procedure and office, and its timeline as extra rows (LEFT JOIN; a dossier without events
# gives one row). Written once as SQL: Piccolo rebuilt the joined select on every request, and
# the timeline was a second query (and on SQLite a second connection).
_READ_SQL = """
SELECT d.*,
  p."code" AS procedure_code, p."name_vi" AS procedure_name_vi, p."name_en" AS procedure_name_en,
  p."processing_days" AS processing_days, p."documents" AS procedure_documents,
  o."code" AS office_code, o."name_vi" AS office_name_vi, o."name_en" AS office_name_en,
  e."id" AS event_id, e."at" AS event_at, e."action" AS event_action,
  e."from_status" AS event_from_status, e."to_status" AS event_to_status,
  e."actor_kind" AS event_actor_kind, e."actor_id" AS event_actor_id,
  e."actor_name" AS event_actor_name, e."note" AS event_note,
  e."visible_to_citizen" AS event_visible_to_citizen
FROM "dossier" d
JOIN "procedure" p ON p."id" = d."procedure"
JOIN "office" o ON o."id" = d."office"
LEFT JOIN "dossier_event" e ON e."dossier" = d."id"{visible}
WHERE d."id" = {{}} AND d."{owner}" = {{}}
ORDER BY e."id"
"""
_CITIZEN_READ = _READ_SQL.format(visible=' AND e."visible_to_citizen" = {}', owner="citizen")
_STAFF_READ = _READ_SQL.format(visible="", owner="office")
JSON_KEYS = ("answers", "received_documents", "procedure_documents")
EVENT_KEYS = (
    "id",
    "at",
    "action",
    "from_status",
    "to_status",
    "actor_kind",
    "actor_id",
    "actor_name",
    "note",
    "visible_to_citizen",
)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


async def dossier_with_timeline(
    principal: Principal, dossier_id: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """`dossier_for` plus `rules.timeline` (citizens see the events visible to them, staff all)."""
    if principal.kind == "citizen":
        rows = await Dossier.raw(_CITIZEN_READ, True, dossier_id, principal.id)
    elif principal.office_id is not None:
        rows = await Dossier.raw(_STAFF_READ, dossier_id, principal.office_id)
    else:
        rows = []
    if not rows:
        raise Problem(404, "dossier_not_found")
    structlog.contextvars.bind_contextvars(dossier_id=dossier_id)
    row = {key: value for key, value in rows[0].items() if not key.startswith("event_")}
    for key in JSON_KEYS:
        row[key] = _json(row.get(key))
    events = [
        {"dossier": row["id"], **{key: r[f"event_{key}"] for key in EVENT_KEYS}}
        for r in rows
        if r["event_id"] is not None
    ]
    return row, events
