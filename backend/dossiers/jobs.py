"""The dossiers domain's periodic jobs (scheduled in backend/schedule.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from backend import clock
from backend.db import delete_in_batches
from backend.dossiers.overdue import mark_overdue
from backend.dossiers.tables import IdempotencyKey


async def mark_overdue_dossiers() -> int:
    """Mark dossiers past their due time and alert their offices (backend/dossiers/overdue.py)."""
    return await mark_overdue(clock.now())


# A client retries a submission within minutes or hours; after a month a replayed key is no
# longer a retry (docs/retention.md).
IDEMPOTENCY_KEYS_KEPT = timedelta(days=30)


async def purge_idempotency_keys(now: datetime) -> int:
    return await delete_in_batches(IdempotencyKey, IdempotencyKey.created_at < now - IDEMPOTENCY_KEYS_KEPT)


async def purge_old_idempotency_keys() -> int:
    return await purge_idempotency_keys(clock.now())
