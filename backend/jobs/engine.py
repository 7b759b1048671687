"""The job engine: Procrastinate, on PostgreSQL (its own connector) or on the embedded SQLite
default (backend/jobs/sqlite_connector.py). Why Procrastinate: docs/architecture.md.

A domain writes its jobs as plain async functions in `<domain>/jobs.py`; `backend/schedule.py`
lists them as `Periodic` entries; `build_app` turns each entry into a Procrastinate task and a
periodic schedule. Every periodic job has a queueing lock (at most one run waits) and, unless it
says otherwise, a lock (at most one run at a time), a total deadline and a retry strategy.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import procrastinate
import structlog
from procrastinate import connector as connector_module

from backend.jobs.housekeeping import recover_stalled, remove_finished
from backend.jobs.sqlite_connector import SQLiteConnector
from backend.settings import Settings

log = structlog.get_logger("motcua.jobs")

PERIODIC_QUEUE = "periodic"


@dataclass(frozen=True)
class Periodic:
    """One periodic job: `run()` each time `cron` matches (5 fields; a 6th, seconds, in tests).

    `deadline_s` bounds one run in total; `retries` is how many more times a failed run is tried
    (exponential backoff) before it is dead; `exclusive` keeps two runs from overlapping (off
    only for a job that must run even while another run of it hangs)."""

    name: str
    run: Callable[[], Awaitable[object]]
    cron: str
    deadline_s: float = 300.0
    retries: int = 2
    exclusive: bool = True


def connector_for(settings: Settings, max_connections: int = 4) -> connector_module.BaseAsyncConnector:
    if settings.is_sqlite:
        return SQLiteConnector(settings.database_url.removeprefix("sqlite:///"))
    return procrastinate.PsycopgConnector(
        conninfo=settings.database_url,
        min_size=1,
        max_size=max(max_connections, 2),
        kwargs={"application_name": "motcua-jobs"},
    )


def _task_body(entry: Periodic) -> Callable[..., Awaitable[None]]:
    async def run(timestamp: int) -> None:
        started = time.monotonic()
        with structlog.contextvars.bound_contextvars(job=entry.name, period=timestamp):
            async with asyncio.timeout(entry.deadline_s):
                result = await entry.run()
            log.info("job done", result=_loggable(result), duration_s=round(time.monotonic() - started, 3))

    run.__name__ = run.__qualname__ = entry.name.replace(".", "_")
    return run


def _loggable(result: object) -> object:
    """Jobs return counts (an int, or a dict of counts); anything else is not logged."""
    if isinstance(result, int | dict):
        return result
    return None


def housekeeping(app: procrastinate.App) -> list[Periodic]:
    """The engine's own periodic jobs, scheduled beside the domains' on every engine."""
    manager = app.job_manager
    return [
        Periodic(
            "jobs.recover_stalled",
            functools.partial(recover_stalled, manager),
            "* * * * *",
            deadline_s=50,
            retries=0,
            exclusive=False,  # never blocked by a run of itself that a dead worker left behind
        ),
        Periodic("jobs.remove_finished", functools.partial(remove_finished, manager), "25 19 * * *"),
    ]


def build_app(
    settings: Settings, schedule: Sequence[Periodic], max_connections: int = 4
) -> procrastinate.App:
    """A Procrastinate app with every entry of `schedule` and the engine's housekeeping."""
    app = procrastinate.App(connector=connector_for(settings, max_connections))
    schedule = [*schedule, *housekeeping(app)]
    names = [entry.name for entry in schedule]
    if len(set(names)) != len(names):
        raise ValueError(f"two periodic jobs share a name: {sorted(names)}")
    for entry in schedule:
        task = app.task(
            name=entry.name,
            queue=PERIODIC_QUEUE,
            lock=entry.name if entry.exclusive else None,
            queueing_lock=entry.name,
            retry=procrastinate.RetryStrategy(max_attempts=entry.retries, exponential_wait=5)
            if entry.retries
            else False,
        )(_task_body(entry))
        app.periodic(cron=entry.cron, periodic_id=entry.name)(task)
    return app


def worker_options(settings: Settings, concurrency: int) -> dict[str, Any]:
    """How a worker runs on this engine: PostgreSQL wakes it with LISTEN/NOTIFY (polling only as
    a fallback); SQLite has no NOTIFY, so it polls every second."""
    return {
        "concurrency": concurrency,
        "listen_notify": not settings.is_sqlite,
        "fetch_job_polling_interval": 1.0 if settings.is_sqlite else 5.0,
        "shutdown_graceful_timeout": 10.0,
    }
