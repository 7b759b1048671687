"""Indexes for the dashboard's queries (docs/monitoring.md, measured by bench/bench_dashboard.py).

Each one lets PostgreSQL answer from the index alone (index-only scans, once autovacuum has set
the visibility map), so one office's month costs in proportion to its own dossiers:
- the dossiers an office received in a period, with what the figures need of them;
- an office's dossiers by id with their due time, procedure and rating: the side of the join
  that keeps an office's events among all offices' events of the period;
- an office's dossiers that carry a comment (a small partial index);
- an office's dossiers by status (the open ones);
- the events of an action in a period (decisions, returns), with their dossier and actor;
- paid fees by their dossier.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-23T13:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "dashboard indexes"

# (name, table, columns, partial-index condition)
INDEXES = (
    ("dossier_office_received", "dossier", "office, received_at, id, procedure, channel, fee_vnd", ""),
    ("dossier_office_id", "dossier", "office, id, due_at, overdue_at, procedure, rating", ""),
    ("dossier_office_status", "dossier", "office, status", ""),
    ("dossier_commented", "dossier", "office, id", "rating_comment <> ''"),
    ("dossier_event_action_at", "dossier_event", "action, at, dossier, actor_id, actor_name", ""),
    ("payment_subject", "payment", "subject_kind, subject_id, status", ""),
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="monitoring", description=DESCRIPTION)

    async def create() -> None:
        engine = engine_finder()
        assert engine is not None
        for name, table, columns, where in INDEXES:
            condition = f" WHERE {where}" if where else ""
            await engine.run_ddl(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns}){condition}")

    async def drop() -> None:
        engine = engine_finder()
        assert engine is not None
        for name, _table, _columns, _where in INDEXES:
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
