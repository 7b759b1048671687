"""A dossier's documents as the pages show them: per required document its pages with their
provenance (uploaded now, reused from dossier X, digitised at the counter by whom) and quality
warnings; the wallet documents that could be reused for it; removing a page; the result files.
"""

from __future__ import annotations

from typing import Any

from auth.tables import StaffUser
from backend.dossiers.tables import Dossier
from backend.errors import Problem
from backend.settings import get_settings
from backend.uploads.storage import Storage, storage_for
from backend.uploads.tables import RESULT_KEY, StoredFile, WalletDocument
from i18n import translate

# The citizen may download the result once the office made it ready.
RESULT_VISIBLE = frozenset({"result_ready", "returned"})


async def _files(dossier_id: int, *, results: bool) -> list[dict[str, Any]]:
    key = StoredFile.document_key
    key_filter = (key == RESULT_KEY) if results else (key != RESULT_KEY)
    rows = (
        await StoredFile.select()
        .where((StoredFile.dossier_id == dossier_id) & key_filter)
        .order_by(StoredFile.position)
        .order_by(StoredFile.id)
        .output(load_json=True)
    )
    return await with_provenance(rows)


async def with_provenance(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Adds `from_code` (the dossier a reused page came from) and `by_name` (the officer who
    digitised or attached it) to stored-file rows."""
    originals = [row["reused_from"] for row in rows if row["reused_from"]]
    codes: dict[int, str] = {}
    if originals:
        found = await StoredFile.select(StoredFile.id, StoredFile.dossier_id.code.as_alias("code")).where(
            StoredFile.id.is_in(originals)
        )
        codes = {row["id"]: row["code"] for row in found}
    staff_ids = sorted({row["added_by_staff"] for row in rows if row["added_by_staff"]})
    names: dict[int, str] = {}
    if staff_ids:
        found = await StaffUser.select(StaffUser.id, StaffUser.full_name).where(StaffUser.id.is_in(staff_ids))
        names = {row["id"]: row["full_name"] for row in found}
    return [
        {
            **row,
            "from_code": codes.get(row["reused_from"] or 0),
            "by_name": names.get(row["added_by_staff"] or 0),
        }
        for row in rows
    ]


def _name(document: dict[str, Any], locale: str) -> str:
    return str(document.get(f"name_{locale}") or document.get("name_vi") or document["key"])


async def reusable_from_wallet(citizen: int, dossier_id: int) -> dict[str, list[dict[str, Any]]]:
    """The citizen's wallet documents from other dossiers, by document key, newest first, with
    the code of the dossier each came with and its page count."""
    rows = (
        await WalletDocument.select(
            WalletDocument.id,
            WalletDocument.document_key,
            WalletDocument.dossier_id.code.as_alias("code"),
        )
        .where((WalletDocument.citizen == citizen) & (WalletDocument.document_key != RESULT_KEY))
        .order_by(WalletDocument.id, ascending=False)
    )
    pages = await StoredFile.select(StoredFile.wallet_document, StoredFile.page_count).where(
        (StoredFile.owner == citizen) & StoredFile.wallet_document.is_in([r["id"] for r in rows] or [-1])
    )
    counts: dict[int, int] = {}
    for page in pages:
        counts[page["wallet_document"]] = counts.get(page["wallet_document"], 0) + page["page_count"]
    # Not offered: the dossier's own papers, and those already reused into it.
    here = await StoredFile.select(StoredFile.wallet_document, StoredFile.reused_from).where(
        StoredFile.dossier_id == dossier_id
    )
    same_dossier = {row["wallet_document"] for row in here}
    reused = [row["reused_from"] for row in here if row["reused_from"]]
    if reused:
        origins = await StoredFile.select(StoredFile.wallet_document).where(StoredFile.id.is_in(reused))
        same_dossier |= {row["wallet_document"] for row in origins}
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if counts.get(row["id"]) and row["id"] not in same_dossier:
            out.setdefault(row["document_key"], []).append({**row, "pages": counts[row["id"]]})
    return out


async def dossier_documents(
    dossier: dict[str, Any], locale: str, *, wallet: bool = False
) -> list[dict[str, Any]]:
    """Each required document of `dossier` with its pages (and, with `wallet`, what the citizen's
    wallet could fill it with when the procedure allows reuse)."""
    files = await _files(dossier["id"], results=False)
    reusable = await reusable_from_wallet(dossier["citizen"], dossier["id"]) if wallet else {}
    out = []
    for document in dossier.get("procedure_documents") or []:
        key = document["key"]
        pages = [
            {
                **row,
                "warning_texts": [translate(locale, f"upload.warning.{w}") for w in row["warnings"] or []],
            }
            for row in files
            if row["document_key"] == key
        ]
        out.append(
            {
                "key": key,
                "name": _name(document, locale),
                "pages_expected": document.get("pages") or 1,
                "reusable": bool(document.get("reusable")),
                "files": pages,
                "wallet": reusable.get(key, []) if document.get("reusable") else [],
            }
        )
    return out


async def result_files(dossier_id: int) -> list[dict[str, Any]]:
    return await _files(dossier_id, results=True)


async def remove_page(owner: int, dossier_id: int, file_id: int, *, storage: Storage | None = None) -> None:
    """Takes page `file_id` (uploaded or reused by the citizen) out of the dossier; its stored
    objects go too unless another row (a reuse, or the original of one) still points at them.
    Another person's page, or one the office digitised: 404."""
    row = (
        await StoredFile.select()
        .where(
            (StoredFile.id == file_id)
            & (StoredFile.owner == owner)
            & (StoredFile.dossier_id == dossier_id)
            & StoredFile.source.is_in(["uploaded", "reused"])  # not the office's scans or results
        )
        .first()
    )
    if row is None:
        raise Problem(404, "not_found")
    await StoredFile.delete().where(StoredFile.id == file_id)
    wallet = row["wallet_document"]
    if wallet is not None and not await StoredFile.exists().where(StoredFile.wallet_document == wallet):
        await WalletDocument.delete().where(WalletDocument.id == wallet)
    if not await StoredFile.exists().where(StoredFile.storage_key == row["storage_key"]):
        storage = storage or storage_for(get_settings())
        for key in (row["storage_key"], row["thumbnail_key"]):
            if key:
                await storage.delete(key)


async def result_visible(dossier_id: int | None) -> bool:
    if dossier_id is None:
        return False
    row = await Dossier.select(Dossier.status).where(Dossier.id == dossier_id).first()
    return row is not None and row["status"] in RESULT_VISIBLE
