"""The outbox: written with the change that causes it, delivered once, survives crashes."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from piccolo.engine import engine_finder

from notifications import outbox
from notifications.outbox import LEASE, MAX_ATTEMPTS, Outcome
from notifications.tables import DeliveryAttempt, InboxItem, OutboxMessage
from notifications.worker import default_channels, run_once

PAYLOAD = {"title_key": "home.title", "body_key": "home.lead", "params": {}, "link": "/"}


async def _enqueue(recipient_id: int = 7, event: str = "dossier.received", discriminator: str = "D1") -> int:
    return await outbox.enqueue(
        event=event,
        recipient_kind="citizen",
        recipient_id=recipient_id,
        channels=["inbox"],
        payload=PAYLOAD,
        discriminator=discriminator,
    )


class Flaky:
    """A channel that fails as told, to drive the retry rules through the real worker."""

    name = "inbox"

    def __init__(self, outcomes: list[Outcome]) -> None:
        self.outcomes = outcomes
        self.calls = 0

    async def send(self, message: dict[str, Any]) -> Outcome:
        self.calls += 1
        return self.outcomes.pop(0)


async def test_the_same_event_for_the_same_recipient_is_queued_once() -> None:
    assert await _enqueue() == 1
    assert await _enqueue() == 0
    assert await _enqueue(discriminator="D2") == 1
    assert await OutboxMessage.count() == 2


async def test_a_message_rolls_back_with_the_change_that_caused_it() -> None:
    engine = engine_finder()

    async def change_that_fails() -> None:
        async with engine.transaction():
            await _enqueue()
            raise RuntimeError("the status change failed")

    with pytest.raises(RuntimeError):
        await change_that_fails()
    assert await OutboxMessage.count() == 0


async def test_the_worker_delivers_to_the_inbox_once() -> None:
    await _enqueue()
    channels = default_channels()
    assert await run_once("w1", channels) == 1
    assert await run_once("w1", channels) == 0
    items = await InboxItem.select().output(load_json=True)
    assert len(items) == 1
    assert items[0]["recipient_id"] == 7
    assert items[0]["title_key"] == "home.title"
    message = await OutboxMessage.objects().first()
    assert message.status == "sent"
    assert message.sent_at is not None
    attempts = await DeliveryAttempt.select()
    assert [(a["outcome"], a["attempt"], a["worker"]) for a in attempts] == [("sent", 1, "w1")]


async def test_two_workers_claiming_at_once_never_share_a_message() -> None:
    for index in range(30):
        await _enqueue(recipient_id=index)
    claims = await asyncio.gather(*(outbox.claim(f"w{n}", limit=10) for n in range(4)))
    claimed_ids = [message["id"] for batch in claims for message in batch]
    assert len(claimed_ids) == len(set(claimed_ids)) == 30


async def test_a_worker_that_died_mid_delivery_leaves_the_message_to_another() -> None:
    await _enqueue()
    claimed = await outbox.claim("dead-worker")
    assert len(claimed) == 1
    # Within the lease nobody else may take it...
    assert await outbox.claim("w2") == []
    # ...after it, another worker does, and delivers it once.
    later = datetime.now(UTC) + LEASE + timedelta(seconds=1)
    retaken = await outbox.claim("w2", now=later)
    assert [m["id"] for m in retaken] == [claimed[0]["id"]]
    assert await outbox.finish(retaken[0], "w2", Outcome("sent")) == "sent"
    # The dead worker's late answer cannot overwrite the outcome.
    assert await outbox.finish(claimed[0], "dead-worker", Outcome("retry", error="timeout")) == "lost-claim"
    assert (await OutboxMessage.objects().first()).status == "sent"


async def test_a_failed_attempt_is_retried_later_with_backoff() -> None:
    await _enqueue()
    flaky = Flaky([Outcome("retry", status_code=503, error="unavailable")])
    before = datetime.now(UTC)
    await run_once("w1", {"inbox": flaky})
    message = await OutboxMessage.objects().first()
    assert message.status == "pending"
    delay = (message.next_attempt_at - before).total_seconds()
    assert outbox.BACKOFF_BASE_S / 2 - 1 <= delay <= outbox.BACKOFF_BASE_S + 1
    assert await run_once("w1", {"inbox": flaky}) == 0, "not due yet"
    attempt = await DeliveryAttempt.objects().first()
    assert (attempt.outcome, attempt.status_code, attempt.error) == ("retry", 503, "unavailable")


async def test_retry_after_from_the_channel_is_honoured() -> None:
    await _enqueue()
    before = datetime.now(UTC)
    await run_once("w1", {"inbox": Flaky([Outcome("retry", status_code=429, retry_after=120)])})
    message = await OutboxMessage.objects().first()
    assert 119 <= (message.next_attempt_at - before).total_seconds() <= 122


async def test_a_message_fails_for_good_after_the_last_attempt() -> None:
    await _enqueue()
    now = datetime.now(UTC)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        claimed = await outbox.claim("w1", now=now)
        assert len(claimed) == 1, attempt
        status = await outbox.finish(claimed[0], "w1", Outcome("retry", error="timeout"), now=now)
        now += timedelta(hours=2)
    assert status == "failed"
    assert await outbox.claim("w1", now=now + timedelta(days=1)) == []
    assert await DeliveryAttempt.count() == MAX_ATTEMPTS


async def test_an_unknown_channel_fails_without_stopping_the_worker() -> None:
    await outbox.enqueue(
        event="x", recipient_kind="citizen", recipient_id=1, channels=["pigeon"], payload=PAYLOAD
    )
    await _enqueue()
    assert await run_once("w1", default_channels()) == 2
    statuses = {row["channel"]: row["status"] for row in await OutboxMessage.select()}
    assert statuses == {"pigeon": "failed", "inbox": "sent"}


def test_backoff_grows_and_is_capped() -> None:
    import random

    rng = random.Random(1)
    first = outbox.backoff_seconds(1, rng)
    fifth = outbox.backoff_seconds(5, rng)
    assert outbox.BACKOFF_BASE_S / 2 <= first <= outbox.BACKOFF_BASE_S
    assert outbox.BACKOFF_BASE_S * 8 <= fifth <= outbox.BACKOFF_BASE_S * 16
    assert outbox.backoff_seconds(40, rng) <= outbox.BACKOFF_CAP_S
