"""Which gateway runs: the settings pick the provider; the app keeps one in its state."""

from __future__ import annotations

from typing import Any

import httpx
from litestar import Request

from backend.payments.provider import PaymentProvider
from backend.payments.vnpay import VNPayProvider
from backend.settings import Settings


def provider_for(settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> PaymentProvider:
    return VNPayProvider(settings, transport=transport)


def request_provider(request: Request[Any, Any, Any]) -> PaymentProvider:
    """The app's provider (tests may put one with an in-process transport into app.state)."""
    provider = request.app.state.get("payment_provider")
    if provider is None:
        provider = provider_for(request.app.state["settings"])
        request.app.state["payment_provider"] = provider
    return provider  # type: ignore[no-any-return]


def raw_query(request: Request[Any, Any, Any]) -> dict[str, str]:
    """The callback's parameters as sent (first value of each), decoded once."""
    return {key: values[0] for key, values in request.query_params.dict().items() if values}
