"""Where stored files live: a local folder by default, an S3-compatible bucket (MinIO) when
MOTCUA_S3_ENDPOINT is set. Keys are generated here, never taken from the uploaded name.

Both backends are called from async code; their blocking I/O runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import tempfile
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from backend.settings import Settings

_KEY = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}(?:\.thumb)?\.(?:jpg|pdf)$")


def new_key(mime: str) -> str:
    """A fresh random key such as `3f/3f9c…e1.jpg` (the first two hex digits shard folders)."""
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token}.{'pdf' if mime == 'application/pdf' else 'jpg'}"


def thumbnail_key(key: str) -> str:
    return key.rsplit(".", 1)[0] + ".thumb.jpg"


def _checked(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise ValueError("not a storage key")
    return key


class Storage(Protocol):
    async def put(self, key: str, data: bytes, content_type: str) -> None: ...
    async def get(self, key: str) -> bytes: ...
    async def delete(self, key: str) -> None: ...
    async def exists(self, key: str) -> bool: ...


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / _checked(key)

    def _write(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: a reader never sees half a file, a crash leaves no partial key.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(self._write, key, data)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._path(key).read_bytes)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, True)

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self._path(key).is_file)


class S3Storage:
    """Any S3-compatible store through boto3 (path-style addressing, as MinIO expects)."""

    def __init__(self, endpoint: str, bucket: str, access_key: str, secret_key: str) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3}, connect_timeout=5),
        )
        self._bucket_ready = False

    def _ensure_bucket(self) -> None:
        if self._bucket_ready:
            return
        from botocore.exceptions import ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError:
            self.client.create_bucket(Bucket=self.bucket)
        self._bucket_ready = True

    def _put(self, key: str, data: bytes, content_type: str) -> None:
        self._ensure_bucket()
        self.client.put_object(Bucket=self.bucket, Key=_checked(key), Body=data, ContentType=content_type)

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(self._put, key, data, content_type)

    async def get(self, key: str) -> bytes:
        def read() -> bytes:
            return bytes(self.client.get_object(Bucket=self.bucket, Key=_checked(key))["Body"].read())

        return await asyncio.to_thread(read)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.client.delete_object, Bucket=self.bucket, Key=_checked(key))

    async def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            await asyncio.to_thread(self.client.head_object, Bucket=self.bucket, Key=_checked(key))
        except ClientError:
            return False
        return True


@cache
def storage_for(settings: Settings) -> Storage:
    if settings.s3_endpoint:
        return S3Storage(
            settings.s3_endpoint, settings.s3_bucket, settings.s3_access_key, settings.s3_secret_key
        )
    return LocalStorage(settings.storage_dir)
