"""The supervisor's capacity page (/counter/windows): the office's windows, add one, change a
capacity or retire a window. Same rules as the API (windows.py); a refusal shows its reason."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from auth.guards import principal_of, require_role
from auth.pages import FormBody
from backend import clock
from backend.errors import Problem
from backend.scheduling import windows
from backend.scheduling.schemas import parse_hhmm, window_out
from backend.scheduling.tables import KINDS
from backend.web import page_context, request_locale
from i18n import translate

Req = Request[Any, Any, Any]


def _time(text: str) -> Any:
    try:
        return parse_hhmm(text.strip())
    except ValueError:
        raise Problem(422, "window_times_invalid") from None


def _number(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise Problem(422, "window_capacity_invalid") from None


class CapacityPages(Controller):
    path = "/counter/windows"
    include_in_schema = False
    guards = [require_role("supervisor", "admin")]

    async def _page(self, request: Req, error: str = "", status: int = 200) -> Template:
        rows = await windows.office_windows(principal_of(request))
        return Template(
            "scheduling/windows.html",
            context=page_context(request, windows=[window_out(r) for r in rows], kinds=KINDS, error=error),
            status_code=status,
            headers={"Cache-Control": "no-store"},
        )

    def _refused(self, request: Req, problem: Problem) -> str:
        return translate(request_locale(request), f"problem.{problem.code}.title", **problem.params)

    @get("/")
    async def list_page(self, request: Req) -> Template:
        return await self._page(request)

    @post("/")
    async def add(self, request: Req, data: FormBody) -> Template | Redirect:
        try:
            await windows.create_window(
                principal_of(request),
                str(data.get("kind", "")),
                _time(str(data.get("starts", ""))),
                _time(str(data.get("ends", ""))),
                _number(str(data.get("capacity", ""))),
            )
        except Problem as problem:
            return await self._page(request, self._refused(request, problem), problem.status_code)
        return Redirect(path="/counter/windows", status_code=303)

    @post("/{window_id:int}")
    async def change(self, request: Req, window_id: FromPath[int], data: FormBody) -> Template | Redirect:
        try:
            await windows.update_window(
                principal_of(request),
                window_id,
                capacity=_number(str(data.get("capacity", ""))) if data.get("capacity") else None,
                active=data.get("active") == "on" if "active_set" in data else None,
                today=clock.today(),
            )
        except Problem as problem:
            if problem.status_code == 404:
                raise
            return await self._page(request, self._refused(request, problem), problem.status_code)
        return Redirect(path="/counter/windows", status_code=303)
