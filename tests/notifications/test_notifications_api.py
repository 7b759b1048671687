"""Devices, inbox and preferences through the API and the pages, as a citizen would use them."""

from __future__ import annotations

import base64
import os
import re
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.principal import Principal
from auth.sessions import SESSION_COOKIE, open_session
from backend.settings import get_settings
from notifications.clients.inbox import InboxChannel
from notifications.events import OPTIONAL_EVENTS
from notifications.notify import notify, preferences_of
from notifications.tables import OutboxMessage, PushSubscription
from notifications.worker import run_once
from tests.factories import auth_headers, make_citizen

ORIGIN = {"Origin": get_settings().base_url}


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def subscription(
    endpoint: str = "https://push.example.net/send/abc", device: str = "Android"
) -> dict[str, Any]:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return {
        "endpoint": endpoint,
        "keys": {"p256dh": _b64(point), "auth": _b64(os.urandom(16))},
        "device": device,
    }


async def _page_login(client: AsyncTestClient[Litestar], citizen_id: int) -> None:
    client.cookies.set(SESSION_COOKIE, await open_session(Principal("citizen", citizen_id)))


def _csrf_token(html: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found, "the page's forms carry a CSRF token"
    return found.group(1)


async def test_the_public_key_is_public_and_is_a_p256_point(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/api/v1/push/public-key")
    assert response.status_code == 200
    raw = base64.urlsafe_b64decode(response.json()["public_key"] + "==")
    assert len(raw) == 65
    assert raw[0] == 4


async def test_a_citizen_registers_several_devices_and_removes_one(client: AsyncTestClient[Litestar]) -> None:
    citizen = await make_citizen()
    headers = await auth_headers(citizen)
    phone = await client.post(
        "/api/v1/push/subscriptions", json=subscription(device="Android"), headers=headers
    )
    tablet = await client.post(
        "/api/v1/push/subscriptions",
        json=subscription("https://push.example.net/send/def", "iPad"),
        headers=headers,
    )
    assert (phone.status_code, tablet.status_code) == (201, 201)
    # The PWA re-sends on every start: the same endpoint refreshes, it does not duplicate.
    again = await client.post(
        "/api/v1/push/subscriptions", json=subscription(device="Android 15"), headers=headers
    )
    assert again.json()["id"] == phone.json()["id"]
    listed = (await client.get("/api/v1/push/subscriptions", headers=headers)).json()
    assert [d["device"] for d in listed] == ["Android 15", "iPad"]

    removed = await client.delete(f"/api/v1/push/subscriptions/{tablet.json()['id']}", headers=headers)
    assert removed.status_code == 204
    assert [
        d["device"] for d in (await client.get("/api/v1/push/subscriptions", headers=headers)).json()
    ] == ["Android 15"]


async def test_another_citizens_device_answers_404_and_stays(client: AsyncTestClient[Litestar]) -> None:
    owner, other = await make_citizen(), await make_citizen()
    created = await client.post(
        "/api/v1/push/subscriptions", json=subscription(), headers=await auth_headers(owner)
    )
    response = await client.delete(
        f"/api/v1/push/subscriptions/{created.json()['id']}", headers=await auth_headers(other)
    )
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await PushSubscription.count() == 1
    assert (await client.get("/api/v1/push/subscriptions", headers=await auth_headers(other))).json() == []


async def test_bad_subscriptions_get_a_precise_problem_and_store_nothing(
    client: AsyncTestClient[Litestar],
) -> None:
    headers = await auth_headers(await make_citizen())
    bad_key = subscription()
    bad_key["keys"]["p256dh"] = _b64(b"\x04" + b"\x01" * 64)  # not a point on the curve
    for body, code in (
        (bad_key, "push_subscription_invalid"),
        (subscription(endpoint="ftp://push.example.net/x"), "push_subscription_invalid"),
        ({"endpoint": "https://push.example.net/x"}, "validation"),
    ):
        response = await client.post("/api/v1/push/subscriptions", json=body, headers=headers)
        assert response.status_code in (400, 422), response.text
        assert response.json()["type"].endswith("/" + code.replace("_", "-"))
    assert await PushSubscription.count() == 0
    assert (await client.post("/api/v1/push/subscriptions", json=subscription())).status_code == 401


async def test_preferences_mute_optional_events_and_choose_sms(client: AsyncTestClient[Litestar]) -> None:
    citizen = await make_citizen()
    headers = await auth_headers(citizen)
    assert (await client.get("/api/v1/notifications/preferences", headers=headers)).json() == {
        "muted_events": [],
        "channel": "push",
    }
    refused = await client.put(
        "/api/v1/notifications/preferences", json={"muted_events": ["dossier.result_ready"]}, headers=headers
    )
    assert refused.status_code == 422, "an event that must reach the citizen cannot be muted"
    saved = await client.put(
        "/api/v1/notifications/preferences",
        json={"muted_events": ["rating.request"], "channel": "sms"},
        headers=headers,
    )
    assert saved.json() == {"muted_events": ["rating.request"], "channel": "sms"}

    await notify("rating.request", citizen, {"code": "R-1"}, link="/dossiers/R-1")
    await notify("dossier.received", citizen, {"code": "R-1", "due_date": "2026-12-01"}, link="/dossiers/R-1")
    rows = await OutboxMessage.select(OutboxMessage.event, OutboxMessage.channel).order_by(OutboxMessage.id)
    assert [(r["event"], r["channel"]) for r in rows] == [
        ("rating.request", "inbox"),
        ("dossier.received", "inbox"),
        ("dossier.received", "sms"),
    ]


async def test_the_inbox_shows_messages_in_the_readers_language_and_tracks_read(
    client: AsyncTestClient[Litestar],
) -> None:
    citizen = await make_citizen()
    await notify("payment.needed", citizen, {"code": "P-9", "amount": 150000}, link="/dossiers/P-9/pay")
    await run_once("w1", {"inbox": InboxChannel()})
    headers = await auth_headers(citizen)
    items = (await client.get("/api/v1/notifications", headers=headers)).json()
    assert [(i["title"], i["body"], i["read"]) for i in items] == [
        ("Hồ sơ P-9 chờ nộp phí", "Số tiền 150.000 ₫. Nộp phí trực tuyến trên ứng dụng.", False)
    ]
    english = await client.get("/api/v1/notifications", headers={**headers, "Accept-Language": "en"})
    assert english.json()[0]["title"] == "Fee due for dossier P-9"

    other = await auth_headers(await make_citizen())
    assert (
        await client.post(f"/api/v1/notifications/{items[0]['id']}/read", headers=other)
    ).status_code == 404
    assert (
        await client.post(f"/api/v1/notifications/{items[0]['id']}/read", headers=headers)
    ).status_code == 204
    assert (await client.get("/api/v1/notifications", headers=headers)).json()[0]["read"] is True


async def test_the_inbox_page_marks_read_on_open(client: AsyncTestClient[Litestar]) -> None:
    citizen = await make_citizen()
    await notify("dossier.result_ready", citizen, {"code": "K-7"}, link="/dossiers/K-7")
    await run_once("w1", {"inbox": InboxChannel()})
    await _page_login(client, citizen.id)
    page = await client.get("/notifications")
    assert page.status_code == 200
    assert "Đã có kết quả hồ sơ K-7" in page.text
    assert "1 thông báo chưa đọc" in page.text
    item_id = page.text.split('action="/notifications/')[1].split("/open")[0]
    token = _csrf_token(page.text)
    forged = await client.post(f"/notifications/{item_id}/open", headers={"Origin": "https://evil.example"})
    assert forged.status_code == 403, "a form post without the page's CSRF token changes nothing"
    assert "1 thông báo chưa đọc" in (await client.get("/notifications")).text
    opened = await client.post(
        f"/notifications/{item_id}/open", data={"_csrf_token": token}, follow_redirects=False
    )
    assert opened.status_code in (301, 302, 303)
    assert opened.headers["location"] == "/dossiers/K-7"
    assert "0 thông báo chưa đọc" in (await client.get("/notifications")).text


async def test_the_settings_page_saves_choices_and_removes_a_device(
    client: AsyncTestClient[Litestar],
) -> None:
    citizen = await make_citizen()
    await client.post(
        "/api/v1/push/subscriptions",
        json=subscription(device="Galaxy A05"),
        headers=await auth_headers(citizen),
    )
    await _page_login(client, citizen.id)
    page = await client.get("/notifications/settings")
    assert page.status_code == 200
    assert "Galaxy A05" in page.text
    assert 'data-module="push-subscribe"' in page.text
    token = _csrf_token(page.text)
    saved = await client.post(
        "/notifications/settings",
        data={"events": ["booking.reminder"], "channel": "push", "_csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code in (302, 303)
    prefs = await preferences_of(citizen.id)
    # Every optional event but the one left ticked is muted (courier steps, rating request).
    assert sorted(prefs.muted_events) == sorted(set(OPTIONAL_EVENTS) - {"booking.reminder"})
    assert "courier.picked_up" in prefs.muted_events
    device = await PushSubscription.objects().first()
    await client.post(f"/notifications/devices/{device.id}/remove", data={"_csrf_token": token})
    assert await PushSubscription.count() == 0


async def test_pages_need_a_logged_in_citizen(client: AsyncTestClient[Litestar]) -> None:
    anonymous = await client.get("/notifications", follow_redirects=False)
    assert anonymous.status_code in (302, 303)
    assert anonymous.headers["location"].startswith("/login")
    assert (await client.post("/push/subscriptions", json=subscription(), headers=ORIGIN)).status_code == 401
