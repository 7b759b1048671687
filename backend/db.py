"""The database engine chosen by DATABASE_URL: SQLite (embedded default) or PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import unquote, urlsplit

import aiosqlite
from piccolo.columns.combination import Combinable
from piccolo.engine.base import Engine
from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType, dict_factory
from piccolo.table import Table

from backend.settings import Settings


class SQLiteReadsEngine(SQLiteEngine):
    """Piccolo's SQLite engine opens a connection (and its thread) for every query outside a
    transaction. Once `open_pool` runs, plain SELECTs share one long-lived connection instead;
    writes and transactions keep their own connection as before. In SQLite's default mode a
    SELECT opens no transaction, so each read sees every commit made before it."""

    reader: aiosqlite.Connection | None = None
    share_reads = False

    async def _reader(self) -> aiosqlite.Connection:
        if self.reader is None:
            connection = await aiosqlite.connect(**self.connection_kwargs)
            connection.row_factory = dict_factory  # type: ignore[assignment]
            if self.reader is None:
                self.reader = connection
            else:  # another request opened it meanwhile
                await connection.close()
        return self.reader

    async def _run_in_new_connection(
        self, query: str, args: list[Any] | None = None, query_type: str = "generic", table: Any = None
    ) -> Any:
        if not (self.share_reads and query.lstrip()[:6].upper() == "SELECT"):
            return await super()._run_in_new_connection(query, args, query_type, table)
        connection = await self._reader()
        async with connection.execute(query, args or []) as cursor:
            return await cursor.fetchall()

    async def close_reader(self) -> None:
        self.share_reads = False
        reader, self.reader = self.reader, None
        if reader is not None:
            await reader.close()


def engine_for(settings: Settings) -> Engine:
    url = settings.database_url
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        # A relative path is relative to the working directory; var/ holds the default file.
        return SQLiteReadsEngine(path=path, timeout=30)
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
    """PostgreSQL keeps a pool per process; SQLite shares one connection for reads (writes open
    their own). Size 0 (tests, whose queries come from several event loops) shares nothing."""
    if isinstance(engine, PostgresEngine) and max_size > 0:
        await engine.start_connection_pool(min_size=1, max_size=max_size)
    if isinstance(engine, SQLiteReadsEngine) and max_size > 0:
        engine.share_reads = True


async def close_pool(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine) and engine.pool is not None:
        await engine.close_connection_pool()
    if isinstance(engine, SQLiteReadsEngine):
        await engine.close_reader()


async def database_reachable(engine: Engine, timeout: float = 2.0) -> bool:  # noqa: ASYNC109
    """True when a trivial query answers within `timeout` seconds."""
    try:
        async with asyncio.timeout(timeout):
            await engine.run_ddl("SELECT 1")
    except Exception:
        return False
    return True


def write_transaction() -> Any:
    """A transaction for a read-then-write that must not race: on SQLite it takes the write lock
    at its start (IMMEDIATE), so two such transactions queue instead of both reading and then
    failing to upgrade ("database is locked"); on PostgreSQL a plain one, whose row locks and
    conditional updates do that job."""
    engine = engine_finder()
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    assert engine is not None
    return engine.transaction()


async def delete_in_batches(
    table: type[Table],
    where: Combinable,
    batch: int = 1000,
    dependents: Callable[[list[int]], Awaitable[object]] | None = None,
) -> int:
    """Delete the rows `where` selects, `batch` at a time, each batch in its own short
    transaction (a retention purge never holds a long lock); `dependents(ids)` first deletes the
    rows that point at a batch (SQLite does not cascade). Returns how many rows went."""
    key = table._meta.primary_key
    deleted = 0
    while True:
        ids = [int(row[key._meta.name]) for row in await table.select(key).where(where).limit(batch)]
        if not ids:
            return deleted
        async with table._meta.db.transaction():
            if dependents is not None:
                await dependents(ids)
            await table.delete().where(key.is_in(ids))
        deleted += len(ids)
        if len(ids) < batch:
            return deleted
