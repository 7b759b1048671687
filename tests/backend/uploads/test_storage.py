"""Both storage backends keep files under generated keys: the local folder, and an S3-compatible
store (moto's standalone server: the real S3 protocol on localhost, started by the test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.uploads.storage import LocalStorage, Storage, new_key, thumbnail_key
from tests.backend.uploads.conftest import s3_storage
from tests.backend.uploads.test_rules import stored_objects


def test_keys_are_random_and_never_the_uploaded_name() -> None:
    keys = {new_key("image/jpeg") for _ in range(100)}
    assert len(keys) == 100
    key = next(iter(keys))
    assert key.endswith(".jpg")
    assert key[:2] == key[3:5]
    assert thumbnail_key(key).endswith(".thumb.jpg")
    assert new_key("application/pdf").endswith(".pdf")


async def _round_trip(storage: Storage) -> None:
    key = new_key("image/jpeg")
    assert not await storage.exists(key)
    await storage.put(key, b"\xff\xd8\xff page", "image/jpeg")
    assert await storage.exists(key)
    assert await storage.get(key) == b"\xff\xd8\xff page"
    await storage.delete(key)
    assert not await storage.exists(key)
    with pytest.raises(ValueError, match="storage key"):
        await storage.put("../../etc/passwd", b"x", "text/plain")


async def test_local_folder_round_trip(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    await _round_trip(storage)
    assert stored_objects(tmp_path) == []  # no partial or orphan file


async def test_s3_round_trip_creates_its_bucket(s3_endpoint: str) -> None:
    storage = s3_storage(s3_endpoint, "fresh-bucket")
    await _round_trip(storage)
    buckets = [b["Name"] for b in storage.client.list_buckets()["Buckets"]]
    assert "fresh-bucket" in buckets
