"""Procrastinate on the embedded SQLite default: the same queries, answered by SQLite.

Procrastinate talks to its database through a connector that runs named queries
(`procrastinate.sql.queries`); on PostgreSQL they call its PL/pgSQL functions. This connector
answers each of them with SQLite statements on tables of the same names and columns, so the
worker, the periodic deferrer, retries and the operator page are Procrastinate's own code on
both engines. What the PostgreSQL schema guarantees with constraints, this one does too:

- a periodic task is deferred once per (task, periodic id, timestamp) — a UNIQUE constraint
  that any number of workers race on (`INSERT OR IGNORE`);
- one job with a given queueing lock waits at a time, one with a given lock runs at a time
  (partial unique indexes, as in PostgreSQL);
- a job is fetched by one worker: the claim is a single `UPDATE ... RETURNING` under SQLite's
  write lock.

There is no LISTEN/NOTIFY: workers poll (`fetch_job_polling_interval`). A query this file
does not know (a newer Procrastinate) fails loudly, and tests/backend/jobs checks that every
query of the installed version has an answer here.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import aiosqlite
from procrastinate import connector, exceptions, manager, schema, sql, types

from backend import clock

SCHEMA = """
CREATE TABLE IF NOT EXISTS procrastinate_workers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    last_heartbeat TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS procrastinate_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    queue_name TEXT NOT NULL,
    task_name TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    lock TEXT,
    queueing_lock TEXT,
    args TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'todo',
    scheduled_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    abort_requested INTEGER NOT NULL DEFAULT 0,
    worker_id INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS procrastinate_jobs_queueing_lock_idx_v1
    ON procrastinate_jobs (queueing_lock) WHERE status = 'todo';
CREATE UNIQUE INDEX IF NOT EXISTS procrastinate_jobs_lock_idx_v1
    ON procrastinate_jobs (lock) WHERE status = 'doing';
CREATE INDEX IF NOT EXISTS procrastinate_jobs_status_idx ON procrastinate_jobs (status, priority, id);
CREATE TABLE IF NOT EXISTS procrastinate_periodic_defers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_name TEXT NOT NULL,
    defer_timestamp INTEGER,
    job_id INTEGER,
    periodic_id TEXT NOT NULL DEFAULT '',
    CONSTRAINT procrastinate_periodic_defers_unique UNIQUE (task_name, periodic_id, defer_timestamp)
);
CREATE TABLE IF NOT EXISTS procrastinate_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id INTEGER NOT NULL,
    type TEXT,
    at TEXT
);
CREATE INDEX IF NOT EXISTS procrastinate_events_job_id_idx ON procrastinate_events (job_id);
"""

JOB_COLUMNS = (
    "id, queue_name, task_name, priority, lock, queueing_lock, args, status, scheduled_at, "
    "attempts, abort_requested, worker_id"
)
JOBS_COLUMNS = ", ".join(f"jobs.{column}" for column in JOB_COLUMNS.split(", "))
FINAL = ("succeeded", "failed", "cancelled", "aborted")


def _stamp(moment: datetime | None) -> str | None:
    """Instants are stored as UTC ISO text of one fixed width, so text order is time order."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _now() -> str:
    return _stamp(clock.now()) or ""


def _job(row: sqlite3.Row | None) -> dict[str, Any]:
    if row is None:
        return {"id": None}
    job = dict(row)
    job["args"] = json.loads(job["args"])
    job["scheduled_at"] = datetime.fromisoformat(job["scheduled_at"]) if job["scheduled_at"] else None
    job["abort_requested"] = bool(job["abort_requested"])
    return job


