"""The receipt page and PDF: for the dossier's owner and the staff of its office (404 for
anyone else, and before the dossier was received)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.datastructures import State
from litestar.params import FromPath
from litestar.response import Template

from auth.guards import principal_of, require_login
from backend.dossiers.access import dossier_for
from backend.dossiers.receipt import (
    documents,
    lookup_url,
    qr_svg,
    receipt_lines,
    receipt_pdf,
    require_received,
)
from backend.web import page_context, request_locale

Req = Request[Any, Any, Any]


async def _received(request: Req, dossier_id: int) -> dict[str, Any]:
    row = await dossier_for(principal_of(request), dossier_id)
    require_received(row)
    return row


class ReceiptPages(Controller):
    path = "/receipts"
    include_in_schema = False
    guards = [require_login]

    @get("/{dossier_id:int}")
    async def page(self, request: Req, state: State, dossier_id: FromPath[int]) -> Template:
        row = await _received(request, dossier_id)
        locale = request_locale(request)
        url = lookup_url(state.settings.base_url, row["code"])
        return Template(
            "dossiers/receipt.html",
            context=page_context(
                request,
                dossier=row,
                lines=receipt_lines(row, locale),
                documents=documents(row, locale),
                qr=qr_svg(url),
                lookup=url,
            ),
            headers={"Cache-Control": "no-store"},
        )

    @get("/{dossier_id:int}/pdf")
    async def pdf(self, request: Req, state: State, dossier_id: FromPath[int]) -> Response[bytes]:
        row = await _received(request, dossier_id)
        url = lookup_url(state.settings.base_url, row["code"])
        return Response(
            receipt_pdf(row, request_locale(request), url),
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="giay-tiep-nhan-{row["code"]}.pdf"',
                "Cache-Control": "no-store",
            },
        )
