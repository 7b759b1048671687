"""The SMS gateway adapter: one JSON POST per message, authenticated by an API key.

Protocol (spoken by the real gateway and by simulators/sms.py):
  POST {gateway}/send  X-Api-Key: <key>  {"to": "+84...", "text": "..."}
  → 202 {"id": "<message id>", "status": "accepted"}; 400 bad number; 401 bad key;
    429 / 5xx with an optional Retry-After (seconds) when the caller should try again later.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from backend.settings import Settings


@dataclass(frozen=True, slots=True)
class SmsSendError(Exception):
    """The gateway refused or failed. `retryable` says whether trying again later may work."""

    status_code: int | None
    retryable: bool
    retry_after: float | None = None

    def __str__(self) -> str:
        return f"SMS gateway answered {self.status_code}"


class SmsClient:
    def __init__(self, gateway_url: str, api_key: str, client: httpx.AsyncClient | None = None) -> None:
        self.gateway_url = gateway_url.rstrip("/")
        self.api_key = api_key
        self.client = client or httpx.AsyncClient(timeout=10)

    @classmethod
    def from_settings(cls, settings: Settings, client: httpx.AsyncClient | None = None) -> SmsClient:
        return cls(settings.sms_gateway_url, settings.sms_api_key, client)

    async def send(self, to: str, text: str) -> str:
        """Send `text` to `to` ("+84..."); returns the gateway's message id."""
        try:
            response = await self.client.post(
                f"{self.gateway_url}/send", json={"to": to, "text": text}, headers={"X-Api-Key": self.api_key}
            )
        except httpx.TransportError:
            raise SmsSendError(None, retryable=True) from None
        if response.status_code in (200, 201, 202):
            return str(response.json()["id"])
        retry_after = response.headers.get("retry-after")
        raise SmsSendError(
            response.status_code,
            retryable=response.status_code == 429 or response.status_code >= 500,
            retry_after=float(retry_after) if retry_after and retry_after.isdigit() else None,
        )
