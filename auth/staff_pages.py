"""Staff pages: log in with username and password; landing page for the counter showing who is logged
in and for which office; the courier app is backend/courier/pages.py."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from auth import audit
from auth.guards import principal_of, require_role
from auth.login import staff_password_login
from auth.pages import FormBody, _error_text, _form_page, logged_in
from auth.profiles import profile_of
from backend.errors import Problem
from backend.home.pages import safe_next

COUNTER_ROLES = ("officer", "supervisor", "admin")


class StaffPages(Controller):
    include_in_schema = False

    @get("/staff/login")
    async def login_form(self, request: Request[Any, Any, Any], next: FromQuery[str] = "") -> Template:
        return _form_page(request, "auth/staff_login.html", next=safe_next(next) if next else "")

    @post("/staff/login")
    async def login(
        self, request: Request[Any, Any, Any], state: State, data: FormBody
    ) -> Template | Redirect:
        username = data.get("username", "").strip()
        next_path = safe_next(data.get("next")) if data.get("next") else ""
        try:
            principal = await staff_password_login(
                state, username, data.get("password", ""), audit.client_ip(request)
            )
        except Problem as problem:
            return _form_page(
                request,
                "auth/staff_login.html",
                problem.status_code,
                next=next_path,
                username=username,
                error=_error_text(request, problem),
            )
        return await logged_in(state, principal, next_path or principal.home)


class CounterPages(Controller):
    include_in_schema = False
    guards = [require_role(*COUNTER_ROLES)]

    @get("/counter")
    async def counter(self, request: Request[Any, Any, Any]) -> Template:
        me = await profile_of(principal_of(request))
        return _form_page(request, "auth/staff_home.html", me=me, area="counter")
