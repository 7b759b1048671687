"""The counter officer's API: the office queue and the process actions, scoped to the office."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from auth.audit import record_citizen_read
from auth.guards import principal_of, require_role
from backend import clock
from backend.dossiers import rules
from backend.dossiers.access import dossier_for, dossier_with_timeline
from backend.dossiers.queue import office_queue
from backend.dossiers.reception import clean_received
from backend.dossiers.schemas import (
    CounterActionIn,
    DossierOut,
    DossierSummary,
    QueueSearchIn,
    detail,
    summary,
)
from backend.dossiers.state import STAFF_ACTIONS
from backend.errors import Problem
from backend.web import request_locale

Req = Request[Any, Any, Any]


async def staff_view(request: Req, row: dict[str, Any]) -> DossierOut:
    events = await rules.timeline(row["id"], citizen_view=False)
    return detail(row, request_locale(request), events, "staff")


class CounterApi(Controller):
    path = "/api/v1/counter/dossiers"
    tags = ["counter"]
    guards = [require_role("officer", "supervisor")]

    @get("/")
    async def queue(
        self,
        request: Req,
        status: FromQuery[str | None] = None,
        procedure: FromQuery[str | None] = None,
    ) -> list[DossierSummary]:
        """The office's dossiers, overdue first (search: POST /search)."""
        rows = await office_queue(principal_of(request), status=status, procedure=procedure, now=clock.now())
        return [summary(row, request_locale(request)) for row in rows]

    @post("/search", status_code=200)
    async def search(self, request: Req, data: JSONBody[QueueSearchIn]) -> list[DossierSummary]:
        """The queue filtered by `q`, a dossier code, phone or ID number, sent in the body so that
        it never appears in a URL."""
        rows = await office_queue(
            principal_of(request),
            status=data.status,
            procedure=data.procedure,
            q=data.q,
            now=clock.now(),
        )
        return [summary(row, request_locale(request)) for row in rows]

    @get("/{dossier_id:int}")
    async def get_one(self, request: Req, dossier_id: FromPath[int]) -> DossierOut:
        row, events = await dossier_with_timeline(principal_of(request), dossier_id)
        if row["status"] == "draft":
            raise Problem(404, "dossier_not_found")
        # Every staff read of a citizen's dossier is audited (who, which dossier, from where).
        await record_citizen_read(request, principal_of(request), int(row["citizen"]), f"dossier:{row['id']}")
        return detail(row, request_locale(request), events, "staff")

    @post("/{dossier_id:int}/{action:str}", status_code=200)
    async def act(
        self,
        request: Req,
        dossier_id: FromPath[int],
        action: FromPath[str],
        data: JSONBody[CounterActionIn | None] = None,
    ) -> DossierOut:
        """receive, refuse, start, request_supplement, approve, reject, result_ready, return.

        `receive` may carry `documents`: the required documents actually handed over, each
        `{"key": <required document key>, "pages": n}`; an unknown key answers 422."""
        if action not in STAFF_ACTIONS:
            raise Problem(404, "not_found")
        principal = principal_of(request)
        row = await dossier_for(principal, dossier_id)
        if row["status"] == "draft":
            raise Problem(404, "dossier_not_found")
        received = None
        if data is not None and data.documents is not None:
            received = clean_received(
                row["procedure_documents"], [{"key": d.key, "pages": d.pages} for d in data.documents]
            )
        moved = await rules.apply(
            principal,
            row,
            action,
            note=data.note if data else "",
            now=clock.now(),
            received_documents=received,
        )
        return await staff_view(request, moved)
