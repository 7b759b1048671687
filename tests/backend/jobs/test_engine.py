"""The job engine on the test database's engine (SQLite or PostgreSQL): a period is deferred
once whoever races for it, a run has a deadline, a failure retries then dies, a dead run can be
retried, and a run a dead worker left behind runs again."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import procrastinate
from procrastinate import sql

from backend import clock
from backend.jobs.engine import Periodic
from backend.jobs.housekeeping import recover_stalled, remove_finished
from backend.jobs.sqlite_connector import SQLiteConnector
from backend.schedule import SCHEDULE
from notifications.tables import OutboxMessage
from tests.backend.jobs.helpers import defer_period, engine_app, jobs_of, run_due
from tests.backend.jobs.probe import PROBE_TABLE, probe_rows, tick

CALLS: list[str] = []


async def _count() -> int:
    CALLS.append("ran")
    return len(CALLS)


async def _fails() -> None:
    CALLS.append("failed")
    raise RuntimeError("gateway down")


async def _slow() -> None:
    await asyncio.sleep(30)


def test_the_sqlite_store_answers_every_query_of_the_installed_procrastinate() -> None:
    """A newer Procrastinate with a new query fails here, not in a worker at night."""
    store = SQLiteConnector(":memory:")
    missing = [name for name in sql.queries if name != "listen_queue" and not hasattr(store, f"_{name}")]
    assert missing == []


async def test_a_period_is_deferred_once_however_many_workers_race_for_it() -> None:
    schedule = (Periodic("test.count", _count, "* * * * *"),)
    apps = [engine_app(schedule) for _ in range(4)]  # four workers, each with its own connections
    for app in apps:
        await app.open_async()
    try:
        period = int(clock.timestamp()) // 60 * 60
        ids = await asyncio.gather(*(defer_period(app, "test.count", period) for app in apps))
        assert len([job_id for job_id in ids if job_id]) == 1
        assert await defer_period(apps[0], "test.count", period) is None  # and never again
        await run_due(apps[2])
        assert await defer_period(apps[1], "test.count", period + 60) is not None  # the next period is new
    finally:
        for app in apps:
            await app.close_async()
    assert len(await jobs_of("test.count")) == 2


async def test_a_deferred_period_runs_once_and_succeeds() -> None:
    CALLS.clear()
    app = engine_app((Periodic("test.count", _count, "* * * * *"),))
    async with app.open_async():
        await defer_period(app, "test.count", 600)
        await run_due(app)
        await run_due(app)
    assert CALLS == ["ran"]
    assert [job["status"] for job in await jobs_of("test.count")] == ["succeeded"]


async def test_while_a_run_waits_the_next_period_is_not_queued_behind_it() -> None:
    app = engine_app((Periodic("test.count", _count, "* * * * *"),))
    async with app.open_async():
        assert await defer_period(app, "test.count", 600) is not None
        assert await defer_period(app, "test.count", 660) is None  # the queueing lock: one waits
    assert len(await jobs_of("test.count")) == 1


async def test_a_failing_run_is_retried_later_then_dead_and_an_operator_retry_runs_it() -> None:
    CALLS.clear()
    app = engine_app((Periodic("test.fails", _fails, "* * * * *", retries=1),))
    async with app.open_async():
        await defer_period(app, "test.fails", 600)
        await run_due(app)
        (job,) = await jobs_of("test.fails")
        assert (job["status"], job["attempts"]) == ("todo", 1)  # failed once, waits for its retry
        assert CALLS == ["failed"]
        # The backoff passes: the retry runs, fails again and is dead (no retries left).
        await OutboxMessage.raw("UPDATE procrastinate_jobs SET scheduled_at = NULL WHERE id = {}", job["id"])
        await run_due(app)
        (job,) = await jobs_of("test.fails")
        assert (job["status"], job["attempts"]) == ("failed", 2)
        assert CALLS == ["failed", "failed"]
        # An operator retries the dead run: it is queued again at once and runs.
        await app.job_manager.retry_job_by_id_async(job["id"], retry_at=None)  # type: ignore[arg-type]
        (job,) = await jobs_of("test.fails")
        assert job["status"] == "todo"
        await run_due(app)
    assert CALLS == ["failed", "failed", "failed"]


async def test_a_run_past_its_deadline_fails() -> None:
    app = engine_app((Periodic("test.slow", _slow, "* * * * *", deadline_s=0.2, retries=0),))
    async with app.open_async():
        await defer_period(app, "test.slow", 600)
        await asyncio.wait_for(run_due(app), timeout=20)
    assert [job["status"] for job in await jobs_of("test.slow")] == ["failed"]


async def test_a_run_left_behind_by_a_dead_worker_is_put_back_and_runs() -> None:
    app = engine_app((Periodic("probe.tick", tick, "* * * * *"),))
    await OutboxMessage.raw(PROBE_TABLE)
    try:
        async with app.open_async():
            job_id = await defer_period(app, "probe.tick", 600)
            # A worker took the run and died: its heartbeat stopped long ago.
            worker_id = await app.job_manager.register_worker()
            fetched = await app.job_manager.fetch_job(queues=None, worker_id=worker_id)
            assert fetched is not None
            assert fetched.id == job_id
            long_ago = clock.now() - timedelta(minutes=10)
            if isinstance(app.connector, SQLiteConnector):
                await OutboxMessage.raw(
                    "UPDATE procrastinate_workers SET last_heartbeat = {}",
                    long_ago.isoformat(timespec="microseconds"),
                )
            else:
                await OutboxMessage.raw(
                    "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '10 minutes'"
                )
            await run_due(app)  # nothing runs: the run is held by the dead worker ("doing")
            assert [job["status"] for job in await jobs_of("probe.tick")] == ["doing"]
            assert await recover_stalled(app.job_manager) == 1
            assert await recover_stalled(app.job_manager) == 0
            await run_due(app)
        assert [job["status"] for job in await jobs_of("probe.tick")] == ["succeeded"]
        assert [period for period, _ in await probe_rows()] == [600]
    finally:
        await OutboxMessage.raw("DROP TABLE job_probe")


async def _stop_heartbeats(app: procrastinate.App) -> None:
    """Every registered worker's last heartbeat, ten minutes ago (by the engine's own clock)."""
    if isinstance(app.connector, SQLiteConnector):
        long_ago = (clock.now() - timedelta(minutes=10)).isoformat(timespec="microseconds")
        await OutboxMessage.raw("UPDATE procrastinate_workers SET last_heartbeat = {}", long_ago)
    else:
        await OutboxMessage.raw(
            "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '10 minutes'"
        )


def test_an_engine_app_is_a_procrastinate_app_with_every_entry_and_the_housekeeping() -> None:
    app = engine_app((Periodic("test.count", _count, "*/5 * * * *"),))
    assert isinstance(app, procrastinate.App)
    assert set(app.tasks) >= {"test.count", "jobs.recover_stalled", "jobs.remove_finished"}
    crons = {name: periodic.cron for (name, _), periodic in app.periodic_registry.periodic_tasks.items()}
    assert crons["test.count"] == "*/5 * * * *"


async def test_every_scheduled_job_runs_on_the_engine_and_succeeds() -> None:
    """The real schedule, each job deferred for one period and run by a worker: wiring, imports
    and SQL of every job hold on this engine (on an empty database)."""
    app = engine_app(SCHEDULE)
    async with app.open_async():
        for entry in SCHEDULE:
            assert await defer_period(app, entry.name, 600) is not None, entry.name
        await run_due(app)
    for entry in SCHEDULE:
        assert [job["status"] for job in await jobs_of(entry.name)] == ["succeeded"], entry.name


async def _age_events(app: procrastinate.App, job_id: int, days: int) -> None:
    """Move a run's events `days` into the past (by the engine's own clock)."""
    if isinstance(app.connector, SQLiteConnector):
        moment = (clock.now() - timedelta(days=days)).isoformat(timespec="microseconds")
        await OutboxMessage.raw("UPDATE procrastinate_events SET at = {} WHERE job_id = {}", moment, job_id)
    else:
        await OutboxMessage.raw(
            "UPDATE procrastinate_events SET at = now() - make_interval(days => {}) WHERE job_id = {}",
            days,
            job_id,
        )


async def test_finished_runs_are_removed_after_their_period_and_others_stay() -> None:
    app = engine_app(
        (Periodic("test.count", _count, "* * * * *"), Periodic("test.fails", _fails, "* * * * *", retries=0))
    )
    async with app.open_async():
        ids = {}
        for period in (600, 660, 720):
            ids[("ok", period)] = await defer_period(app, "test.count", period)
            ids[("dead", period)] = await defer_period(app, "test.fails", period)
            await run_due(app)
        await _age_events(app, ids[("ok", 600)], 8)  # succeeded 8 days ago: goes
        await _age_events(app, ids[("dead", 600)], 8)  # dead 8 days ago: stays (30 days)
        await _age_events(app, ids[("dead", 660)], 31)  # dead 31 days ago: goes
        await remove_finished(app.job_manager)
    left = {job["id"] for name in ("test.count", "test.fails") for job in await jobs_of(name)}
    assert left == {ids[("ok", 660)], ids[("ok", 720)], ids[("dead", 600)], ids[("dead", 720)]}
