"""The job worker: `python -m backend.jobs.worker`. Runs the periodic jobs of backend/schedule.py
(and deferred jobs) on the job engine, in its own process, apart from notification delivery.

Any number may run side by side, on any machines: each period's run of a job is deferred once
(the engine's unique constraint) and taken by one worker. `--schedule module:NAME` runs another
list (the tests' probe jobs).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import signal
from collections.abc import Sequence

import structlog
from piccolo.engine import engine_finder

from backend.db import close_pool, open_pool
from backend.jobs.engine import Periodic, build_app, worker_options
from backend.logging import configure_logging
from backend.settings import get_settings

log = structlog.get_logger("motcua.jobs")


def load_schedule(path: str) -> Sequence[Periodic]:
    module, _, name = path.partition(":")
    return tuple(getattr(importlib.import_module(module), name or "SCHEDULE"))


def wire_hooks() -> None:
    """Hooks between domains that jobs rely on, wired here as the app factory wires them:
    reconciliation settles payments, and a paid fee stamps its dossier."""
    importlib.import_module("backend.dossiers.fees")  # registers settlement.on_paid(fee_paid)


async def run(schedule: Sequence[Periodic], concurrency: int) -> None:
    settings = get_settings()
    engine = engine_finder()
    if engine is None:
        raise SystemExit("piccolo_conf.py defines no DB engine")
    await open_pool(engine, min(concurrency + 1, settings.db_pool_size))
    app = build_app(settings, schedule, max_connections=concurrency + 2)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    log.info("job worker started", jobs=[entry.name for entry in schedule], concurrency=concurrency)
    try:
        async with app.open_async():
            worker = asyncio.create_task(
                app.run_worker_async(
                    name="motcua-jobs", install_signal_handlers=False, **worker_options(settings, concurrency)
                )
            )
            stopping = asyncio.create_task(stop.wait())
            done, _ = await asyncio.wait({worker, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if worker not in done:
                worker.cancel()  # Procrastinate stops gracefully: running jobs get their grace time
            await asyncio.gather(worker, return_exceptions=True)
            stopping.cancel()
    finally:
        await close_pool(engine)
    log.info("job worker stopped")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schedule", default="backend.schedule:SCHEDULE", help="module:NAME of the job list")
    parser.add_argument("--concurrency", type=int, default=None, help="jobs run side by side")
    args = parser.parse_args(argv)
    settings = get_settings()
    configure_logging(settings)
    # Procrastinate logs through the standard library: its warnings and errors reach stderr.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    wire_hooks()
    asyncio.run(run(load_schedule(args.schedule), args.concurrency or settings.job_concurrency))


if __name__ == "__main__":
    main()
