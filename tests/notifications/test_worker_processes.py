"""Real worker processes (`python -m notifications.worker`) against the push simulator on a
live server: one killed with SIGKILL mid-delivery loses nothing and sends once; two at once
never send a message twice."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from backend.run import spawn, stop
from notifications.notify import Recipient, notify
from notifications.outbox import LEASE
from notifications.tables import DeliveryAttempt, OutboxMessage, PushSubscription
from tests.notifications.conftest import ROOT, PushSim

RECEIVED = {"code": "G01-261123-0001", "due_date": "2026-12-01"}


def _worker(**env: str) -> subprocess.Popen[bytes]:
    return spawn([sys.executable, "-m", "notifications.worker"], cwd=ROOT, env={**os.environ, **env})


async def _until(condition: Callable[[], Awaitable[bool]], what: str) -> None:
    for _ in range(600):
        if await condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"never happened: {what}")


async def _subscribe(sim: PushSim, citizen_id: int) -> dict:
    device = await sim.device()
    keys = device["keys"]
    await PushSubscription.insert(
        PushSubscription(
            citizen_id=citizen_id, endpoint=device["endpoint"], p256dh=keys["p256dh"], auth=keys["auth"]
        )
    )
    return device


async def _push_statuses() -> list[str]:
    return [row["status"] for row in await OutboxMessage.select().where(OutboxMessage.channel == "push")]


async def test_a_worker_killed_mid_delivery_loses_nothing_and_sends_once(push_sim: PushSim) -> None:
    device = await _subscribe(push_sim, 5)
    await push_sim.tell(device["id"], hang_s=30)  # the push service takes the request and sits on it
    await notify("dossier.received", Recipient(5), RECEIVED, link="/d", discriminator="1")

    first = _worker(MOTCUA_PUSH_TIMEOUT_S="60")
    try:

        async def in_flight() -> bool:
            return len((await push_sim.seen(device["id"]))["requests"]) == 1

        await _until(in_flight, "the worker claimed the message and is sending it")
        assert await _push_statuses() == ["sending"]
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        stop(first)

    # Nothing was delivered; the claim is held until its lease runs out. Let the lease pass.
    assert (await push_sim.seen(device["id"]))["messages"] == []
    await push_sim.tell(device["id"])  # the push service is healthy again
    await OutboxMessage.update({OutboxMessage.claimed_at: datetime.now(UTC) - LEASE * 2}).where(
        OutboxMessage.status == "sending"
    )

    second = _worker()
    try:

        async def delivered() -> bool:
            return await _push_statuses() == ["sent"]

        await _until(delivered, "the restarted worker delivered the message")
    finally:
        stop(second)
    assert len((await push_sim.seen(device["id"]))["messages"]) == 1
    push_row = await OutboxMessage.objects().where(OutboxMessage.channel == "push").first()
    assert push_row.attempts == 2
    attempts = await DeliveryAttempt.select().where(DeliveryAttempt.message == push_row.id)
    assert [a["outcome"] for a in attempts] == ["sent"], "the killed worker recorded nothing"


async def test_two_workers_never_send_a_message_twice(push_sim: PushSim) -> None:
    devices = {}
    for citizen_id in range(1, 25):
        devices[citizen_id] = await _subscribe(push_sim, citizen_id)
        await notify("dossier.received", Recipient(citizen_id), RECEIVED, link="/d", discriminator="x")

    workers = [_worker(), _worker()]
    try:

        async def all_sent() -> bool:
            return set(await _push_statuses()) == {"sent"}

        await _until(all_sent, "both workers drained the outbox")
    finally:
        for worker in workers:
            stop(worker)
    for device in devices.values():
        assert len((await push_sim.seen(device["id"]))["messages"]) == 1
    assert await DeliveryAttempt.count() == 48  # 24 inbox + 24 push, each exactly once
