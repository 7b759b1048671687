"""Counter pages for officers and supervisors of an office: the queue (filters, overdue first,
search by code, phone or ID number) and a dossier with one button per allowed action.

The actions call the same functions as the counter API (rules.apply); a refused action shows
its reason on the page and changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from auth.guards import principal_of, require_role
from auth.pages import FormBody
from backend import clock
from backend.calendar.store import load_calendar
from backend.dossiers import rules
from backend.dossiers.access import dossier_for
from backend.dossiers.due_change import due_changes, set_new_due_date, soon_limit
from backend.dossiers.fees import fee_view
from backend.dossiers.queue import is_due_soon, is_overdue, office_queue
from backend.dossiers.reception import from_form, received_lines
from backend.dossiers.state import STAFF_ACTIONS, STATUSES, TRANSITIONS, actions_from
from backend.errors import Problem
from backend.procedures.rules import get_procedure, search
from backend.uploads.counter_pages import counter_panel
from backend.web import page_context, request_locale
from i18n import translate
from i18n.formatting import parse_day

Req = Request[Any, Any, Any]


async def _office_dossier(request: Req, dossier_id: int) -> dict[str, Any]:
    row = await dossier_for(principal_of(request), dossier_id)
    if row["status"] == "draft":
        raise Problem(404, "dossier_not_found")
    return row


def _form_date(text: str) -> date:
    """yyyy-mm-dd from a date input, or dd/mm/yyyy typed where the browser has none."""
    day = parse_day(text)
    if day is None:
        raise Problem(422, "new_due_date_invalid")
    return day


class CounterDossierPages(Controller):
    path = "/counter/dossiers"
    include_in_schema = False
    guards = [require_role("officer", "supervisor")]

    @get("/")
    async def queue_page(
        self, request: Req, status: FromQuery[str] = "", procedure: FromQuery[str] = ""
    ) -> Template:
        return await self._queue(request, status, procedure, "")

    @post("/")
    async def search_page(self, request: Req, data: FormBody) -> Template:
        """The search form posts: a phone, ID number or name never goes into the URL."""
        return await self._queue(
            request, data.get("status", ""), data.get("procedure", ""), data.get("q", "").strip()[:100]
        )

    async def _queue(self, request: Req, status: str, procedure: str, q: str) -> Template:
        now = clock.now()
        rows = await office_queue(
            principal_of(request), status=status or None, procedure=procedure or None, q=q or None, now=now
        )
        return Template(
            "dossiers/counter_queue.html",
            context=page_context(
                request,
                rows=rows,
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
        now = clock.now()
        overdue = is_overdue(row, now)
        late_or_soon = overdue or is_due_soon(row, now, soon_limit(now, await load_calendar()))
        return Template(
            "dossiers/counter_detail.html",
            context=page_context(
                request,
                dossier=row,
                labels=(await get_procedure(row["procedure_code"]))["form"]["labels"],
                events=await rules.timeline(row["id"], citizen_view=False),
                actions=actions_from(row["status"], "staff"),
                notes_required={name for name, t in TRANSITIONS.items() if t.note_required},
                documents=row["procedure_documents"] or [],
                received=received_lines(row, request_locale(request)),
                overdue=overdue,
                due_change_allowed=late_or_soon,
                due_changes=await due_changes(row["id"]),
                error=error,
                fee=await fee_view(row),
                uploads=await counter_panel(row, request_locale(request)),
            ),
            status_code=status,
            headers={"Cache-Control": "no-store"},
        )

    @get("/{dossier_id:int}")
    async def detail_page(self, request: Req, dossier_id: FromPath[int]) -> Template:
        return await self._detail(request, await _office_dossier(request, dossier_id))

    @post("/{dossier_id:int}/due-date")
    async def new_due_date(
        self, request: Req, dossier_id: FromPath[int], data: FormBody
    ) -> Template | Redirect:
        """The new-date-with-apology form (backend/dossiers/due_change.py)."""
        await _office_dossier(request, dossier_id)
        try:
            await set_new_due_date(
                principal_of(request),
                dossier_id,
                _form_date(data.get("new_due_date", "")),
                data.get("reason", ""),
                now=clock.now(),
            )
        except Problem as problem:
            if problem.status_code == 404:
                raise
            message = translate(request_locale(request), f"problem.{problem.code}.title")
            return await self._detail(
                request, await _office_dossier(request, dossier_id), message, problem.status_code
            )
        return Redirect(path=f"/counter/dossiers/{dossier_id}", status_code=303)

    @post("/{dossier_id:int}/{action:str}")
    async def act(
        self, request: Req, dossier_id: FromPath[int], action: FromPath[str], data: FormBody
    ) -> Template | Redirect:
        if action not in STAFF_ACTIONS:
            raise Problem(404, "not_found")
        row = await _office_dossier(request, dossier_id)
        try:
            received = from_form(row["procedure_documents"], data) if action == "receive" else None
            await rules.apply(
                principal_of(request),
                row,
                action,
                note=data.get("note", ""),
                now=clock.now(),
                received_documents=received,
            )
        except Problem as problem:
            if problem.status_code == 404:
                raise
            message = translate(request_locale(request), f"problem.{problem.code}.title", **problem.params)
            return await self._detail(
                request, await _office_dossier(request, dossier_id), message, problem.status_code
            )
        return Redirect(path=f"/counter/dossiers/{dossier_id}", status_code=303)
