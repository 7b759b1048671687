"""The citizen's wallet (GET /api/v1/wallet) and reusing one of its documents in a dossier
(POST /api/v1/dossiers/{id}/documents/{key}/reuse)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody

from auth.guards import principal_of, require_citizen
from backend.uploads.api import file_out
from backend.uploads.documents import RESULT_VISIBLE
from backend.uploads.dossier_files import dossier_taking_files
from backend.uploads.schemas import ReuseIn, StoredFileOut, WalletDocumentOut
from backend.uploads.tables import RESULT_KEY, StoredFile, WalletDocument
from backend.uploads.wallet import reuse
from backend.web import request_locale

Req = Request[Any, Any, Any]


class WalletApi(Controller):
    path = "/api/v1/wallet"
    tags = ["uploads"]
    guards = [require_citizen]

    @get("/")
    async def list_documents(self, request: Req) -> list[WalletDocumentOut]:
        """The citizen's documents, grouped by type (document key), oldest first within a type."""
        citizen = principal_of(request).id
        documents = (
            await WalletDocument.select()
            .where(
                (WalletDocument.citizen == citizen)
                # a result only once the office made it ready
                & (
                    (WalletDocument.document_key != RESULT_KEY)
                    | WalletDocument.dossier_id.status.is_in(list(RESULT_VISIBLE))
                )
            )
            .order_by(WalletDocument.document_key)
            .order_by(WalletDocument.id)
        )
        files = (
            await StoredFile.select(StoredFile.id, StoredFile.wallet_document, StoredFile.page_count)
            .where((StoredFile.owner == citizen) & StoredFile.wallet_document.is_not_null())
            .order_by(StoredFile.position)
            .order_by(StoredFile.id)
        )
        return [
            WalletDocumentOut(
                id=doc["id"],
                document=doc["document_key"],
                dossier_id=doc["dossier_id"],
                created_at=doc["created_at"],
                files=[f["id"] for f in files if f["wallet_document"] == doc["id"]],
                pages=sum(f["page_count"] for f in files if f["wallet_document"] == doc["id"]),
            )
            for doc in documents
        ]


class ReuseApi(Controller):
    path = "/api/v1/dossiers"
    tags = ["uploads"]
    guards = [require_citizen]

    @post("/{dossier_id:int}/documents/{document:str}/reuse", status_code=201)
    async def reuse_document(
        self, request: Req, dossier_id: FromPath[int], document: FromPath[str], data: JSONBody[ReuseIn]
    ) -> list[StoredFileOut]:
        """Attach an earlier digitised document from the wallet instead of photographing it again
        (when the procedure allows reuse for this document): its pages, with source "reused"."""
        principal = principal_of(request)
        dossier = await dossier_taking_files(principal, dossier_id, document)
        copies = await reuse(principal.id, dossier, document, data.wallet_document_id)
        return [file_out(row, request_locale(request)) for row in copies]
