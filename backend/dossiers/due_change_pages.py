"""The apology letter with the new due date ("Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
printable: for the dossier's owner and the staff of its office, 404 for anyone else."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from auth.guards import principal_of, require_login
from backend.dossiers.access import dossier_for
from backend.dossiers.due_change import due_change
from backend.web import page_context

Req = Request[Any, Any, Any]


class ApologyPages(Controller):
    path = "/apology"
    include_in_schema = False
    guards = [require_login]

    @get("/{dossier_id:int}/{change_id:int}")
    async def letter(self, request: Req, dossier_id: FromPath[int], change_id: FromPath[int]) -> Template:
        dossier = await dossier_for(principal_of(request), dossier_id)
        change = await due_change(dossier_id, change_id)
        return Template(
            "dossiers/apology.html",
            context=page_context(
                request,
                dossier=dossier,
                change=change,
                applicant=str(dossier["answers"].get("full_name", "")),
            ),
            headers={"Cache-Control": "no-store"},
        )
