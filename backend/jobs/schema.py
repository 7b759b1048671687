"""The job engine's tables, created by `backend/migrate.py` beside the domains' migrations.

PostgreSQL gets Procrastinate's own schema (tables, types, functions, triggers); SQLite gets the
tables of the same names that backend/jobs/sqlite_connector.py works on. Procrastinate is pinned
to one minor version in pyproject.toml: moving it on means applying the SQL files of its
`sql/migrations` folder between the two versions (its "Migrations" documentation) in a new step
here.
"""

from __future__ import annotations

import procrastinate

from backend.jobs.engine import connector_for
from backend.settings import Settings

TABLES = (
    "procrastinate_events",
    "procrastinate_periodic_defers",
    "procrastinate_jobs",
    "procrastinate_workers",
)


async def apply_schema(settings: Settings) -> bool:
    """Create the job engine's tables when they are missing; True when it created them."""
    app = procrastinate.App(connector=connector_for(settings, max_connections=1))
    async with app.open_async():
        if await app.check_connection_async():
            return False
        await app.schema_manager.apply_schema_async()
    return True
