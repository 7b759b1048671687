"""Which gateway runs: the settings pick the provider; the app keeps one in its state."""

from __future__ import annotations

from typing import Any

import httpx
from litestar import Request

from backend.payments.provider import PaymentProvider
from backend.payments.vnpay import VNPayProvider
from backend.settings import Settings


def provider_for(settings: Settings, client: httpx.AsyncClient) -> PaymentProvider:
    """The gateway the settings choose, calling out through `client` (the app's outbound client)."""
    return VNPayProvider(settings, client)


def request_provider(request: Request[Any, Any, Any]) -> PaymentProvider:
    return provider_for(request.app.state["settings"], request.app.state["http_client"])


def raw_query(request: Request[Any, Any, Any]) -> dict[str, str]:
    """The callback's parameters as sent (first value of each), decoded once."""
    return {key: values[0] for key, values in request.query_params.dict().items() if values}
