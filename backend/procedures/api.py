"""GET /api/v1/procedures (search), /{code}, /{code}/due-date: the public catalogue."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath, FromQuery

from backend import clock
from backend.calendar.rules import reception_day
from backend.calendar.store import load_calendar
from backend.errors import Problem
from backend.procedures import rules
from backend.procedures.schemas import DueDateOut, ProcedureOut, ProcedureSummary, detail, summary
from backend.web import request_locale

# A "+hh:mm" offset sent unencoded in a query string arrives as " hh:mm".
_SPACED_OFFSET = re.compile(r" (\d{2}:?\d{2})$")


def parse_received_at(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(_SPACED_OFFSET.sub(r"+\1", value.strip()))
    except ValueError:
        raise Problem(400, "received_at_invalid") from None
    if moment.tzinfo is None:
        raise Problem(400, "received_at_invalid")
    return moment


class ProceduresApi(Controller):
    path = "/api/v1/procedures"
    tags = ["procedures"]

    @get("/")
    async def search_procedures(
        self,
        request: Request[Any, Any, Any],
        q: FromQuery[str | None] = None,
        field: FromQuery[str | None] = None,
        agency: FromQuery[str | None] = None,
    ) -> list[ProcedureSummary]:
        """Search by name (diacritics optional), field slug or agency code."""
        locale = request_locale(request)
        return [summary(row, locale) for row in await rules.search(q, field, agency)]

    @get("/{code:str}")
    async def get_procedure(self, request: Request[Any, Any, Any], code: FromPath[str]) -> ProcedureOut:
        row = await rules.get_procedure(code)
        due_now = await rules.due_if_received(row, clock.now())
        return detail(row, request_locale(request), due_now)

    @get("/{code:str}/due-date")
    async def due_date(self, code: FromPath[str], received_at: FromQuery[str]) -> DueDateOut:
        """The due time for a dossier of this procedure received at `received_at` (ISO 8601 with
        an offset): the same computation reception uses."""
        row = await rules.get_procedure(code)
        moment = parse_received_at(received_at)
        calendar = await load_calendar()
        return DueDateOut(
            procedure_code=code,
            received_at=moment,
            processing_days=row["processing_days"],
            reception_day=reception_day(moment, calendar),
            due_at=await rules.due_if_received(row, moment),
        )
