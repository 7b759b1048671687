"""Supervisors' list of payments to refund by hand (payments/anomalies.py), for their office."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from auth.audit import client_ip
from auth.guards import principal_of, require_role
from backend.payments.anomalies import mark_refunded, refunds_for
from backend.web import page_context

Req = Request[Any, Any, Any]


class RefundPages(Controller):
    path = "/counter/payments/refunds"
    include_in_schema = False
    guards = [require_role("supervisor")]

    @get("/")
    async def refunds(self, request: Req) -> Template:
        rows = await refunds_for(principal_of(request))
        return Template(
            "payments/refunds.html",
            context=page_context(request, rows=rows),
            headers={"Cache-Control": "no-store"},
        )

    @post("/{reference:str}")
    async def refunded(self, request: Req, reference: FromPath[str]) -> Redirect:
        await mark_refunded(principal_of(request), reference, client_ip(request))
        return Redirect(path="/counter/payments/refunds", status_code=303)
