"""On SQLite, rebuild stored_file and wallet_document so that their dossier_id is a real foreign key
(ON DELETE SET NULL), as it already is on PostgreSQL.

SQLite cannot add a constraint to an existing column, so migration 2026-11-23T11:14:41 only
recorded the step there. This one follows SQLite's documented way of changing a table: the old
tables are renamed (SQLite moves the wallet_document reference of stored_file along with the
rename), new ones are created with the constraints, the rows copied with their ids, the old
tables dropped and the indexes made again. Written out here rather than derived from the table
classes, so that later changes to those classes do not change what this migration does.
PostgreSQL: nothing to do.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-11-23T13:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "SQLite: stored_file and wallet_document rebuilt with the dossier foreign key"

WALLET_COLUMNS = '"id", "citizen", "document_key", "dossier_id", "created_at"'
FILE_COLUMNS = (
    '"id", "owner", "document_key", "dossier_id", "wallet_document", "position", "storage_key", '
    '"thumbnail_key", "sha256", "mime", "size", "width", "height", "page_count", "source", '
    '"reused_from", "added_by_staff", "warnings", "created_at"'
)
REBUILD = [
    'ALTER TABLE "stored_file" RENAME TO "stored_file_old"',
    'ALTER TABLE "wallet_document" RENAME TO "wallet_document_old"',
    'CREATE TABLE "wallet_document" ("id" INTEGER PRIMARY KEY NOT NULL, '
    '"citizen" INTEGER REFERENCES "citizen" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, '
    "\"document_key\" VARCHAR(64) NOT NULL DEFAULT '', "
    '"dossier_id" INTEGER REFERENCES "dossier" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, '
    '"created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    f'INSERT INTO "wallet_document" ({WALLET_COLUMNS}) SELECT {WALLET_COLUMNS} FROM "wallet_document_old"',
    'CREATE TABLE "stored_file" ("id" INTEGER PRIMARY KEY NOT NULL, '
    '"owner" INTEGER REFERENCES "citizen" ("id") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, '
    "\"document_key\" VARCHAR(64) NOT NULL DEFAULT '', "
    '"dossier_id" INTEGER REFERENCES "dossier" ("id") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, '
    '"wallet_document" INTEGER REFERENCES "wallet_document" ("id") ON DELETE CASCADE ON UPDATE CASCADE '
    'DEFAULT null, "position" INTEGER NOT NULL DEFAULT 0, '
    "\"storage_key\" VARCHAR(64) NOT NULL DEFAULT '', \"thumbnail_key\" VARCHAR(64) DEFAULT null, "
    "\"sha256\" VARCHAR(64) NOT NULL DEFAULT '', \"mime\" VARCHAR(32) NOT NULL DEFAULT '', "
    '"size" INTEGER NOT NULL DEFAULT 0, "width" INTEGER DEFAULT null, "height" INTEGER DEFAULT null, '
    "\"page_count\" INTEGER NOT NULL DEFAULT 1, \"source\" VARCHAR(16) NOT NULL DEFAULT 'uploaded', "
    '"reused_from" INTEGER DEFAULT null, "added_by_staff" INTEGER DEFAULT null, '
    "\"warnings\" JSON NOT NULL DEFAULT '[]', "
    '"created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)',
    f'INSERT INTO "stored_file" ({FILE_COLUMNS}) SELECT {FILE_COLUMNS} FROM "stored_file_old"',
    'DROP TABLE "stored_file_old"',
    'DROP TABLE "wallet_document_old"',
    'CREATE INDEX wallet_document_citizen ON "wallet_document" ("citizen")',
    'CREATE INDEX wallet_document_document_key ON "wallet_document" ("document_key")',
    'CREATE INDEX stored_file_owner ON "stored_file" ("owner")',
    'CREATE INDEX stored_file_dossier_id ON "stored_file" ("dossier_id")',
    'CREATE INDEX stored_file_wallet_document ON "stored_file" ("wallet_document")',
    'CREATE INDEX stored_file_storage_key ON "stored_file" ("storage_key")',
    'CREATE INDEX stored_file_sha256 ON "stored_file" ("sha256")',
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="uploads", description=DESCRIPTION)

    async def rebuild() -> None:
        engine = engine_finder()
        if not isinstance(engine, SQLiteEngine):
            return
        for statement in REBUILD:
            await engine.run_ddl(statement)

    manager.add_raw(rebuild)
    return manager