class SQLiteConnector(connector.BaseAsyncConnector):
    """One connection per process, its statements serialised by a lock; each change that
    spans statements runs in one IMMEDIATE transaction (the write lock first, no upgrade)."""

    def __init__(self, path: str, timeout: float = 30.0) -> None:
        self.path = path
        self.timeout = timeout
        self._connection: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._names = {query: name for name, query in sql.queries.items()}
        for text in (schema.SchemaManager.get_schema(), schema.SchemaManager.get_schema().replace("%", "%%")):
            self._names[text] = "apply_schema"

    # -- connector plumbing ---------------------------------------------------------------

    def get_sync_connector(self) -> connector.BaseConnector:
        return self

    async def open_async(self, pool: connector.Pool | None = None) -> None:
        if self._connection is None:
            self._connection = await aiosqlite.connect(self.path, timeout=self.timeout, isolation_level=None)
            self._connection.row_factory = sqlite3.Row
            await self._connection.execute("PRAGMA journal_mode=WAL")

    async def close_async(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await connection.close()

    def open(self, pool: connector.Pool | None = None) -> None:  # the CLI's sync entry points
        raise exceptions.SyncConnectorConfigurationError

    def close(self) -> None:
        raise exceptions.SyncConnectorConfigurationError

    async def listen_notify(self, on_notification: connector.Notify, channels: Iterable[str]) -> None:
        """SQLite has no LISTEN: the worker runs with listen_notify off and polls."""
        raise exceptions.ConnectorException("SQLite has no LISTEN/NOTIFY; run workers with listen_notify off")

    async def _run(self, query: str, suffix: str, arguments: dict[str, Any]) -> Any:
        name = self._names.get(query)
        handler = getattr(self, f"_{name}", None) if name else None
        if handler is None:
            raise exceptions.ConnectorException(
                f"the SQLite job store does not answer {name or query[:60]!r}"
            )
        if self._connection is None:
            await self.open_async()
        async with self._lock:
            return await handler(**arguments)

    async def execute_query_async(self, query: str, **arguments: Any) -> None:  # type: ignore[override]
        await self._run(query, "run", arguments)

    async def execute_query_one_async(self, query: str, **arguments: Any) -> dict[str, Any]:  # type: ignore[override]
        return await self._run(query, "one", arguments)  # type: ignore[no-any-return]

    async def execute_query_all_async(self, query: str, **arguments: Any) -> list[dict[str, Any]]:  # type: ignore[override]
        return await self._run(query, "all", arguments)  # type: ignore[no-any-return]

    @property
    def db(self) -> aiosqlite.Connection:
        assert self._connection is not None
        return self._connection

    async def _rows(self, statement: str, *args: Any) -> list[sqlite3.Row]:
        async with self.db.execute(statement, args) as cursor:
            return list(await cursor.fetchall())

    async def _event(self, job_id: int, kind: str, at: str | None = None) -> None:
        await self.db.execute(
            "INSERT INTO procrastinate_events (job_id, type, at) VALUES (?, ?, ?)",
            (job_id, kind, at or _now()),
        )

    async def _transaction(self, body: Any) -> Any:
        await self.db.execute("BEGIN IMMEDIATE")
        try:
            result = await body()
        except BaseException:
            await self.db.execute("ROLLBACK")
            raise
        await self.db.execute("COMMIT")
        return result

    # -- the queries ----------------------------------------------------------------------

    async def _apply_schema(self) -> None:
        await self.db.executescript(SCHEMA)

    async def _check_connection(self) -> dict[str, Any]:
        rows = await self._rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'procrastinate_jobs'"
        )
        return {"check": True if rows else None}

    async def _insert_jobs(self, jobs: list[types.JobToDefer]) -> list[dict[str, Any]]:
        inserted = []
        for job in jobs:
            try:
                cursor = await self.db.execute(
                    "INSERT INTO procrastinate_jobs (queue_name, task_name, priority, lock,"
                    " queueing_lock, args, scheduled_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        job.queue_name,
                        job.task_name,
                        job.priority,
                        job.lock,
                        job.queueing_lock,
                        json.dumps(job.args),
                        _stamp(job.scheduled_at),
                    ),
                )
            except sqlite3.IntegrityError as exc:
                raise exceptions.UniqueViolation(
                    str(exc),
                    constraint_name=manager.QUEUEING_LOCK_CONSTRAINT,
                    queueing_lock=job.queueing_lock,
                ) from exc
            job_id = int(cursor.lastrowid or 0)
            if job.scheduled_at is not None:
                await self._event(job_id, "scheduled", _stamp(job.scheduled_at))
            await self._event(job_id, "deferred")
            inserted.append({"id": job_id})
        return inserted

    async def _defer_jobs(self, jobs: list[types.JobToDefer]) -> list[dict[str, Any]]:
        return await self._transaction(lambda: self._insert_jobs(jobs))  # type: ignore[no-any-return]

    async def _defer_periodic_job(
        self,
        queue: str,
        task_name: str,
        priority: int,
        args: types.JSONDict,
        defer_timestamp: int,
        lock: str | None,
        queueing_lock: str | None,
        periodic_id: str,
    ) -> dict[str, Any]:
        async def body() -> dict[str, Any]:
            cursor = await self.db.execute(
                "INSERT OR IGNORE INTO procrastinate_periodic_defers"
                " (task_name, periodic_id, defer_timestamp) VALUES (?, ?, ?)",
                (task_name, periodic_id, defer_timestamp),
            )
            if cursor.rowcount == 0:  # another worker deferred this period already
                return {"id": None}
            defer_id = cursor.lastrowid
            job = types.JobToDefer(queue, task_name, priority, lock, queueing_lock, args, None)
            job_id = (await self._insert_jobs([job]))[0]["id"]
            await self.db.execute(
                "UPDATE procrastinate_periodic_defers SET job_id = ? WHERE id = ?", (job_id, defer_id)
            )
            await self.db.execute(
                "DELETE FROM procrastinate_periodic_defers WHERE task_name = ? AND periodic_id = ?"
                " AND defer_timestamp < ?",
                (task_name, periodic_id, defer_timestamp),
            )
            return {"id": job_id}

        return await self._transaction(body)  # type: ignore[no-any-return]

    async def _fetch_job(self, queues: Iterable[str] | None, worker_id: int) -> dict[str, Any]:
        names = list(queues) if queues is not None else None
        where_queue = f"AND jobs.queue_name IN ({', '.join('?' * len(names))})" if names else ""

        async def body() -> dict[str, Any]:
            now = _now()
            rows = await self._rows(
                f"""UPDATE procrastinate_jobs SET status = 'doing', worker_id = ?
                WHERE id = (
                    SELECT jobs.id FROM procrastinate_jobs AS jobs
                    WHERE jobs.status = 'todo' {where_queue}
                      AND (jobs.scheduled_at IS NULL OR jobs.scheduled_at <= ?)
                      AND NOT EXISTS (
                        SELECT 1 FROM procrastinate_jobs AS other
                        WHERE jobs.lock IS NOT NULL AND other.lock = jobs.lock
                          AND (other.status = 'doing'
                               OR (other.status = 'todo' AND (other.priority > jobs.priority
                                   OR (other.priority = jobs.priority AND other.id < jobs.id)))))
                    ORDER BY jobs.priority DESC, jobs.id ASC LIMIT 1)
                RETURNING {JOB_COLUMNS}""",  # noqa: S608 - only placeholders are interpolated
                worker_id,
                *(names or []),
                now,
            )
            if not rows:
                return {"id": None}
            await self._event(rows[0]["id"], "started", now)
            return _job(rows[0])

        return await self._transaction(body)  # type: ignore[no-any-return]

    async def _finish_job(self, job_id: int, status: str, delete_job: bool) -> None:
        if status not in ("succeeded", "failed", "aborted"):
            raise exceptions.ConnectorException(f"end status {status!r} is not a final one")

        async def body() -> None:
            if delete_job:
                cursor = await self.db.execute(
                    "DELETE FROM procrastinate_jobs WHERE id = ? AND status IN ('todo', 'doing')", (job_id,)
                )
                await self.db.execute("DELETE FROM procrastinate_events WHERE job_id = ?", (job_id,))
            else:
                cursor = await self.db.execute(
                    "UPDATE procrastinate_jobs SET status = ?, abort_requested = 0,"
                    " attempts = CASE status WHEN 'doing' THEN attempts + 1 ELSE attempts END"
                    " WHERE id = ? AND status IN ('todo', 'doing')",
                    (status, job_id),
                )
                await self._event(job_id, status)
            if cursor.rowcount == 0:
                raise exceptions.ConnectorException(f"job {job_id} was not found or not todo/doing")

        await self._transaction(body)

    async def _cancel_job(self, job_id: int, abort: bool, delete_job: bool) -> dict[str, Any]:
        async def body() -> dict[str, Any]:
            if delete_job:
                cursor = await self.db.execute(
                    "DELETE FROM procrastinate_jobs WHERE id = ? AND status = 'todo'", (job_id,)
                )
                if cursor.rowcount:
                    return {"id": job_id}
            rows = await self._rows("SELECT status FROM procrastinate_jobs WHERE id = ?", job_id)
            status = rows[0]["status"] if rows else None
            if status == "todo":
                await self.db.execute(
                    "UPDATE procrastinate_jobs SET status = 'cancelled', abort_requested = 0 WHERE id = ?",
                    (job_id,),
                )
                await self._event(job_id, "cancelled")
                return {"id": job_id}
            if status == "doing" and abort:
                await self.db.execute(
                    "UPDATE procrastinate_jobs SET abort_requested = 1 WHERE id = ?", (job_id,)
                )
                await self._event(job_id, "abort_requested")
                return {"id": job_id}
            return {"id": None}

        return await self._transaction(body)  # type: ignore[no-any-return]

    async def _get_job_status(self, job_id: int) -> dict[str, Any]:
        rows = await self._rows("SELECT status FROM procrastinate_jobs WHERE id = ?", job_id)
        return {"status": rows[0]["status"] if rows else None}

    async def _retry_job(
        self,
        job_id: int,
        retry_at: datetime | None,
        new_priority: int | None = None,
        new_queue_name: str | None = None,
        new_lock: str | None = None,
    ) -> None:
        async def body() -> None:
            rows = await self._rows(
                "SELECT status, abort_requested FROM procrastinate_jobs"
                " WHERE id = ? AND status IN ('doing', 'failed')",
                job_id,
            )
            if not rows:
                raise exceptions.ConnectorException(f"job {job_id} was not found or cannot be retried")
            if rows[0]["status"] == "doing" and rows[0]["abort_requested"]:
                await self.db.execute(
                    "UPDATE procrastinate_jobs SET status = 'failed' WHERE id = ?", (job_id,)
                )
                await self._event(job_id, "failed")
                return
            try:
                await self.db.execute(
                    "UPDATE procrastinate_jobs SET status = 'todo', attempts = attempts + 1,"
                    " scheduled_at = ?, priority = COALESCE(?, priority),"
                    " queue_name = COALESCE(?, queue_name), lock = COALESCE(?, lock) WHERE id = ?",
                    (_stamp(retry_at), new_priority, new_queue_name, new_lock, job_id),
                )
            except sqlite3.IntegrityError as exc:  # a run with the same queueing lock waits
                raise exceptions.UniqueViolation(
                    str(exc), constraint_name=manager.QUEUEING_LOCK_CONSTRAINT, queueing_lock=None
                ) from exc
            if retry_at is not None:
                await self._event(job_id, "scheduled", _stamp(retry_at))
            await self._event(job_id, "retried" if rows[0]["status"] == "failed" else "deferred_for_retry")

        await self._transaction(body)

    async def _stalled(self, where: str, *args: Any) -> list[dict[str, Any]]:
        rows = await self._rows(
            f"SELECT {JOBS_COLUMNS} FROM procrastinate_jobs AS jobs"  # noqa: S608
            f" WHERE jobs.status = 'doing' AND (? IS NULL OR jobs.queue_name = ?)"
            f" AND (? IS NULL OR jobs.task_name = ?) AND {where}",
            *args,
        )
        return [_job(row) for row in rows]

    async def _select_stalled_jobs_by_heartbeat(
        self, queue: str | None, task_name: str | None, seconds_since_heartbeat: float
    ) -> list[dict[str, Any]]:
        since = _stamp(clock.now() - timedelta(seconds=seconds_since_heartbeat))
        return await self._stalled(
            "(jobs.worker_id IS NULL OR jobs.worker_id IN"
            " (SELECT id FROM procrastinate_workers WHERE last_heartbeat < ?)"
            " OR jobs.worker_id NOT IN (SELECT id FROM procrastinate_workers))",
            queue,
            queue,
            task_name,
            task_name,
            since,
        )

    async def _select_stalled_jobs_by_started(
        self, nb_seconds: int, queue: str | None, task_name: str | None
    ) -> list[dict[str, Any]]:
        since = _stamp(clock.now() - timedelta(seconds=nb_seconds))
        return await self._stalled(
            "(SELECT MAX(at) FROM procrastinate_events WHERE job_id = jobs.id AND type = 'started') < ?",
            queue,
            queue,
            task_name,
            task_name,
            since,
        )

    async def _delete_old_jobs(self, nb_hours: int, queue: str | None, statuses: Iterable[str]) -> None:
        wanted = [status for status in statuses if status in FINAL]
        if not wanted:
            return
        before = _stamp(clock.now() - timedelta(hours=nb_hours))

        async def body() -> None:
            rows = await self._rows(
                f"SELECT id FROM procrastinate_jobs AS jobs WHERE status IN ({', '.join('?' * len(wanted))})"  # noqa: S608
                " AND (? IS NULL OR queue_name = ?)"
                " AND (SELECT MAX(at) FROM procrastinate_events WHERE job_id = jobs.id) < ?",
                *wanted,
                queue,
                queue,
                before,
            )
            ids = [row["id"] for row in rows]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                unlink = f"UPDATE procrastinate_periodic_defers SET job_id = NULL WHERE job_id IN ({marks})"  # noqa: S608
                await self.db.execute(unlink, chunk)
                await self.db.execute(f"DELETE FROM procrastinate_events WHERE job_id IN ({marks})", chunk)  # noqa: S608
                await self.db.execute(f"DELETE FROM procrastinate_jobs WHERE id IN ({marks})", chunk)  # noqa: S608

        await self._transaction(body)

    async def _count_jobs_status(self) -> list[dict[str, Any]]:
        rows = await self._rows("SELECT count(*) AS count, status FROM procrastinate_jobs GROUP BY status")
        return [dict(row) for row in rows]

    def _filters(self, **filters: Any) -> tuple[str, list[Any]]:
        clauses, args = [], []
        for column, value in filters.items():
            if value is not None:
                clauses.append(f"{column} = ?")
                args.append(value)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

    async def _list_jobs(
        self,
        id: int | None = None,
        queue_name: str | None = None,
        task_name: str | None = None,
        status: str | None = None,
        lock: str | None = None,
        queueing_lock: str | None = None,
        worker_id: int | None = None,
    ) -> list[dict[str, Any]]:
        where, args = self._filters(
            id=id,
            queue_name=queue_name,
            task_name=task_name,
            status=status,
            lock=lock,
            queueing_lock=queueing_lock,
            worker_id=worker_id,
        )
        rows = await self._rows(f"SELECT {JOB_COLUMNS} FROM procrastinate_jobs{where} ORDER BY id", *args)  # noqa: S608
        return [_job(row) for row in rows]

    async def _grouped(self, column: str, filters: dict[str, Any]) -> list[dict[str, Any]]:
        where, args = self._filters(**filters)
        extra = f"{' AND' if where else ' WHERE'} lock IS NOT NULL" if column == "lock" else ""
        rows = await self._rows(
            f"SELECT {column} AS name, status, count(*) AS n FROM procrastinate_jobs{where}{extra}"  # noqa: S608
            f" GROUP BY {column}, status ORDER BY {column}",
            *args,
        )
        grouped: dict[str, dict[str, Any]] = {}
        for row in rows:
            entry = grouped.setdefault(row["name"], {"name": row["name"], "jobs_count": 0, "stats": {}})
            entry["jobs_count"] += row["n"]
            entry["stats"][row["status"]] = row["n"]
        return list(grouped.values())

    async def _list_queues(self, **filters: Any) -> list[dict[str, Any]]:
        return await self._grouped("queue_name", filters)

    async def _list_tasks(self, **filters: Any) -> list[dict[str, Any]]:
        return await self._grouped("task_name", filters)

    async def _list_locks(self, **filters: Any) -> list[dict[str, Any]]:
        return await self._grouped("lock", filters)

    async def _list_jobs_to_abort(self, queue_name: str | None) -> list[dict[str, Any]]:
        rows = await self._rows(
            "SELECT id FROM procrastinate_jobs WHERE status = 'doing' AND abort_requested = 1"
            " AND (? IS NULL OR queue_name = ?)",
            queue_name,
            queue_name,
        )
        return [dict(row) for row in rows]

    async def _register_worker(self) -> dict[str, Any]:
        async def body() -> dict[str, Any]:
            cursor = await self.db.execute(
                "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (?)", (_now(),)
            )
            return {"worker_id": cursor.lastrowid}

        return await self._transaction(body)  # type: ignore[no-any-return]

    async def _unregister_worker(self, worker_id: int) -> None:
        async def body() -> None:
            await self.db.execute(
                "UPDATE procrastinate_jobs SET worker_id = NULL WHERE worker_id = ?", (worker_id,)
            )
            await self.db.execute("DELETE FROM procrastinate_workers WHERE id = ?", (worker_id,))

        await self._transaction(body)

    async def _update_heartbeat(self, worker_id: int) -> None:
        await self.db.execute(
            "UPDATE procrastinate_workers SET last_heartbeat = ? WHERE id = ?", (_now(), worker_id)
        )

    async def _prune_stalled_workers(self, seconds_since_heartbeat: float) -> list[dict[str, Any]]:
        since = _stamp(clock.now() - timedelta(seconds=seconds_since_heartbeat))

        async def body() -> list[dict[str, Any]]:
            rows = await self._rows("SELECT id FROM procrastinate_workers WHERE last_heartbeat < ?", since)
            for row in rows:
                await self.db.execute(
                    "UPDATE procrastinate_jobs SET worker_id = NULL WHERE worker_id = ?", (row["id"],)
                )
                await self.db.execute("DELETE FROM procrastinate_workers WHERE id = ?", (row["id"],))
            return [{"worker_id": row["id"]} for row in rows]

        return await self._transaction(body)  # type: ignore[no-any-return]
