"""Accepting an upload, start to end: sniff → scan → normalise → store → record. Any refusal or
failure leaves nothing stored (no object in storage, no row).

Endpoints stay thin: POST /api/v1/dossiers/{id}/files checks the dossier and calls
`accept_upload`; GET /api/v1/files/{id} calls `file_of` and `read_content`.
"""

from __future__ import annotations

import asyncio
from typing import Any

import structlog
from piccolo.query.functions.aggregate import Sum

from backend.errors import Problem
from backend.settings import Settings, get_settings
from backend.uploads.normalise import Budget, Normalised, normalise
from backend.uploads.pdfs import assemble
from backend.uploads.scan import scan
from backend.uploads.sniff import check_type
from backend.uploads.storage import Storage, new_key, storage_for, thumbnail_key
from backend.uploads.tables import SOURCES, StoredFile

log = structlog.get_logger("motcua.uploads")


async def _used_bytes(owner: int) -> int:
    row = (
        await StoredFile.select(Sum(StoredFile.size).as_alias("used"))
        # Reuses share their originals' objects; results are the office's, not the citizen's.
        .where((StoredFile.owner == owner) & StoredFile.source.not_in(["reused", "result"]))
        .first()
    )
    return int((row or {}).get("used") or 0)


async def pages_so_far(owner: int, document_key: str, dossier_id: int | None) -> int:
    query = StoredFile.select(Sum(StoredFile.page_count).as_alias("pages")).where(
        (StoredFile.owner == owner) & (StoredFile.document_key == document_key)
    )
    query = query.where(
        StoredFile.dossier_id.is_null() if dossier_id is None else StoredFile.dossier_id == dossier_id
    )
    row = await query.first()
    return int((row or {}).get("pages") or 0)


async def _check_limits(
    owner: int,
    document_key: str,
    dossier_id: int | None,
    pages: int,
    size: int,
    settings: Settings,
    *,
    quota: bool = True,
) -> None:
    if await pages_so_far(owner, document_key, dossier_id) + pages > settings.upload_max_pages:
        raise Problem(422, "upload_too_many_pages", params={"limit": settings.upload_max_pages})
    if quota and await _used_bytes(owner) + size > settings.upload_quota_bytes:
        raise Problem(
            422, "upload_quota_exceeded", params={"megabytes": settings.upload_quota_bytes // 2**20}
        )


async def _store(storage: Storage, result: Normalised) -> tuple[str, str | None]:
    key = new_key(result.mime)
    thumb = thumbnail_key(key) if result.thumbnail is not None else None
    try:
        await storage.put(key, result.data, result.mime)
        if thumb is not None and result.thumbnail is not None:
            await storage.put(thumb, result.thumbnail, "image/jpeg")
    except BaseException:
        await _discard(storage, key, thumb)
        raise
    return key, thumb


async def _discard(storage: Storage, *keys: str | None) -> None:
    for key in keys:
        if key is None:
            continue
        try:
            await storage.delete(key)
        except Exception:  # the original failure matters more; an orphan is logged, not raised
            log.error("could not remove a stored object after a failure", key=key)


async def accept_upload(
    owner: int,
    document_key: str,
    data: bytes,
    filename: str | None,
    declared_type: str | None,
    *,
    dossier_id: int | None = None,
    source: str = "uploaded",
    added_by_staff: int | None = None,
    settings: Settings | None = None,
    storage: Storage | None = None,
) -> StoredFile:
    """Check, clean and keep one page (photo) or PDF of `document_key` for citizen `owner`."""
    settings = settings or get_settings()
    storage = storage or storage_for(settings)
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    if len(data) > settings.upload_max_bytes:
        raise Problem(413, "upload_too_large", params={"megabytes": settings.upload_max_bytes // 2**20})
    kind = check_type(data, filename, declared_type)
    await _check_limits(owner, document_key, dossier_id, 1, 0, settings)  # before any costly work
    if settings.clamd_address:
        await scan(data, settings.clamd_address, settings.clamd_timeout_s)
    result = await normalise(data, kind, Budget.from_settings(settings))
    size = len(result.data) + len(result.thumbnail or b"")
    await _check_limits(
        owner, document_key, dossier_id, result.page_count, size, settings, quota=source != "result"
    )
    key, thumb = await _store(storage, result)
    try:
        row = StoredFile(
            owner=owner,
            document_key=document_key,
            dossier_id=dossier_id,
            position=await pages_so_far(owner, document_key, dossier_id),
            storage_key=key,
            thumbnail_key=thumb,
            sha256=result.sha256,
            mime=result.mime,
            size=size,
            width=result.width,
            height=result.height,
            page_count=result.page_count,
            source=source,
            added_by_staff=added_by_staff,
            warnings=list(result.warnings),
        )
        await row.save()
    except BaseException:
        await _discard(storage, key, thumb)
        raise
    log.info("upload accepted", file_id=row.id, kind=kind, pages=result.page_count, warnings=result.warnings)
    return row


async def file_of(owner: int, file_id: int) -> StoredFile:
    """The file `file_id` if `owner` owns it; 404 otherwise (another person's file does not exist)."""
    row = (
        await StoredFile.objects()
        .output(load_json=True)
        .where((StoredFile.id == file_id) & (StoredFile.owner == owner))
        .first()
    )
    if row is None:
        raise Problem(404, "not_found")
    return row


async def read_content(row: StoredFile, *, thumbnail: bool = False, storage: Storage | None = None) -> bytes:
    storage = storage or storage_for(get_settings())
    key = row.thumbnail_key if thumbnail and row.thumbnail_key else row.storage_key
    return await storage.get(key)


async def document_pdf(
    owner: int, document_key: str, dossier_id: int | None, *, storage: Storage | None = None
) -> bytes:
    """The pages of one document (of one dossier, or loose when `dossier_id` is None) as one PDF,
    in upload order; 404 when the owner has no such pages."""
    storage = storage or storage_for(get_settings())
    query = StoredFile.objects().where(
        (StoredFile.owner == owner) & (StoredFile.document_key == document_key)
    )
    query = query.where(
        StoredFile.dossier_id.is_null() if dossier_id is None else StoredFile.dossier_id == dossier_id
    )
    rows = await query.order_by(StoredFile.position).order_by(StoredFile.id)
    if not rows:
        raise Problem(404, "not_found")
    pages = [(row.mime, await storage.get(row.storage_key)) for row in rows]
    return await asyncio.get_running_loop().run_in_executor(None, assemble, pages)


def describe(row: StoredFile) -> dict[str, Any]:
    """What the API says about a stored file (never the uploaded name: it was not kept)."""
    return {
        "id": row.id,
        "document": row.document_key,
        "mime": row.mime,
        "size": row.size,
        "width": row.width,
        "height": row.height,
        "pages": row.page_count,
        "source": row.source,
        "sha256": row.sha256,
        "warnings": list(row.warnings or []),
    }
