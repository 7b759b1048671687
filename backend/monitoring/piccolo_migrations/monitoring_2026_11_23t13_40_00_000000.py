"""Indexes for the dashboard's queries (docs/monitoring.md, measured by bench/bench_dashboard.py):
dossiers of an office received in a period, of an office by status (the open ones), events of
an action in a period (decisions, returns), and paid fees by their dossier."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-23T13:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "dashboard indexes"

INDEXES = (
    ("dossier_office_received_at", "dossier", "office, received_at"),
    ("dossier_office_status", "dossier", "office, status"),
    ("dossier_event_action_at", "dossier_event", "action, at, dossier"),
    ("payment_subject", "payment", "subject_kind, subject_id"),
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="monitoring", description=DESCRIPTION)

    async def create() -> None:
        engine = engine_finder()
        assert engine is not None
        for name, table, columns in INDEXES:
            await engine.run_ddl(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")  # noqa: S608

    async def drop() -> None:
        engine = engine_finder()
        assert engine is not None
        for name, _table, _columns in INDEXES:
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
