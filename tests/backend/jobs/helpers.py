"""Driving the job engine inside a test: an app over the test database, jobs deferred as the
periodic deferrer defers them, and a worker that runs what is due and stops."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import procrastinate
from procrastinate import exceptions

from backend.jobs.engine import Periodic, build_app, worker_options
from backend.settings import get_settings
from notifications.tables import OutboxMessage


def engine_app(schedule: Sequence[Periodic]) -> procrastinate.App:
    return build_app(get_settings(), schedule)


async def defer_period(app: procrastinate.App, name: str, timestamp: int) -> int | None:
    """What each worker's periodic deferrer does when `name`'s time `timestamp` comes (the same
    JobManager call): returns the new job's id, or None when that period was deferred already
    (by any worker) or a run of it is still waiting (the queueing lock)."""
    periodic_task = app.periodic_registry.periodic_tasks[(name, name)]
    job = periodic_task.task.configure(task_kwargs={"timestamp": timestamp}).job
    try:
        return await app.job_manager.defer_periodic_job(job, periodic_id=name, defer_timestamp=timestamp)
    except exceptions.AlreadyEnqueued:
        return None


async def run_due(app: procrastinate.App) -> None:
    """Run every job that is due, then stop (the periodic deferrer stays off: tests defer)."""
    registry = dict(app.periodic_registry.periodic_tasks)
    app.periodic_registry.periodic_tasks.clear()
    try:
        options: dict[str, Any] = {**worker_options(get_settings(), 1), "listen_notify": False}
        await app.run_worker_async(wait=False, install_signal_handlers=False, **options)
    finally:
        app.periodic_registry.periodic_tasks.update(registry)


async def jobs_of(task_name: str) -> list[dict[str, Any]]:
    rows = await OutboxMessage.raw(
        "SELECT id, status, attempts, scheduled_at FROM procrastinate_jobs WHERE task_name = {} ORDER BY id",
        task_name,
    )
    return list(rows)
