"""The SMS channel: the same event text, sent through the SMS adapter to the citizen's phone.

Used when an event must reach the citizen, when they have no working push subscription, or when
they chose SMS. The phone is read at send time (never stored in the outbox); the text is the
notification's title and body in the citizen's language, with the link into the PWA.
"""

from __future__ import annotations

from typing import Any

import httpx

from auth.tables import Citizen
from backend.settings import Settings
from notifications.clients.sms import SmsClient, SmsSendError
from notifications.events import render
from notifications.outbox import Outcome


def sms_text(message: dict[str, Any], base_url: str) -> str:
    payload = message["payload"]
    title, body = render(message["event"], payload.get("locale", "vi"), payload.get("params", {}))
    return f"MotCua: {title}. {body} {base_url}{payload.get('link', '/')}"


class SmsChannel:
    name = "sms"

    def __init__(self, client: SmsClient, base_url: str, http: httpx.AsyncClient | None = None) -> None:
        self.sms = client
        self.base_url = base_url
        self._http = http

    @classmethod
    def from_settings(cls, settings: Settings, http: httpx.AsyncClient | None = None) -> SmsChannel:
        own = http is None
        http = http or httpx.AsyncClient(timeout=10)
        return cls(SmsClient.from_settings(settings, http), settings.base_url, http if own else None)

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()

    async def send(self, message: dict[str, Any]) -> Outcome:
        if message["recipient_kind"] != "citizen":
            return Outcome("failed", error="SMS goes to citizens only")
        row = await Citizen.select(Citizen.phone).where(Citizen.id == message["recipient_id"]).first()
        if row is None or not row["phone"]:
            return Outcome("failed", error="no phone number")
        try:
            await self.sms.send(row["phone"], sms_text(message, self.base_url))
        except SmsSendError as exc:
            kind = "retry" if exc.retryable else "failed"
            return Outcome(kind, status_code=exc.status_code, error=str(exc), retry_after=exc.retry_after)
        return Outcome("sent", status_code=202)
