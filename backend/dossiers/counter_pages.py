"""Counter pages for officers and supervisors of an office: the queue (filters, overdue first,
search by code, phone or ID number) and a dossier with one button per allowed action.

The actions call the same functions as the counter API (rules.apply); a refused action shows
its reason on the page and changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from auth.guards import principal_of, require_role
from auth.pages import FormBody
from backend.dossiers import rules
from backend.dossiers.access import dossier_for
from backend.dossiers.queue import is_overdue, office_queue
from backend.dossiers.state import STAFF_ACTIONS, STATUSES, TRANSITIONS, actions_from
from backend.errors import Problem
from backend.procedures.rules import get_procedure, search
from backend.uploads.counter_pages import counter_panel
from backend.web import page_context, request_locale
from i18n import translate

Req = Request[Any, Any, Any]


async def _office_dossier(request: Req, dossier_id: int) -> dict[str, Any]:
    row = await dossier_for(principal_of(request), dossier_id)
    if row["status"] == "draft":
        raise Problem(404, "dossier_not_found")
    return row


class CounterDossierPages(Controller):
    path = "/counter/dossiers"
    include_in_schema = False
    guards = [require_role("officer", "supervisor")]

    @get("/")
    async def queue_page(
        self,
        request: Req,
        status: FromQuery[str] = "",
        procedure: FromQuery[str] = "",
        q: FromQuery[str] = "",
    ) -> Template:
        now = datetime.now(UTC)
        rows = await office_queue(
            principal_of(request), status=status or None, procedure=procedure or None, q=q or None, now=now
        )
        return Template(
            "dossiers/counter_queue.html",
            context=page_context(
                request,
                rows=[{**row, "overdue": is_overdue(row, now)} for row in rows],
                statuses=[s for s in STATUSES if s != "draft"],
                procedures=await search(),
                status=status,
                procedure=procedure,
                q=q,
            ),
        )

    async def _detail(
        self, request: Req, row: dict[str, Any], error: str = "", status: int = 200
    ) -> Template:
        return Template(
            "dossiers/counter_detail.html",
            context=page_context(
                request,
                dossier=row,
                labels=(await get_procedure(row["procedure_code"]))["form"]["labels"],
                events=await rules.timeline(row["id"], citizen_view=False),
                actions=actions_from(row["status"], "staff"),
                notes_required={name for name, t in TRANSITIONS.items() if t.note_required},
                overdue=is_overdue(row, datetime.now(UTC)),
                error=error,
                uploads=await counter_panel(row, request_locale(request)),
            ),
            status_code=status,
            headers={"Cache-Control": "no-store"},
        )

    @get("/{dossier_id:int}")
    async def detail_page(self, request: Req, dossier_id: FromPath[int]) -> Template:
        return await self._detail(request, await _office_dossier(request, dossier_id))

    @post("/{dossier_id:int}/{action:str}")
    async def act(
        self, request: Req, dossier_id: FromPath[int], action: FromPath[str], data: FormBody
    ) -> Template | Redirect:
        if action not in STAFF_ACTIONS:
            raise Problem(404, "not_found")
        row = await _office_dossier(request, dossier_id)
        try:
            await rules.apply(
                principal_of(request), row, action, note=data.get("note", ""), now=datetime.now(UTC)
            )
        except Problem as problem:
            if problem.status_code == 404:
                raise
            message = translate(request_locale(request), f"problem.{problem.code}.title")
            return await self._detail(
                request, await _office_dossier(request, dossier_id), message, problem.status_code
            )
        return Redirect(path=f"/counter/dossiers/{dossier_id}", status_code=303)
