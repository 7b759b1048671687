from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.columns.base import OnDelete
from piccolo.columns.base import OnUpdate
from piccolo.columns.column_types import ForeignKey
from piccolo.columns.column_types import Integer
from piccolo.columns.column_types import Serial
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class Dossier(Table, tablename="dossier", schema=None):
    id = Serial(
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name="id",
        secret=False,
    )


ID = "2026-11-23T11:14:41:495484"
VERSION = "1.38.0"
DESCRIPTION = "stored_file and wallet_document: dossier_id becomes a ForeignKey to dossier"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="uploads", description=DESCRIPTION
    )
    # SQLite cannot add a constraint to an existing column (ALTER COLUMN does not exist); the
    # column is an INTEGER there either way, so the step is recorded without SQL.
    manager.fake = isinstance(engine_finder(), SQLiteEngine)

    manager.alter_column(
        table_class_name="WalletDocument",
        tablename="wallet_document",
        column_name="dossier_id",
        db_column_name="dossier_id",
        params={
            "references": Dossier,
            "on_delete": OnDelete.set_null,
            "on_update": OnUpdate.cascade,
            "target_column": None,
        },
        old_params={
            "references": None,
            "on_delete": None,
            "on_update": None,
            "target_column": None,
        },
        column_class=ForeignKey,
        old_column_class=Integer,
        schema=None,
    )

    manager.alter_column(
        table_class_name="StoredFile",
        tablename="stored_file",
        column_name="dossier_id",
        db_column_name="dossier_id",
        params={
            "references": Dossier,
            "on_delete": OnDelete.set_null,
            "on_update": OnUpdate.cascade,
            "target_column": None,
        },
        old_params={
            "references": None,
            "on_delete": None,
            "on_update": None,
            "target_column": None,
        },
        column_class=ForeignKey,
        old_column_class=Integer,
        schema=None,
    )

    return manager
