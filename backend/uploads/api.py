"""GET /api/v1/files/{id}: a stored (normalised) file, to its owner and to the staff of the office
handling its dossier; anyone else gets 404. GET /api/v1/dossiers/{id}/documents/{key}/pdf: the
pages of one required document as one PDF, to the same people.

`receive_upload` is what an upload endpoint (POST /api/v1/dossiers/{id}/files) calls once it has
checked the dossier: the form in, the stored file's description out.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.params import FromPath, FromQuery

from auth.guards import principal_of, require_login
from auth.principal import Principal
from backend.dossiers.access import dossier_for
from backend.settings import get_settings
from backend.uploads.access import file_for
from backend.uploads.rules import accept_upload, describe, document_pdf, read_content
from backend.uploads.schemas import StoredFileOut, UploadForm
from backend.uploads.wallet import keep_in_wallet
from backend.web import request_locale
from i18n import translate

# Route-level body limit for upload endpoints: `@post(..., request_max_body_size=UPLOAD_BODY_LIMIT)`.
# Litestar answers 413 from Content-Length before reading, or as soon as the stream passes it.
UPLOAD_BODY_LIMIT = get_settings().upload_max_bytes


def file_out(row: Any, locale: str) -> StoredFileOut:
    info = describe(row)
    texts = [translate(locale, f"upload.warning.{code}") for code in info["warnings"]]
    return StoredFileOut(**info, warning_texts=texts)


async def receive_upload(
    request: Request[Any, Any, Any], form: UploadForm, *, dossier_id: int | None = None
) -> StoredFileOut:
    """Accept `form` for the logged-in citizen: the whole of an upload endpoint after its checks."""
    data = await form.file.read()
    row = await accept_upload(
        principal_of(request).id,
        form.document,
        data,
        form.file.filename,
        form.file.content_type,
        dossier_id=dossier_id,
    )
    if dossier_id is not None:
        await keep_in_wallet(row)
    return file_out(row, request_locale(request))


def _headers(row: Any, thumbnail: bool) -> dict[str, str]:
    extension = "jpg" if thumbnail or row.mime == "image/jpeg" else "pdf"
    name = f"motcua-{row.id}{'-thumb' if thumbnail else ''}.{extension}"  # never the uploaded name
    return {
        "Content-Disposition": f'inline; filename="{name}"',
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
    }


async def file_response(principal: Principal, file_id: int, *, thumbnail: bool = False) -> Response[bytes]:
    """The download of a stored file for whoever `file_for` lets see it (the API and the pages)."""
    row = await file_for(principal, file_id)
    thumb = bool(thumbnail and row.thumbnail_key)
    content = await read_content(row, thumbnail=thumb)
    return Response(
        content=content, media_type="image/jpeg" if thumb else row.mime, headers=_headers(row, thumb)
    )


async def document_pdf_response(principal: Principal, dossier_id: int, document: str) -> Response[bytes]:
    """The pages of `document` in the dossier as one PDF, to whoever may see the dossier."""
    dossier = await dossier_for(principal, dossier_id)
    content = await document_pdf(dossier["citizen"], document, dossier_id)
    headers = {
        "Content-Disposition": f'inline; filename="motcua-{dossier_id}-document.pdf"',
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
    }
    return Response(content=content, media_type="application/pdf", headers=headers)


class FilesApi(Controller):
    path = "/api/v1/files"
    tags = ["uploads"]
    guards = [require_login]

    @get("/{file_id:int}")
    async def download(
        self,
        request: Request[Any, Any, Any],
        file_id: FromPath[int],
        thumbnail: FromQuery[bool] = False,
    ) -> Response[bytes]:
        """The stored file (`?thumbnail=true`: its small JPEG preview, when it has one)."""
        return await file_response(principal_of(request), file_id, thumbnail=thumbnail)

    @get("/{file_id:int}/info")
    async def info(self, request: Request[Any, Any, Any], file_id: FromPath[int]) -> StoredFileOut:
        row = await file_for(principal_of(request), file_id)
        return file_out(row, request_locale(request))


class DocumentPdfApi(Controller):
    path = "/api/v1/dossiers"
    tags = ["uploads"]
    guards = [require_login]

    @get("/{dossier_id:int}/documents/{document:str}/pdf")
    async def document(
        self, request: Request[Any, Any, Any], dossier_id: FromPath[int], document: FromPath[str]
    ) -> Response[bytes]:
        """The pages of `document` in this dossier as one PDF (404 when it has none)."""
        return await document_pdf_response(principal_of(request), dossier_id, document)
