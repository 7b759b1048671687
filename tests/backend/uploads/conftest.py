"""Shared by the uploads tests: an S3-compatible server (moto's standalone server, the real S3
protocol over HTTP on localhost) for the module that asks for it."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from backend.uploads.storage import S3Storage
from tests.live import free_port


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    port = free_port()
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
