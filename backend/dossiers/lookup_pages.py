"""The public lookup page the receipt's QR opens: status and due date only, rate-limited."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from backend.dossiers.lookup_api import LOOKUP_RATE, lookup
from backend.web import page_context, request_locale


class LookupPages(Controller):
    path = "/lookup"
    include_in_schema = False
    middleware = [LOOKUP_RATE.middleware]

    @get("/{dossier_code:str}")
    async def by_code(self, request: Request[Any, Any, Any], dossier_code: FromPath[str]) -> Template:
        found = await lookup(dossier_code, request_locale(request))
        return Template("dossiers/lookup.html", context=page_context(request, dossier=found))
