"""Web Push end to end in real Chromium: the PWA subscribes (pushManager.subscribe replaced by one
returning a push-simulator endpoint whose keys the test holds), a status change is delivered by
the real worker code, the simulator decrypts it, CDP hands that payload to the service worker,
and the notification and the inbox show the same Vietnamese message."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from playwright.sync_api import BrowserContext

from auth.principal import Principal
from auth.sessions import SESSION_COOKIE, open_session
from notifications.notify import notify
from notifications.tables import PushSubscription
from notifications.vapid import b64url
from notifications.worker import close_channels, default_channels, run_once
from tests.browser.pages import ConsoleWatch
from tests.factories import make_citizen

FAKE_SUBSCRIBE = """([endpoint, p256dh, auth]) => {
  const subscription = {
    endpoint, options: {},
    toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh, auth } }),
    unsubscribe: async () => true,
  };
  let made = null;
  PushManager.prototype.getSubscription = async function () { return made; };
  PushManager.prototype.subscribe = async function () { made = subscription; return subscription; };
}"""


def _run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _deliver(citizen: Any) -> None:
    await notify(
        "dossier.received",
        citizen,
        {"code": "G01-261123-0042", "due_date": "2026-12-01"},
        link="/notifications",
    )
    channels = default_channels()
    try:
        await run_once("browser-test", {name: channels[name] for name in ("inbox", "push")})
    finally:
        await close_channels(channels)


def test_a_push_reaches_the_service_worker_and_the_inbox_in_vietnamese(
    phone: BrowserContext, live_server: str, artifacts: Path
) -> None:
    citizen = _run(make_citizen())
    token = _run(open_session(Principal("citizen", citizen.id)))
    phone.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": live_server}])
    phone.grant_permissions(["notifications"], origin=live_server)

    private = ec.generate_private_key(ec.SECP256R1())
    auth = os.urandom(16)
    device = httpx.post(
        f"{live_server}/_sim/push/subscriptions",
        json={
            "private_key": b64url(private.private_numbers().private_value.to_bytes(32, "big")),
            "auth": b64url(auth),
        },
    ).json()
    point = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    assert device["keys"]["p256dh"] == b64url(point)

    page = phone.new_page()
    console = ConsoleWatch(page)
    page.add_init_script(f"({FAKE_SUBSCRIBE})({[device['endpoint'], b64url(point), b64url(auth)]!r})")
    page.goto(f"{live_server}/notifications/settings")
    page.get_by_text("Đã bật thông báo trên thiết bị này.").wait_for()
    for _ in range(100):  # the module sends the subscription right after showing its state
        rows = _run(PushSubscription.select().where(PushSubscription.citizen_id == citizen.id).run())
        if rows:
            break
        page.wait_for_timeout(50)
    assert [row["endpoint"] for row in rows] == [device["endpoint"]]

    _run(_deliver(citizen))
    messages = httpx.get(f"{live_server}/_sim/push/subscriptions/{device['id']}/messages").json()["messages"]
    assert len(messages) == 1

    # A push reaches only an active worker: wait until it has installed (precached the shell,
    # slower when every page request opens its own PostgreSQL connection) and activated.
    page.evaluate(
        """async () => {
            const registration = await navigator.serviceWorker.ready;
            const worker = registration.active;
            if (worker.state !== "activated") {
                await new Promise((resolve) => worker.addEventListener("statechange", () => {
                    if (worker.state === "activated") resolve();
                }));
            }
        }"""
    )
    registrations: list[str] = []
    cdp = phone.new_cdp_session(page)
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(
            r["registrationId"] for r in event["registrations"] if not r["isDeleted"]
        ),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(100):
        if registrations:
            break
        page.wait_for_timeout(50)
    assert registrations, "the service worker is registered"
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": live_server, "registrationId": registrations[0], "data": messages[0]["payload"]},
    )
    shown = page.evaluate(
        """async () => {
            const registration = await navigator.serviceWorker.ready;
            // Up to ~15 s: a loaded CI machine can be slow to run the worker's push handler.
            for (let i = 0; i < 300; i++) {
                const list = await registration.getNotifications();
                if (list.length) return list.map((n) => ({ title: n.title, body: n.body }));
                await new Promise((resolve) => setTimeout(resolve, 50));
            }
            return [];
        }"""
    )
    assert shown == [
        {"title": "Đã tiếp nhận hồ sơ G01-261123-0042", "body": "Hẹn trả kết quả ngày 01/12/2026."}
    ]

    page.goto(f"{live_server}/notifications")
    item = page.get_by_test_id("inbox-item").first
    assert "Đã tiếp nhận hồ sơ G01-261123-0042" in item.inner_text()
    assert "Hẹn trả kết quả ngày 01/12/2026." in item.inner_text()
    page.screenshot(path=str(artifacts / "inbox-360.png"), full_page=True)
    assert console.errors == []
