"""Real job worker processes (`python -m backend.jobs.worker`) on the test database: with three
of them every period's job runs exactly once, and a job stuck on a gateway that never answers
holds no notification (delivery is another process)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import timedelta

from backend import clock
from backend.payments.tables import Payment
from backend.run import spawn, stop
from notifications.notify import Recipient, notify
from notifications.tables import OutboxMessage
from tests.backend.jobs.helpers import jobs_of
from tests.backend.jobs.probe import PROBE_TABLE, probe_rows
from tests.factories import make_citizen, make_payment
from tests.notifications.conftest import ROOT


def _process(module: str, *args: str, **env: str) -> subprocess.Popen[bytes]:
    return spawn([sys.executable, "-m", module, *args], cwd=ROOT, env={**os.environ, **env})


async def _until(condition: Callable[[], Awaitable[bool]], what: str, tries: int = 600) -> None:
    for _ in range(tries):
        if await condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"never happened: {what}")


async def _workers_registered() -> int:
    return len(await OutboxMessage.raw("SELECT id FROM procrastinate_workers"))


async def test_three_workers_run_every_period_exactly_once() -> None:
    await OutboxMessage.raw(PROBE_TABLE)
    workers = [
        _process("backend.jobs.worker", "--schedule", "tests.backend.jobs.probe:EVERY_4S") for _ in range(3)
    ]
    try:

        async def all_up() -> bool:
            return await _workers_registered() == 3

        await _until(all_up, "three job workers registered", tries=1200)
        first = int(clock.timestamp())

        async def enough_periods() -> bool:
            return len({period for period, _ in await probe_rows() if period > first}) >= 4

        await _until(enough_periods, "four periods after all three workers were up ran", tries=600)
    finally:
        for worker in workers:
            stop(worker)
    try:
        rows = await probe_rows()
        runs = Counter(period for period, _ in rows)
        assert [period for period, n in runs.items() if n > 1] == [], "a period ran twice"
        watched = sorted(period for period in runs if period > first)
        assert watched == list(range(watched[0], watched[-1] + 1, 4)), "a period was skipped"
        deferred = await OutboxMessage.raw(
            "SELECT count(*) AS n FROM procrastinate_jobs WHERE task_name = 'probe.tick'"
        )
        assert deferred[0]["n"] == len(runs), "one job per period, whichever worker deferred it"
        print(f"\nperiods {len(runs)}, by worker {sorted(Counter(pid for _, pid in rows).values())}")
    finally:
        await OutboxMessage.raw("DROP TABLE job_probe")


class SilentGateway:
    """A payment gateway that takes every connection and never answers."""

    def __init__(self) -> None:
        self.opened = 0
        self.closed = 0
        self.server: asyncio.Server | None = None

    async def _hold(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.opened += 1
        try:
            while await reader.read(4096):
                pass
        finally:
            self.closed += 1
            writer.close()

    async def __aenter__(self) -> str:
        self.server = await asyncio.start_server(self._hold, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/merchant_webapi/api/transaction"

    async def __aexit__(self, *_: object) -> None:
        assert self.server is not None
        self.server.close()


async def test_delivery_goes_on_while_reconciliation_waits_on_a_silent_gateway() -> None:
    """Ten expired attempts to ask about, each query allowed 15 s: the old in-worker loop held
    every notification for 150 s. Now the message is delivered while the first query still waits."""
    citizen = await make_citizen()
    for _ in range(10):
        payment = await make_payment(citizen)
        past = clock.now() - timedelta(hours=2)
        await Payment.update({Payment.started_at: past, Payment.expires_at: past}).where(
            Payment.id == payment["id"]
        )
    gateway = SilentGateway()
    async with gateway as gateway_url:
        jobs = _process("backend.jobs.worker", MOTCUA_VNPAY_API_URL=gateway_url)
        delivery = _process("notifications.worker")
        try:

            async def reconciliation_waits() -> bool:
                running = [job for job in await jobs_of("payments.reconcile") if job["status"] == "doing"]
                return bool(running) and gateway.opened >= 1

            await _until(reconciliation_waits, "the job worker asked the gateway", tries=1200)
            await notify(
                "dossier.received",
                Recipient(citizen.id),
                {"code": "G01-261123-0001", "due_date": "2026-12-01"},
                link="/d",
                discriminator="1",
            )

            async def delivered() -> bool:
                rows = await OutboxMessage.select(OutboxMessage.status).where(
                    OutboxMessage.channel == "inbox"
                )
                return [row["status"] for row in rows] == ["sent"]

            await _until(delivered, "the notification was delivered")
            assert gateway.closed == 0, "delivered only after the gateway query gave up"
            assert [job["status"] for job in await jobs_of("payments.reconcile")] == ["doing"]
        finally:
            stop(delivery)
            stop(jobs)
