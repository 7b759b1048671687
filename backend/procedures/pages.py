"""Procedure pages: search the catalogue, read one procedure (papers, fee, time, channels and
the result date if submitted now)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from backend import clock
from backend.procedures import rules
from backend.procedures.schemas import detail, summary
from backend.web import page_context, request_locale


class ProcedurePages(Controller):
    path = "/procedures"
    include_in_schema = False

    @get("/")
    async def list_page(
        self,
        request: Request[Any, Any, Any],
        q: FromQuery[str | None] = None,
        field: FromQuery[str | None] = None,
    ) -> Template:
        locale = request_locale(request)
        rows = await rules.search(q, field or None)
        return Template(
            "procedures/list.html",
            context=page_context(
                request,
                procedures=[summary(row, locale) for row in rows],
                fields=await rules.fields(),
                q=q or "",
                field=field or "",
            ),
        )

    @get("/{code:str}")
    async def detail_page(self, request: Request[Any, Any, Any], code: FromPath[str]) -> Template:
        row = await rules.get_procedure(code)
        due_now = await rules.due_if_received(row, clock.now())
        return Template(
            "procedures/detail.html",
            context=page_context(
                request,
                procedure=detail(row, request_locale(request), due_now),
                citizen=getattr(request.scope.get("user"), "kind", None) == "citizen",
            ),
        )
