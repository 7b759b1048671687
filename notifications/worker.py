"""The delivery worker: claim due outbox rows, hand each to its channel, record the outcome.

Run as `python -m notifications.worker`. Stateless: any number may run beside each other, and
one killed mid-delivery loses nothing (its claims expire and another worker takes them). It only
delivers: periodic jobs run on the job engine (`python -m backend.jobs.worker`), so a slow
payment gateway or a long job never holds a push or an SMS.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
from collections.abc import Mapping
from typing import Any, Protocol

import structlog
from piccolo.engine import engine_finder

from backend.db import close_pool, open_pool
from backend.logging import configure_logging
from backend.settings import get_settings
from notifications import outbox
from notifications.clients.inbox import InboxChannel
from notifications.clients.sms_channel import SmsChannel
from notifications.clients.webpush import WebPushChannel
from notifications.outbox import Outcome

log = structlog.get_logger("motcua.worker")


class Channel(Protocol):
    name: str

    async def send(self, message: dict[str, Any]) -> Outcome: ...


def default_channels() -> dict[str, Channel]:
    settings = get_settings()
    channels: tuple[Channel, ...] = (
        InboxChannel(),
        WebPushChannel.from_settings(settings),
        SmsChannel.from_settings(settings),
    )
    return {channel.name: channel for channel in channels}


async def close_channels(channels: Mapping[str, Channel]) -> None:
    """Channels that hold connections (push, SMS) close them."""
    for channel in channels.values():
        closer = getattr(channel, "aclose", None)
        if closer is not None:
            await closer()


async def deliver(message: dict[str, Any], channels: Mapping[str, Channel]) -> Outcome:
    channel = channels.get(message["channel"])
    if channel is None:
        return Outcome("failed", error=f"no channel named {message['channel']!r}")
    try:
        return await channel.send(message)
    except Exception as exc:  # a channel bug must not kill the worker; the row retries
        return Outcome("retry", error=type(exc).__name__)


# What a message is about, read from its link into the PWA (ids only): the same dossier_id,
# payment_id or booking_id as the API's and the IPN's log lines carry.
_SUBJECT_LINK = re.compile(r"^/(?:counter/)?(dossiers|payments|bookings)/(\d+)(?:[/?#]|$)")


def subject_ids(message: dict[str, Any]) -> dict[str, int]:
    payload = message.get("payload") or {}
    found = _SUBJECT_LINK.match(str(payload.get("link", "")))
    if found is None:
        return {}
    return {f"{found.group(1)[:-1]}_id": int(found.group(2))}


async def _deliver_and_record(message: dict[str, Any], worker: str, channels: Mapping[str, Channel]) -> None:
    with structlog.contextvars.bound_contextvars(**subject_ids(message)):
        outcome = await deliver(message, channels)
        status = await outbox.finish(message, worker, outcome)
        log.info(
            "delivery",
            message_id=message["id"],
            notification_event=message["event"],
            channel=message["channel"],
            status=status,
        )


async def run_once(worker: str, channels: Mapping[str, Channel], batch: int = 20) -> int:
    """Claim one batch and deliver its messages side by side (each waits on a different push
    service or gateway); returns how many were handled."""
    messages = await outbox.claim(worker, limit=batch)
    await asyncio.gather(*(_deliver_and_record(message, worker, channels) for message in messages))
    return len(messages)


async def run(stop: asyncio.Event, poll_seconds: float = 1.0) -> None:
    worker = f"{socket.gethostname()}:{os.getpid()}"
    channels = default_channels()
    log.info("worker started", worker=worker, channels=sorted(channels))
    try:
        while not stop.is_set():
            try:
                handled = await run_once(worker, channels)
            except Exception as exc:  # database gone for a moment: wait and try again
                log.warning("worker cycle failed", error_type=type(exc).__name__)
                handled = 0
            if handled == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=poll_seconds)
    finally:
        await close_channels(channels)
    log.info("worker stopped", worker=worker)


async def main() -> None:
    settings = get_settings()
    configure_logging(settings)
    engine = engine_finder()
    if engine is None:
        raise SystemExit("piccolo_conf.py defines no DB engine")
    await open_pool(engine, min(4, settings.db_pool_size))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await run(stop)
    finally:
        await close_pool(engine)


if __name__ == "__main__":
    asyncio.run(main())
