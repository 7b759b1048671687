"""The optional photo of the sealed package: checked, cleaned (upright JPEG, no EXIF, bounded
size) and kept through the uploads storage like any citizen photo. Its key goes into the custody
event; the event is never changed afterwards."""

from __future__ import annotations

from dataclasses import dataclass

from backend.errors import Problem
from backend.settings import Settings
from backend.uploads.normalise import Budget, normalise
from backend.uploads.scan import scan
from backend.uploads.sniff import check_type
from backend.uploads.storage import new_key, storage_for


@dataclass(frozen=True, slots=True)
class Photo:
    data: bytes
    filename: str | None
    content_type: str | None


async def keep(settings: Settings, photo: Photo) -> str:
    if len(photo.data) > settings.upload_max_bytes:
        raise Problem(413, "upload_too_large", params={"megabytes": settings.upload_max_bytes // 2**20})
    kind = check_type(photo.data, photo.filename, photo.content_type)
    if kind == "pdf":
        raise Problem(415, "seal_photo_not_image")
    if settings.clamd_address:
        await scan(photo.data, settings.clamd_address, settings.clamd_timeout_s)
    result = await normalise(photo.data, kind, Budget.from_settings(settings))
    key = new_key(result.mime)
    await storage_for(settings).put(key, result.data, result.mime)
    return key


async def discard(settings: Settings, key: str | None) -> None:
    if key:
        await storage_for(settings).delete(key)
