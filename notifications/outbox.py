"""Accept and persist messages; claim them for delivery; record how delivery ended.

`enqueue` writes rows only; call it inside the transaction of the change that causes the
message, so both commit or neither does. Claiming is safe with several workers: PostgreSQL
skips rows another worker holds (`FOR UPDATE SKIP LOCKED`); SQLite serialises writers with an
IMMEDIATE transaction. A claim is a lease: a worker that dies mid-delivery leaves its rows
`sending`, and they become claimable again once the lease runs out.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from backend import clock
from notifications.tables import DeliveryAttempt, OutboxMessage

LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 8
BACKOFF_BASE_S = 5.0
BACKOFF_CAP_S = 3600.0


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one delivery attempt ended. `retry_after` set → try again then (rate limit, 5xx)."""

    kind: str  # "sent" | "retry" | "failed"
    status_code: int | None = None
    error: str | None = None
    retry_after: float | None = None


def dedupe_key(
    event: str, recipient_kind: str, recipient_id: int, channel: str, discriminator: str = ""
) -> str:
    return f"{event}:{discriminator}:{recipient_kind}:{recipient_id}:{channel}"


async def enqueue(
    *,
    event: str,
    recipient_kind: str,
    recipient_id: int,
    channels: list[str],
    payload: dict[str, Any],
    discriminator: str = "",
) -> int:
    """Add one message per channel unless the same (event, recipient, channel) is queued already.
    Returns how many rows were added."""
    added = 0
    for channel in channels:
        key = dedupe_key(event, recipient_kind, recipient_id, channel, discriminator)
        rows = (
            await OutboxMessage.insert(
                OutboxMessage(
                    event=event,
                    recipient_kind=recipient_kind,
                    recipient_id=recipient_id,
                    channel=channel,
                    dedupe_key=key,
                    payload=payload,
                )
            )
            .on_conflict(target=OutboxMessage.dedupe_key, action="DO NOTHING")
            .returning(OutboxMessage.id)
        )
        added += len(rows)
    return added


def _claimable(now: datetime) -> Any:
    pending = (OutboxMessage.status == "pending") & (OutboxMessage.next_attempt_at <= now)
    stale = (OutboxMessage.status == "sending") & (OutboxMessage.claimed_at < now - LEASE)
    return pending | stale


async def claim(worker: str, limit: int = 20, now: datetime | None = None) -> list[dict[str, Any]]:
    now = now or clock.now()
    engine = OutboxMessage._meta.db
    if isinstance(engine, SQLiteEngine):
        async with engine.transaction(transaction_type=TransactionType.immediate):
            ids = [
                row["id"]
                for row in await OutboxMessage.select(OutboxMessage.id)
                .where(_claimable(now))
                .order_by(OutboxMessage.id)
                .limit(limit)
            ]
            if ids:
                await OutboxMessage.update(
                    {
                        OutboxMessage.status: "sending",
                        OutboxMessage.claimed_by: worker,
                        OutboxMessage.claimed_at: now,
                        OutboxMessage.attempts: OutboxMessage.attempts + 1,
                    }
                ).where(OutboxMessage.id.is_in(ids))
    else:
        rows = await OutboxMessage.raw(
            """
            UPDATE notification_outbox
               SET status = 'sending', claimed_by = {}, claimed_at = {}, attempts = attempts + 1
             WHERE id IN (
                   SELECT id FROM notification_outbox
                    WHERE (status = 'pending' AND next_attempt_at <= {})
                       OR (status = 'sending' AND claimed_at < {})
                    ORDER BY id
                    LIMIT {}
                    FOR UPDATE SKIP LOCKED)
            RETURNING id
            """,
            worker,
            now,
            now,
            now - LEASE,
            limit,
        )
        ids = [row["id"] for row in rows]
    if not ids:
        return []
    return await (
        OutboxMessage.select()
        .where(OutboxMessage.id.is_in(ids))
        .order_by(OutboxMessage.id)
        .output(load_json=True)
    )


def backoff_seconds(attempts: int, rng: random.Random | None = None) -> float:
    """Exponential backoff with full jitter: uniform(0, min(cap, base · 2^(attempts-1)))."""
    ceiling = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** max(0, attempts - 1))
    return (rng or random).uniform(ceiling / 2, ceiling)


async def finish(message: dict[str, Any], worker: str, outcome: Outcome, now: datetime | None = None) -> str:
    """Record the attempt and move the message on. Only the worker holding the claim may."""
    now = now or clock.now()
    attempts = message["attempts"]
    if outcome.kind == "sent":
        values: dict[Any, Any] = {OutboxMessage.status: "sent", OutboxMessage.sent_at: now}
    elif outcome.kind == "retry" and attempts < MAX_ATTEMPTS:
        delay = outcome.retry_after if outcome.retry_after is not None else backoff_seconds(attempts)
        values = {
            OutboxMessage.status: "pending",
            OutboxMessage.next_attempt_at: now + timedelta(seconds=delay),
        }
    else:
        values = {OutboxMessage.status: "failed"}
    values[OutboxMessage.last_error] = outcome.error
    values[OutboxMessage.claimed_by] = None
    async with OutboxMessage._meta.db.transaction():
        updated = (
            await OutboxMessage.update(values)
            .where((OutboxMessage.id == message["id"]) & (OutboxMessage.claimed_by == worker))
            .returning(OutboxMessage.id)
        )
        await DeliveryAttempt.insert(
            DeliveryAttempt(
                message=message["id"],
                attempt=attempts,
                outcome=outcome.kind,
                status_code=outcome.status_code,
                error=outcome.error,
                worker=worker,
            )
        )
    return str(values[OutboxMessage.status]) if updated else "lost-claim"
