"""The counter's side of documents: an officer digitises paper into the citizen's dossier (same
pipeline as the citizen's upload, provenance "digitised at the counter by <officer>") and
attaches the result (PDF or image) before or when making the result ready. Both are forms on the
counter dossier page (the partial uploads/_counter_documents.html, fed by `counter_panel`).

The files belong to the dossier's citizen: digitised papers enter their wallet for reuse, the
result enters it as a result (visible to the citizen once the result is ready).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from auth.guards import principal_of, require_role
from backend.dossiers.access import dossier_for
from backend.errors import Problem
from backend.uploads.documents import dossier_documents, result_files
from backend.uploads.dossier_files import required_document
from backend.uploads.pages import PAGE_BODY_LIMIT, upload_form
from backend.uploads.rules import accept_upload
from backend.uploads.tables import RESULT_KEY
from backend.uploads.wallet import keep_in_wallet
from backend.web import page_context, problem_text, request_locale

Req = Request[Any, Any, Any]

# Paper handed in at the counter: from submission until a decision.
DIGITISE_OPEN = frozenset({"submitted", "received", "processing", "waiting_for_supplement"})
# The result: once processing, until it is ready (it may be attached as the last step).
RESULT_OPEN = frozenset({"processing", "approved", "rejected", "result_ready"})


async def counter_panel(dossier: dict[str, Any], locale: str) -> dict[str, Any]:
    """What the counter dossier page shows about documents: pages with provenance, the result."""
    return {
        "documents": await dossier_documents(dossier, locale),
        "results": await result_files(dossier["id"]),
        "can_digitise": dossier["status"] in DIGITISE_OPEN,
        "can_attach_result": dossier["status"] in RESULT_OPEN,
    }


async def _office_dossier(request: Req, dossier_id: int) -> dict[str, Any]:
    row = await dossier_for(principal_of(request), dossier_id)  # another office's dossier: 404
    if row["status"] == "draft":
        raise Problem(404, "dossier_not_found")
    return row


class CounterFilePages(Controller):
    path = "/counter/dossiers"
    include_in_schema = False
    guards = [require_role("officer", "supervisor")]

    def _refused(self, request: Req, dossier: dict[str, Any], problem: Problem) -> Template:
        return Template(
            "uploads/counter_refused.html",
            context=page_context(
                request, dossier=dossier, error=problem_text(request_locale(request), problem)
            ),
            status_code=problem.status_code,
            headers={"Cache-Control": "no-store"},
        )

    async def _accept(self, request: Req, dossier_id: int, *, result: bool) -> Template | Redirect:
        principal = principal_of(request)
        dossier = await _office_dossier(request, dossier_id)
        file, document = await upload_form(request)
        try:
            if dossier["status"] not in (RESULT_OPEN if result else DIGITISE_OPEN):
                raise Problem(409, "upload_dossier_closed")
            if result:
                document = RESULT_KEY
            else:
                required_document(dossier, document)
            if file is None:
                raise Problem(422, "upload_empty")
            row = await accept_upload(
                dossier["citizen"],
                document,
                await file.read(),
                file.filename,
                file.content_type,
                dossier_id=dossier_id,
                source="result" if result else "digitised",
                added_by_staff=principal.id,
            )
            await keep_in_wallet(row)
        except Problem as problem:
            if problem.status_code == 404:
                raise
            return self._refused(request, dossier, problem)
        return Redirect(path=f"/counter/dossiers/{dossier_id}#documents", status_code=303)

    @post("/{dossier_id:int}/documents/digitise", request_max_body_size=PAGE_BODY_LIMIT)
    async def digitise(self, request: Req, dossier_id: FromPath[int]) -> Template | Redirect:
        """A scan or photo of a paper the citizen brought, as a page of one required document."""
        return await self._accept(request, dossier_id, result=False)

    @post("/{dossier_id:int}/result/file", request_max_body_size=PAGE_BODY_LIMIT)
    async def attach_result(self, request: Req, dossier_id: FromPath[int]) -> Template | Redirect:
        """The result document (a PDF or a photo of the signed paper) for the citizen."""
        return await self._accept(request, dossier_id, result=True)
