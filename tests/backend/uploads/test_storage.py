"""Both storage backends keep files under generated keys: the local folder, and an S3-compatible
store (moto's standalone server: the real S3 protocol on localhost, started by the test)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from backend.uploads.storage import LocalStorage, S3Storage, Storage, new_key, thumbnail_key


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(endpoint, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("moto_server did not start")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def s3_storage(endpoint: str, bucket: str = "motcua-test") -> S3Storage:
    return S3Storage(endpoint, bucket, "test-access", "test-secret")


def test_keys_are_random_and_never_the_uploaded_name() -> None:
    keys = {new_key("image/jpeg") for _ in range(100)}
    assert len(keys) == 100
    key = next(iter(keys))
    assert key.endswith(".jpg") and key[:2] == key[3:5]
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
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []  # no partial or orphan file


async def test_s3_round_trip_creates_its_bucket(s3_endpoint: str) -> None:
    storage = s3_storage(s3_endpoint, "fresh-bucket")
    await _round_trip(storage)
    buckets = [b["Name"] for b in storage.client.list_buckets()["Buckets"]]
    assert "fresh-bucket" in buckets
