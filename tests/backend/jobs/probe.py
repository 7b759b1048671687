"""Probe jobs for the job engine's tests: each run leaves a row (period, pid) in `job_probe`, a
table the tests create, so a run that happens twice shows up twice."""

from __future__ import annotations

import asyncio
import os

import structlog

from backend.jobs.engine import Periodic
from notifications.tables import OutboxMessage

PROBE_TABLE = "CREATE TABLE IF NOT EXISTS job_probe (period BIGINT NOT NULL, pid INTEGER NOT NULL)"


async def tick() -> int:
    period = int(structlog.contextvars.get_contextvars()["period"])
    await OutboxMessage.raw("INSERT INTO job_probe (period, pid) VALUES ({}, {})", period, os.getpid())
    return 1


async def probe_rows() -> list[tuple[int, int]]:
    rows = await OutboxMessage.raw("SELECT period, pid FROM job_probe ORDER BY period, pid")
    return [(int(row["period"]), int(row["pid"])) for row in rows]


async def hang() -> None:
    await asyncio.sleep(3600)


# Every four seconds (croniter's sixth field is seconds), as the real jobs are every minute.
EVERY_4S = (Periodic("probe.tick", tick, "* * * * * */4", deadline_s=5, retries=0),)
HANGS = (Periodic("probe.hang", hang, "0 0 1 1 *", deadline_s=3600, retries=0),)
