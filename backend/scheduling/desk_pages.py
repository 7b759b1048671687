"""The counter's appointment desk page (/counter/appointments): a day's appointments of the
office by window and kind, search, check-in and no-show buttons. Decisions are in desk.py."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from auth.guards import principal_of, require_role
from auth.pages import FormBody
from backend import clock
from backend.errors import Problem
from backend.scheduling import desk
from backend.scheduling.pages import refusal
from backend.scheduling.tables import KINDS
from backend.web import page_context, request_locale
from i18n import translate
from i18n.formatting import format_date, parse_day

Req = Request[Any, Any, Any]


class AppointmentPages(Controller):
    path = "/counter/appointments"
    include_in_schema = False
    guards = [require_role("officer", "supervisor")]

    async def _page(
        self, request: Req, day_text: str, kind: str, q: str, error: str = "", status: int = 200
    ) -> Template:
        today = clock.today()
        day = parse_day(day_text) if day_text else today
        if day is None:
            day, error, status = today, translate(request_locale(request), "appointments.bad_day"), 400
        rows = await desk.appointments(
            principal_of(request), day, kind=kind if kind in KINDS else None, q=q or None
        )
        return Template(
            "scheduling/appointments.html",
            context=page_context(
                request,
                day=day,
                day_text=format_date(day),
                kind=kind,
                kinds=KINDS,
                q=q,
                groups=desk.grouped(rows),
                error=error,
            ),
            status_code=status,
            headers={"Cache-Control": "no-store"},
        )

    @get("/")
    async def day_page(self, request: Req, day: FromQuery[str] = "", kind: FromQuery[str] = "") -> Template:
        return await self._page(request, day, kind, "")

    @post("/")
    async def search_page(self, request: Req, data: FormBody) -> Template:
        """The search form posts: a phone, ID number or name never goes into the URL."""
        return await self._page(
            request, data.get("day", ""), data.get("kind", ""), data.get("q", "").strip()[:100]
        )

    @post("/{booking_id:int}/{action:str}")
    async def mark(
        self, request: Req, booking_id: FromPath[int], action: FromPath[str], data: FormBody
    ) -> Template | Redirect:
        names = {"check-in": "check_in", "no-show": "no_show"}
        if action not in names:
            raise Problem(404, "not_found")
        day_text = str(data.get("day", ""))
        try:
            await desk.mark(principal_of(request), booking_id, names[action], now=clock.now())
        except Problem as problem:
            if problem.status_code == 404:
                raise
            return await self._page(request, day_text, "", "", refusal(request, problem), problem.status_code)
        return Redirect(path="/counter/appointments", query_params={"day": day_text}, status_code=303)
