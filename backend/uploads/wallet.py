"""The document wallet: every page accepted into a dossier is recorded under a `WalletDocument`
(one per citizen, document type and dossier), and a later dossier may reuse it — new `StoredFile`
rows with source "reused" pointing at the originals and sharing their stored objects — when its
procedure marks that document `reusable`."""

from __future__ import annotations

from typing import Any

from backend.errors import Problem
from backend.settings import get_settings
from backend.uploads.dossier_files import required_document
from backend.uploads.rules import pages_so_far
from backend.uploads.tables import StoredFile, WalletDocument

COPIED = ("owner", "document_key", "storage_key", "thumbnail_key", "sha256", "mime", "size",
          "width", "height", "page_count", "warnings")  # fmt: skip


async def keep_in_wallet(row: StoredFile) -> WalletDocument:
    """File `row` (just accepted into a dossier) under the citizen's wallet document of its type."""
    wallet = (
        await WalletDocument.objects()
        .where(
            (WalletDocument.citizen == row.owner)
            & (WalletDocument.document_key == row.document_key)
            & (WalletDocument.dossier_id == row.dossier_id)
        )
        .first()
    )
    if wallet is None:
        wallet = WalletDocument(citizen=row.owner, document_key=row.document_key, dossier_id=row.dossier_id)
        await wallet.save()
    await StoredFile.update({StoredFile.wallet_document: wallet.id}).where(StoredFile.id == row.id)
    return wallet


async def wallet_document_of(citizen: int, wallet_document_id: int) -> WalletDocument:
    row = (
        await WalletDocument.objects()
        .where((WalletDocument.id == wallet_document_id) & (WalletDocument.citizen == citizen))
        .first()
    )
    if row is None:  # another citizen's document does not exist
        raise Problem(404, "not_found")
    return row


async def reuse(citizen: int, dossier: dict[str, Any], key: str, wallet_document_id: int) -> list[StoredFile]:
    """Attach the pages of wallet document `wallet_document_id` to `dossier` as document `key`."""
    wallet = await wallet_document_of(citizen, wallet_document_id)
    if not required_document(dossier, key).get("reusable"):
        raise Problem(422, "wallet_reuse_not_allowed")
    if wallet.document_key != key:
        raise Problem(422, "wallet_wrong_document")
    originals = (
        await StoredFile.objects()
        .output(load_json=True)
        .where(StoredFile.wallet_document == wallet.id)
        .order_by(StoredFile.position)
        .order_by(StoredFile.id)
    )
    if not originals:
        raise Problem(404, "not_found")
    first = await pages_so_far(citizen, key, dossier["id"])
    limit = get_settings().upload_max_pages
    if first + sum(row.page_count for row in originals) > limit:
        raise Problem(422, "upload_too_many_pages", params={"limit": limit})
    copies = [
        StoredFile(
            **{name: getattr(row, name) for name in COPIED},
            dossier_id=dossier["id"],
            position=first + index,
            source="reused",
            reused_from=row.id,
        )
        for index, row in enumerate(originals)
    ]
    inserted = await StoredFile.insert(*copies)  # one statement: all pages or none
    for copy, ids in zip(copies, inserted, strict=True):
        copy.id = ids["id"]
    return copies
