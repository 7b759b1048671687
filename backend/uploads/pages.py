"""The citizen's document pages of a dossier: per required document, photograph or pick pages
(a plain multipart form with the CSRF token; photo-capture.mjs downscales and shows progress when
JavaScript runs), see them with their quality warnings, remove one, or reuse a paper from the
wallet with one tap. Also GET /files/{id}: a stored file for the pages (session cookie), to the
same people as the API.

A refused file (413/415/422) re-renders the page with the reason and its status; nothing is kept.
A request that asks only for JSON (photo-capture.mjs) gets the problem document instead.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from auth.guards import principal_of, require_citizen, require_login
from auth.pages import FormBody
from backend.dossiers.access import dossier_for
from backend.dossiers.journey import step_label
from backend.dossiers.papers import hand_over_allowed
from backend.errors import Problem
from backend.procedures.rules import get_procedure
from backend.settings import get_settings
from backend.uploads.api import document_pdf_response, file_out, file_response
from backend.uploads.documents import dossier_documents, remove_page
from backend.uploads.dossier_files import OPEN_FOR_FILES, dossier_taking_files
from backend.uploads.rules import accept_upload
from backend.uploads.wallet import keep_in_wallet, reuse
from backend.web import page_context, problem_text, request_locale, wants_json

Req = Request[Any, Any, Any]

# The form around the file (CSRF token, document key, multipart boundaries) needs a little room
# above the file limit, so that a file just over it is refused by accept_upload with the page
# message rather than by the server's body limit (which still answers 413, on the error page).
PAGE_BODY_LIMIT = get_settings().upload_max_bytes + 64 * 1024


async def upload_form(request: Req) -> tuple[UploadFile | None, str]:
    """(file, document) from the multipart form; an empty file input counts as no file."""
    form = await request.form()
    file = form.get("file")
    document = form.get("document")
    if not isinstance(file, UploadFile) or not file.filename:
        file = None
    return file, document if isinstance(document, str) else ""


class UploadPages(Controller):
    path = "/dossiers"
    include_in_schema = False
    guards = [require_citizen]

    async def _render(self, request: Req, dossier_id: int, error: str = "", status: int = 200) -> Template:
        dossier = await dossier_for(principal_of(request), dossier_id)
        editable = dossier["status"] in OPEN_FOR_FILES
        documents = await dossier_documents(dossier, request_locale(request), wallet=editable)
        journey, handover = None, []
        if dossier["status"] == "draft":  # the papers step of applying
            procedure = await get_procedure(dossier["procedure_code"])
            journey = step_label(procedure, dossier, "papers")
            handover = [c for c in procedure["channels"] if hand_over_allowed(c)]
        return Template(
            "uploads/files.html",
            context=page_context(
                request,
                dossier=dossier,
                documents=documents,
                editable=editable,
                error=error,
                journey=journey,
                handover=handover,
            ),
            status_code=status,
            headers={"Cache-Control": "no-store"},
        )

    async def _refused(self, request: Req, dossier_id: int, problem: Problem) -> Template:
        if problem.status_code == 404 or wants_json(request):
            raise problem
        message = problem_text(request_locale(request), problem)
        return await self._render(request, dossier_id, message, problem.status_code)

    @get("/{dossier_id:int}/files")
    async def files_page(self, request: Req, dossier_id: FromPath[int]) -> Template:
        return await self._render(request, dossier_id)

    @post("/{dossier_id:int}/files", request_max_body_size=PAGE_BODY_LIMIT)
    async def upload(self, request: Req, dossier_id: FromPath[int]) -> Template | Redirect | Response[Any]:
        principal = principal_of(request)
        file, document = await upload_form(request)
        try:
            await dossier_taking_files(principal, dossier_id, document)
            if file is None:
                raise Problem(422, "upload_empty")
            row = await accept_upload(
                principal.id,
                document,
                await file.read(),
                file.filename,
                file.content_type,
                dossier_id=dossier_id,
            )
            await keep_in_wallet(row)
        except Problem as problem:
            return await self._refused(request, dossier_id, problem)
        if wants_json(request):
            return Response(file_out(row, request_locale(request)), status_code=201)
        return Redirect(path=f"/dossiers/{dossier_id}/files#doc-{document}", status_code=303)

    @post("/{dossier_id:int}/files/{file_id:int}/remove")
    async def remove(
        self, request: Req, dossier_id: FromPath[int], file_id: FromPath[int]
    ) -> Template | Redirect:
        principal = principal_of(request)
        dossier = await dossier_for(principal, dossier_id)
        if dossier["status"] not in OPEN_FOR_FILES:
            return await self._refused(request, dossier_id, Problem(409, "upload_dossier_closed"))
        await remove_page(principal.id, dossier_id, file_id)
        return Redirect(path=f"/dossiers/{dossier_id}/files", status_code=303)

    @post("/{dossier_id:int}/documents/{document:str}/reuse")
    async def reuse_document(
        self, request: Req, dossier_id: FromPath[int], document: FromPath[str], data: FormBody
    ) -> Template | Redirect:
        """One tap: the wallet document's pages join this dossier (when the procedure allows)."""
        principal = principal_of(request)
        try:
            dossier = await dossier_taking_files(principal, dossier_id, document)
            wallet_id = data.get("wallet_document_id", "")
            if not wallet_id.isdigit():
                raise Problem(404, "not_found")
            await reuse(principal.id, dossier, document, int(wallet_id))
        except Problem as problem:
            return await self._refused(request, dossier_id, problem)
        return Redirect(path=f"/dossiers/{dossier_id}/files#doc-{document}", status_code=303)


class FilePages(Controller):
    path = "/files"
    include_in_schema = False
    guards = [require_login]

    @get("/{file_id:int}")
    async def download(
        self, request: Req, file_id: FromPath[int], thumbnail: FromQuery[bool] = False
    ) -> Response[bytes]:
        """A page, PDF or result (`?thumbnail=true`: its preview) for pages and `<img>` tags."""
        return await file_response(principal_of(request), file_id, thumbnail=thumbnail)

    @get("/dossiers/{dossier_id:int}/{document:str}/pdf")
    async def document_pdf(
        self, request: Req, dossier_id: FromPath[int], document: FromPath[str]
    ) -> Response[bytes]:
        """All pages of one document of a dossier as one PDF (citizen and office staff)."""
        return await document_pdf_response(principal_of(request), dossier_id, document)
