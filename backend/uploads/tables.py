"""Stored files (one photo page or one PDF each) and the wallet documents they make up.

`dossier_id` is the dossier a file was attached to (a ForeignKey to it; null for a loose file).
"""

from __future__ import annotations

from piccolo.columns import JSON, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from auth.tables import Citizen
from backend.dossiers.tables import Dossier

# uploaded by the citizen, reused from their wallet, digitised at the counter by an officer, or
# the result the office attached for the citizen.
SOURCES = ("uploaded", "reused", "digitised", "result")
RESULT_KEY = "result"  # the document key of result files


class WalletDocument(Table, tablename="wallet_document"):
    """A citizen's paper of one document type (ID card, birth certificate, ...), one or more
    pages, kept so that later dossiers can reuse it instead of asking for it again."""

    id: Serial
    citizen = ForeignKey(Citizen, index=True)
    document_key = Varchar(length=64, index=True)
    # The dossier it was first handed in with (uploaded, or digitised at the counter).
    dossier_id = ForeignKey(Dossier, null=True, default=None, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class StoredFile(Table, tablename="stored_file"):
    id: Serial
    owner = ForeignKey(Citizen, index=True)
    document_key = Varchar(length=64)
    dossier_id = ForeignKey(Dossier, null=True, default=None, index=True, on_delete=OnDelete.set_null)
    wallet_document = ForeignKey(WalletDocument, null=True, default=None, index=True)
    position = Integer(default=0)  # page order within the document
    storage_key = Varchar(length=64, index=True)  # shared by a file and its reuses
    thumbnail_key = Varchar(length=64, null=True, default=None)
    sha256 = Varchar(length=64, index=True)
    mime = Varchar(length=32)
    size = Integer()
    width = Integer(null=True, default=None)
    height = Integer(null=True, default=None)
    page_count = Integer(default=1)
    source = Varchar(length=16, default="uploaded")  # one of SOURCES
    reused_from = Integer(null=True, default=None)  # the StoredFile this one reuses
    added_by_staff = Integer(null=True, default=None)  # the officer who digitised or attached it
    warnings = JSON(default=[])  # quality warning codes (upload.warning.<code>)
    created_at = Timestamptz(default=TimestamptzNow())
