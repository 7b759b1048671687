"""GET /wallet: the citizen's digitised papers grouped by document type (with the dossier each
came with, thumbnails and downloads) and the results they received. `citizen_panel` feeds the
documents block of the citizen's dossier page (uploads/_dossier_files.html)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from auth.guards import principal_of, require_citizen
from backend.procedures.tables import Procedure
from backend.uploads.documents import RESULT_VISIBLE, result_files
from backend.uploads.dossier_files import OPEN_FOR_FILES
from backend.uploads.tables import RESULT_KEY, StoredFile, WalletDocument
from backend.web import page_context, request_locale

Req = Request[Any, Any, Any]


async def document_names(locale: str) -> dict[str, str]:
    """Document key → its name in `locale`, from the catalogue's required documents."""
    names: dict[str, str] = {}
    for row in await Procedure.select(Procedure.documents).output(load_json=True):
        for doc in row["documents"] or []:
            names.setdefault(doc["key"], doc.get(f"name_{locale}") or doc.get("name_vi") or doc["key"])
    return names


async def wallet_of(citizen: int, locale: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(groups of papers by document type, results), newest first within each."""
    docs = (
        await WalletDocument.select(
            WalletDocument.id,
            WalletDocument.document_key,
            WalletDocument.created_at,
            WalletDocument.dossier_id.as_alias("dossier"),
            WalletDocument.dossier_id.code.as_alias("code"),
            WalletDocument.dossier_id.status.as_alias("status"),
            WalletDocument.dossier_id.procedure.name_vi.as_alias("procedure_vi"),  # type: ignore[union-attr]
            WalletDocument.dossier_id.procedure.name_en.as_alias("procedure_en"),  # type: ignore[union-attr]
        )
        .where(WalletDocument.citizen == citizen)
        .order_by(WalletDocument.id, ascending=False)
    )
    files = (
        await StoredFile.select(
            StoredFile.id, StoredFile.wallet_document, StoredFile.mime, StoredFile.thumbnail_key
        )
        .where(StoredFile.wallet_document.is_in([d["id"] for d in docs] or [-1]))
        .order_by(StoredFile.position)
    )
    names = await document_names(locale)
    groups: dict[str, dict[str, Any]] = {}
    results = []
    for doc in docs:
        doc["files"] = [f for f in files if f["wallet_document"] == doc["id"]]
        doc["procedure"] = doc[f"procedure_{locale}"] or doc["procedure_vi"]
        if not doc["files"]:
            continue
        if doc["document_key"] == RESULT_KEY:
            if doc["status"] in RESULT_VISIBLE:
                results.append(doc)
            continue
        key = doc["document_key"]
        groups.setdefault(key, {"key": key, "name": names.get(key, key), "documents": []})[
            "documents"
        ].append(doc)
    return sorted(groups.values(), key=lambda g: g["name"]), results


async def citizen_panel(dossier: dict[str, Any]) -> dict[str, Any]:
    """The citizen's dossier page: how many pages it holds, whether more may be added, and the
    result files once the result is ready."""
    pages = await StoredFile.count().where(
        (StoredFile.dossier_id == dossier["id"]) & (StoredFile.document_key != RESULT_KEY)
    )
    ready = dossier["status"] in RESULT_VISIBLE
    return {
        "pages": pages,
        "editable": dossier["status"] in OPEN_FOR_FILES,
        "results": await result_files(dossier["id"]) if ready else [],
    }


class WalletPages(Controller):
    path = "/wallet"
    include_in_schema = False
    guards = [require_citizen]

    @get("/")
    async def wallet_page(self, request: Req) -> Template:
        locale = request_locale(request)
        groups, results = await wallet_of(principal_of(request).id, locale)
        return Template(
            "uploads/wallet.html",
            context=page_context(request, groups=groups, results=results),
            headers={"Cache-Control": "no-store"},
        )
