"""What an operator sees of the job engine, and the one thing they may do: retry a dead run.

Runs are rows of `procrastinate_jobs` (the same table and columns on both engines), read with
plain SQL. A run is in one of four states an operator cares about:

- queued: waiting for a worker (`todo`, never tried);
- running: a worker holds it (`doing`);
- failed: it failed and waits for its next try (`todo` after at least one attempt);
- dead: it failed and has no try left (`failed`) — only an operator brings it back.

Succeeded runs are counted too (kept 7 days, backend/jobs/housekeeping.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import procrastinate
from procrastinate import exceptions

from backend.errors import Problem
from backend.jobs.engine import connector_for
from backend.settings import Settings
from notifications.tables import OutboxMessage

STATES = ("queued", "running", "failed", "dead", "succeeded")
_STATE_SQL = (
    "CASE WHEN status = 'todo' AND attempts = 0 THEN 'queued' WHEN status = 'todo' THEN 'failed'"
    " WHEN status = 'doing' THEN 'running' WHEN status = 'failed' THEN 'dead' ELSE CAST(status AS TEXT) END"
)


@dataclass(frozen=True)
class Run:
    id: int
    task: str
    state: str
    attempts: int
    scheduled_at: datetime | None  # a failed run's next try
    last_at: datetime | None  # its latest event (deferred, started, failed, ...)


def _moment(value: Any) -> datetime | None:
    """PostgreSQL answers timestamps; the SQLite store keeps ISO text."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


async def _raw(sql: str, *args: Any) -> list[dict[str, Any]]:
    # Any table's raw() runs on the one database engine; these tables are not Piccolo's.
    return cast(list[dict[str, Any]], await OutboxMessage.raw(sql, *args))


async def counts() -> dict[str, dict[str, int]]:
    """{task: {state: how many runs}} for every task with a run in the table."""
    rows = await _raw(
        f"SELECT task_name, {_STATE_SQL} AS state, count(*) AS n FROM procrastinate_jobs"  # noqa: S608
        " GROUP BY task_name, state"
    )
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        if row["state"] in STATES:
            table.setdefault(str(row["task_name"]), dict.fromkeys(STATES, 0))[str(row["state"])] = int(
                row["n"]
            )
    return dict(sorted(table.items()))


async def workers() -> int:
    """Job workers registered now (each unregisters when it stops; a dead one is pruned)."""
    rows = await _raw("SELECT count(*) AS n FROM procrastinate_workers")
    return int(rows[0]["n"])


async def runs(state: str, limit: int = 100) -> list[Run]:
    """The newest runs in `state` (newest first)."""
    if state not in STATES:
        raise Problem(404, "not_found")
    rows = await _raw(
        f"SELECT id, task_name, attempts, scheduled_at, {_STATE_SQL} AS state,"  # noqa: S608
        " (SELECT max(at) FROM procrastinate_events WHERE job_id = procrastinate_jobs.id) AS last_at"
        f" FROM procrastinate_jobs WHERE {_STATE_SQL} = {{}} ORDER BY id DESC LIMIT {{}}",
        state,
        limit,
    )
    return [
        Run(
            id=int(row["id"]),
            task=str(row["task_name"]),
            state=str(row["state"]),
            attempts=int(row["attempts"]),
            scheduled_at=_moment(row["scheduled_at"]),
            last_at=_moment(row["last_at"]),
        )
        for row in rows
    ]


async def retry_dead(settings: Settings, job_id: int) -> None:
    """Queue a dead run again, due at once. 404 when no dead run has that id; 409 when a run of
    the same job is already waiting (it would run the same work)."""
    rows = await _raw("SELECT status FROM procrastinate_jobs WHERE id = {}", job_id)
    if not rows or rows[0]["status"] != "failed":
        raise Problem(404, "not_found")
    app = procrastinate.App(connector=connector_for(settings, max_connections=1))
    async with app.open_async():
        try:
            # No retry time: due now by the database's own clock, whatever ours says.
            await app.job_manager.retry_job_by_id_async(job_id, retry_at=cast(datetime, None))
        except exceptions.UniqueViolation:
            raise Problem(409, "job_already_queued") from None
        except exceptions.ConnectorException:  # retried by someone else meanwhile
            raise Problem(404, "not_found") from None
