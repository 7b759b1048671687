"""The database engine chosen by DATABASE_URL: SQLite (embedded default) or PostgreSQL."""

from __future__ import annotations

import asyncio
from urllib.parse import unquote, urlsplit

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from backend.settings import Settings


def engine_for(settings: Settings) -> Engine:
    url = settings.database_url
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        # A relative path is relative to the working directory; var/ holds the default file.
        return SQLiteEngine(path=path, timeout=30)
    parts = urlsplit(url)
    config = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": unquote(parts.username or "postgres"),
        "database": parts.path.lstrip("/") or "motcua",
    }
    if parts.password:
        config["password"] = unquote(parts.password)
    return PostgresEngine(config=config, log_queries=False)


async def open_pool(engine: Engine, max_size: int) -> None:
    """PostgreSQL keeps a pool per process; SQLite opens a connection per query."""
    if isinstance(engine, PostgresEngine) and max_size > 0:
        await engine.start_connection_pool(min_size=1, max_size=max_size)


async def close_pool(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine) and engine.pool is not None:
        await engine.close_connection_pool()


async def database_reachable(engine: Engine, timeout: float = 2.0) -> bool:  # noqa: ASYNC109
    """True when a trivial query answers within `timeout` seconds."""
    try:
        async with asyncio.timeout(timeout):
            await engine.run_ddl("SELECT 1")
    except Exception:
        return False
    return True
