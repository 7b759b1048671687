"""The citizen's "Pay online" button on a dossier page: to the gateway, or back with a reason."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from auth.guards import principal_of, require_citizen
from backend.dossiers.access import dossier_for
from backend.dossiers.fee_api import start_fee_payment
from backend.dossiers.fees import fee_view
from backend.errors import Problem
from backend.web import page_context, request_locale
from i18n import translate

Req = Request[Any, Any, Any]


class DossierFeePages(Controller):
    path = "/dossiers"
    include_in_schema = False
    guards = [require_citizen]

    @post("/{dossier_id:int}/pay")
    async def pay(self, request: Req, dossier_id: FromPath[int]) -> Redirect | Template:
        try:
            started = await start_fee_payment(request, dossier_id)
        except Problem as problem:
            if problem.status_code == 404:
                raise
            row = await dossier_for(principal_of(request), dossier_id)
            message = translate(request_locale(request), f"problem.{problem.code}.title")
            return Template(
                "payments/dossier_fee_problem.html",
                context=page_context(request, dossier=row, fee=await fee_view(row), error=message),
                status_code=problem.status_code,
                headers={"Cache-Control": "no-store"},
            )
        return Redirect(path=started.redirect_url, status_code=303)
