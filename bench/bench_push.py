"""Push deliveries per second in one worker process against pywebpush's encryption alone.

Starts MotCua (with its push simulator) on one core, queues messages for citizens whose devices
are simulator subscriptions, and drains them with the real worker loop in this process
(outbox claim → encrypt → send → record). The reference is a loop of pywebpush's encryption
for the same payload, measured in the same run.
  ratio push_vs_encrypt  push deliveries/s ÷ encryptions/s (1.0 would mean the network, the
                         database and the bookkeeping cost nothing)
"""

from __future__ import annotations

import asyncio
import os
import time

import httpx

from bench.harness import ROOT, free_port, ratio, serving


async def _prepare(base: str, count: int) -> None:
    from notifications.notify import Recipient, notify
    from notifications.tables import OutboxMessage, PushSubscription

    await OutboxMessage.delete(force=True)
    await PushSubscription.delete(force=True)
    async with httpx.AsyncClient() as http:
        devices = [(await http.post(f"{base}/_sim/push/subscriptions", json={})).json() for _ in range(50)]
    for index, device in enumerate(devices):
        await PushSubscription.insert(
            PushSubscription(
                citizen_id=index + 1,
                endpoint=device["endpoint"],
                p256dh=device["keys"]["p256dh"],
                auth=device["keys"]["auth"],
            )
        )
    for n in range(count):
        citizen = Recipient(n % len(devices) + 1)
        params = {"code": f"G01-{n:06d}", "due_date": "2026-12-01"}
        await notify("dossier.received", citizen, params, link="/dossiers/x", discriminator=str(n))
    # Only the push rows: the inbox channel is not what this measures.
    await OutboxMessage.delete().where(OutboxMessage.channel != "push")


async def _drain(seconds: float) -> float:
    from piccolo.engine import engine_finder

    from backend.db import close_pool, open_pool
    from backend.settings import get_settings
    from notifications.clients.webpush import WebPushChannel
    from notifications.tables import OutboxMessage
    from notifications.vapid import server_key
    from notifications.worker import run_once

    settings = get_settings()
    # A worker process keeps a PostgreSQL pool (notifications/worker.py:main); so does this one.
    engine = engine_finder()
    await open_pool(engine, min(4, settings.db_pool_size))
    channel = WebPushChannel(server_key(settings), settings.vapid_subject)
    await run_once("warm", {"push": channel}, batch=5)
    start = time.perf_counter()
    sent = 0
    while time.perf_counter() - start < seconds:
        handled = await run_once("bench", {"push": channel}, batch=20)
        if handled == 0:
            break
        sent += handled
    elapsed = time.perf_counter() - start
    await channel.aclose()
    failed = await OutboxMessage.count().where(OutboxMessage.status == "failed")
    await close_pool(engine)
    if failed:
        raise SystemExit(f"{failed} push deliveries failed")
    return sent / elapsed


def _encrypt_rate(seconds: float) -> float:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from pywebpush import WebPusher

    from notifications.vapid import b64url

    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    info = {
        "endpoint": "https://push.example/x",
        "keys": {"p256dh": b64url(point), "auth": b64url(os.urandom(16))},
    }
    data = '{"title": "Đã tiếp nhận hồ sơ G01-000001", "body": "Hẹn trả kết quả ngày 01/12/2026."}'.encode()
    start = time.perf_counter()
    count = 0
    while time.perf_counter() - start < seconds:
        WebPusher(info).encode(data, "aes128gcm")
        count += 1
    return count / (time.perf_counter() - start)


def main() -> None:
    from backend.run import server_command

    seconds = float(os.environ.get("BENCH_SECONDS", "5"))
    database = os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    port = free_port()
    env = {
        "DATABASE_URL": database,
        "LOG_LEVEL": "WARNING",
        "MOTCUA_ENV": "development",
        "MOTCUA_SIMULATORS": "true",
        "PORT": str(port),
        "MOTCUA_BASE_URL": f"http://127.0.0.1:{port}",
    }
    os.environ.update(env)
    from backend.migrate import migrate

    asyncio.run(migrate())
    with serving(server_command(port), port, env, "/health") as base:
        # Enough messages that the worker is still busy when the time is up.
        asyncio.run(_prepare(base, count=int(400 * seconds)))
        push_rate = asyncio.run(_drain(seconds))
    encrypt_rate = _encrypt_rate(seconds)
    print(f"figure push_deliveries {push_rate:.0f} msg/s")
    print(f"figure webpush_encrypt {encrypt_rate:.0f} ops/s")
    ratio("push_vs_encrypt", push_rate / encrypt_rate)


if __name__ == "__main__":
    main()
