"""`make run`: migrate, load demo data, then serve the app (Granian) and run the workers: the
notification worker (delivery) and the job worker (periodic jobs).

In a container the same entry point serves only (`--without-worker --without-demo`).

When one child exits or a signal arrives, all stop.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from typing import Any

from backend.demo import load_all
from backend.migrate import migrate
from backend.settings import get_settings


def server_command(port: int, host: str = "127.0.0.1", workers: int = 1) -> list[str]:
    """The one server command, shared with the benchmarks so they measure what runs."""
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "asgi",
        "--factory",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--loop",
        "asyncio",
        "--no-access-log",
        "--log-level",
        "warning",
        "backend.app:create_app",
    ]


def spawn(command: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
    """Start a child in its own process group, so that stopping it stops its own children
    (Granian's worker processes) too, even while they drain open connections."""
    return subprocess.Popen(command, start_new_session=True, **kwargs)  # noqa: S603


def stop(process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """SIGTERM the child's whole group, then SIGKILL whatever is left after `timeout`."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            continue
        # The leader is gone; make sure no member of its group outlives it.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (0.0.0.0 in a container)")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument(
        "--without-worker", action="store_true", help="do not start the delivery and job workers"
    )
    parser.add_argument("--without-demo", action="store_true", help="do not load demo data")
    parser.add_argument("--without-migrate", action="store_true", help="do not apply migrations first")
    args = parser.parse_args(argv)
    settings = get_settings()
    if not args.without_migrate:
        asyncio.run(migrate())
    lines = [] if args.without_demo else asyncio.run(load_all())
    print("MotCua", "at", settings.base_url, flush=True)
    print(
        f"database: {'SQLite' if settings.is_sqlite else 'PostgreSQL'}; simulators: "
        f"{'on' if settings.simulators_enabled else 'off'}",
        flush=True,
    )
    for line in lines:
        print(line, flush=True)
    children = [spawn(server_command(settings.port, args.host, args.workers))]
    if not args.without_worker:
        children.append(spawn([sys.executable, "-m", "notifications.worker"]))
        children.append(spawn([sys.executable, "-m", "backend.jobs.worker"]))
    stopping = False

    def on_signal(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        for child in children:  # all at once, then wait for each
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGTERM)
        for child in children:
            stop(child)
    return next((child.returncode for child in children if child.returncode and child.returncode > 0), 0)


if __name__ == "__main__":
    raise SystemExit(main())
