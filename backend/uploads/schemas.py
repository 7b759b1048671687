"""The uploads API boundary: the multipart form an upload arrives in, and what is answered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import msgspec
from litestar.datastructures import UploadFile


@dataclass
class UploadForm:
    """`multipart/form-data` with `file` (the photo or PDF) and `document` (the key of the required
    document it is a page of). The file's name and declared type are only checked for lies."""

    file: UploadFile
    document: str


class StoredFileOut(msgspec.Struct, frozen=True):
    id: int
    document: str
    mime: str
    size: int
    width: int | None
    height: int | None
    pages: int
    source: str
    sha256: str
    # Catalog codes (`upload.warning.<code>`) with their text in the reader's language: the photo
    # is kept, but may be hard to read (too_small, too_dark, blurred).
    warnings: list[str]
    warning_texts: list[str]


class ReuseIn(msgspec.Struct, frozen=True):
    wallet_document_id: int


class WalletDocumentOut(msgspec.Struct, frozen=True):
    """One paper in the citizen's wallet: its type, the dossier it came with, and its pages."""

    id: int
    document: str
    dossier_id: int | None
    created_at: datetime
    files: list[int]
    pages: int
