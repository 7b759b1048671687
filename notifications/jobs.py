"""Notifications' periodic jobs (scheduled in backend/schedule.py): the retention purge of
messages that are done (docs/retention.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

from backend import clock
from backend.db import delete_in_batches
from notifications.tables import DeliveryAttempt, OutboxMessage, PushReceipt

# Delivered or given-up messages, with their attempts and push receipts: long enough to answer
# "did the citizen get it?" and to count delivery figures for a quarter.
DONE_MESSAGES_KEPT = timedelta(days=90)
DONE = ("sent", "failed")


async def purge_done_messages(now: datetime, kept: timedelta = DONE_MESSAGES_KEPT) -> int:
    """Delete messages sent or failed for good more than `kept` ago; pending ones stay."""

    async def attempts_and_receipts(ids: list[int]) -> None:
        await DeliveryAttempt.delete().where(DeliveryAttempt.message.is_in(ids))
        await PushReceipt.delete().where(PushReceipt.message.is_in(ids))

    return await delete_in_batches(
        OutboxMessage,
        OutboxMessage.status.is_in(list(DONE)) & (OutboxMessage.created_at < now - kept),
        dependents=attempts_and_receipts,
    )


async def purge_notifications() -> int:
    return await purge_done_messages(clock.now())
