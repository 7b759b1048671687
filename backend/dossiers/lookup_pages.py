"""The public lookup: a form where anyone types a dossier code (`/lookup`), and the page the
receipt's QR opens (`/lookup/{code}`): status and due date only, rate-limited."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from backend.dossiers.lookup_api import LOOKUP_RATE, lookup
from backend.errors import Problem
from backend.web import page_context, request_locale


class LookupPages(Controller):
    path = "/lookup"
    include_in_schema = False
    middleware = [LOOKUP_RATE.middleware]

    @get("/")
    async def form(self, request: Request[Any, Any, Any], code: FromQuery[str] = "") -> Template:
        """The form; with `code`, that dossier's status, or the form again saying it was not found."""
        if not code.strip():
            return Template("dossiers/lookup_form.html", context=page_context(request, code=""))
        try:
            found = await lookup(code[:40], request_locale(request))
        except Problem:
            return Template(
                "dossiers/lookup_form.html",
                context=page_context(request, code=code[:40], not_found=True),
                status_code=404,
            )
        return Template("dossiers/lookup.html", context=page_context(request, dossier=found))

    @get("/{dossier_code:str}")
    async def by_code(self, request: Request[Any, Any, Any], dossier_code: FromPath[str]) -> Template:
        found = await lookup(dossier_code, request_locale(request))
        return Template("dossiers/lookup.html", context=page_context(request, dossier=found))
