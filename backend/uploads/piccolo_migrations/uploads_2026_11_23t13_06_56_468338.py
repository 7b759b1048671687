from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-23T13:06:56:468338"
VERSION = "1.38.0"
DESCRIPTION = "stored_file.added_by_staff: the officer who digitised a paper or attached a result"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="uploads", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="StoredFile",
        tablename="stored_file",
        column_name="added_by_staff",
        db_column_name="added_by_staff",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
