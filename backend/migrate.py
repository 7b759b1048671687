"""Apply every app's migrations and create the job engine's tables (what `make run` and the test
session do first)."""

from __future__ import annotations

import asyncio

from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.engine import engine_finder
from piccolo.engine.sqlite import SQLiteEngine

from backend.jobs.schema import apply_schema
from backend.settings import get_settings


async def migrate() -> None:
    engine = engine_finder()
    if isinstance(engine, SQLiteEngine):
        from pathlib import Path

        Path(engine.path).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets readers go on while one writer commits; the setting persists in the file.
        await engine.run_ddl("PRAGMA journal_mode=WAL")
    response = await run_forwards(app_name="all", fake=False)
    if not response.success:
        raise SystemExit(f"migrations failed: {response.message}")
    await apply_schema(get_settings())


if __name__ == "__main__":
    asyncio.run(migrate())
