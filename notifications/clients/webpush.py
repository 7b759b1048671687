"""Web Push (RFC 8030 delivery, RFC 8291 encryption with pywebpush, RFC 8292 VAPID with py-vapid).

One outbox row per citizen and event; this channel sends it to each of the citizen's devices
and reads each push service's answer the way RFC 8030 means it:
201 delivered · 404/410 the subscription is gone: delete it · 413 too large: send the short
fallback · 429 honour Retry-After · 5xx or a timeout: retry with backoff and jitter (the outbox
does that) until `max_attempts`, then fall back to SMS and mark the push failed.

A device that accepted the message gets a `PushReceipt`, so a retry reaches only the others.
One httpx client keeps connections open per push-service origin, and one signed VAPID header is
reused per origin until it nears expiry; each signature gets a fresh claims dict (py-vapid and
pywebpush fill and mutate it). Encryption runs in a thread; every request has a timeout.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from py_vapid import Vapid
from pywebpush import WebPusher

from backend import clock
from backend.settings import Settings
from notifications import outbox
from notifications.events import event_named, render
from notifications.outbox import Outcome
from notifications.tables import PushReceipt, PushSubscription
from notifications.vapid import server_key

MAX_ATTEMPTS = 5  # then SMS; the outbox's own limit is higher and never reached for push
VAPID_VALIDITY_S = 12 * 3600  # RFC 8292 allows at most 24 h
VAPID_RENEW_S = 3600  # sign again when less than this is left


@dataclass(frozen=True, slots=True)
class DeviceResult:
    subscription_id: int
    kind: str  # "sent" | "gone" | "retry" | "failed"
    status_code: int | None
    retry_after: float | None = None


def push_payloads(message: dict[str, Any]) -> tuple[bytes, bytes]:
    """The full notification and the short one for a push service that answered 413."""
    payload = message["payload"]
    title, body = render(message["event"], payload.get("locale", "vi"), payload.get("params", {}))
    tag = f"{message['event']}:{payload.get('discriminator', '')}"
    full = {"title": title, "body": body, "url": payload.get("link", "/"), "tag": tag}
    short = {"title": title[:80], "url": payload.get("link", "/")}
    return (json.dumps(full, ensure_ascii=False).encode(), json.dumps(short, ensure_ascii=False).encode())


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None  # an HTTP-date or nothing: the outbox's backoff decides


class WebPushChannel:
    name = "push"

    def __init__(
        self,
        vapid: Vapid,
        subject: str,
        timeout_s: float = 10.0,
        max_attempts: int = MAX_ATTEMPTS,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.vapid = vapid
        self.subject = subject
        self.timeout_s = timeout_s
        self.max_attempts = max_attempts
        self._client = client
        self._vapid_headers: dict[str, tuple[str, float]] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> WebPushChannel:
        return cls(server_key(settings), settings.vapid_subject, settings.push_timeout_s)

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)
            self._client = httpx.AsyncClient(timeout=self.timeout_s, limits=limits)
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def authorization(self, endpoint: str) -> str:
        parts = urlsplit(endpoint)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self._vapid_headers.get(origin)
        now = clock.timestamp()
        if cached is None or cached[1] - now < VAPID_RENEW_S:
            expires = now + VAPID_VALIDITY_S
            claims = {"sub": self.subject, "aud": origin, "exp": int(expires)}  # fresh each time
            cached = (self.vapid.sign(claims)["Authorization"], expires)
            self._vapid_headers[origin] = cached
        return cached[0]

    async def _post(self, sub: dict[str, Any], data: bytes, headers: dict[str, str]) -> httpx.Response:
        info = {"endpoint": sub["endpoint"], "keys": {"p256dh": sub["p256dh"], "auth": sub["auth"]}}
        body = await asyncio.to_thread(lambda: WebPusher(info).encode(data, "aes128gcm")["body"])
        headers = {**headers, "Authorization": self.authorization(sub["endpoint"])}
        return await self.client.post(sub["endpoint"], content=body, headers=headers)

    async def _send_one(
        self, sub: dict[str, Any], full: bytes, short: bytes, headers: dict[str, str]
    ) -> DeviceResult:
        try:
            response = await self._post(sub, full, headers)
            if response.status_code == 413:
                response = await self._post(sub, short, headers)
        except httpx.TimeoutException:
            return DeviceResult(sub["id"], "retry", None)
        except httpx.TransportError:
            return DeviceResult(sub["id"], "retry", None)
        status = response.status_code
        if status in (200, 201, 202):
            return DeviceResult(sub["id"], "sent", status)
        if status in (404, 410):
            return DeviceResult(sub["id"], "gone", status)
        if status == 429 or status >= 500:
            return DeviceResult(sub["id"], "retry", status, _retry_after(response.headers.get("retry-after")))
        return DeviceResult(sub["id"], "failed", status)

    async def send(self, message: dict[str, Any]) -> Outcome:
        event = event_named(message["event"])
        subs = await PushSubscription.select().where(PushSubscription.citizen_id == message["recipient_id"])
        done = {
            row["subscription_id"]
            for row in await PushReceipt.select(PushReceipt.subscription_id).where(
                PushReceipt.message == message["id"]
            )
        }
        pending = [sub for sub in subs if sub["id"] not in done]
        if not pending:
            if done:
                return Outcome("sent", status_code=201)
            return await self._fall_back(message, None, "no push subscription")
        full, short = push_payloads(message)
        headers = {"TTL": str(event.ttl_s), "Urgency": event.urgency, "Content-Encoding": "aes128gcm"}
        results = await asyncio.gather(*(self._send_one(sub, full, short, headers) for sub in pending))
        await self._record(message, results)
        summary = " ".join(f"s{r.subscription_id}:{r.status_code or 'timeout'}" for r in results)
        retries = [r for r in results if r.kind == "retry"]
        if retries:
            worst = retries[0]
            if message["attempts"] >= self.max_attempts:
                return await self._fall_back(message, worst.status_code, summary)
            waits = [r.retry_after for r in retries if r.retry_after is not None]
            return Outcome("retry", worst.status_code, summary, max(waits) if waits else None)
        if any(r.kind == "sent" for r in results) or done:
            return Outcome("sent", status_code=201, error=None if len(results) == 1 else summary)
        return await self._fall_back(message, results[-1].status_code, summary)

    async def _record(self, message: dict[str, Any], results: list[DeviceResult]) -> None:
        for result in results:
            if result.kind == "sent":
                await PushReceipt.insert(
                    PushReceipt(
                        message=message["id"],
                        subscription_id=result.subscription_id,
                        key=f"{message['id']}:{result.subscription_id}",
                    )
                ).on_conflict(target=PushReceipt.key, action="DO NOTHING")
        gone = [r.subscription_id for r in results if r.kind == "gone"]
        if gone:
            await PushSubscription.delete().where(PushSubscription._meta.primary_key.is_in(gone))

    async def _fall_back(self, message: dict[str, Any], status: int | None, why: str) -> Outcome:
        """No device took it: the SMS channel carries it (deduplicated if already queued)."""
        await outbox.enqueue(
            event=message["event"],
            recipient_kind=message["recipient_kind"],
            recipient_id=message["recipient_id"],
            channels=["sms"],
            payload=message["payload"],
            discriminator=message["payload"].get("discriminator", ""),
        )
        return Outcome("failed", status_code=status, error=f"{why}; fell back to SMS")
