"""Payments JSON API: the gateway's IPN (public, authenticated by its signature)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get

from backend.payments.gateway import raw_query, request_provider
from backend.payments.ipn import handle_ipn


class PaymentsApi(Controller):
    path = "/api/v1/payments"
    tags = ["payments"]

    @get("/vnpay/ipn", summary="VNPay IPN (server to server)")
    async def vnpay_ipn(self, request: Request[Any, Any, Any]) -> dict[str, str]:
        """Always HTTP 200 with VNPay's {"RspCode", "Message"}; the code carries the outcome."""
        return await handle_ipn(raw_query(request), request_provider(request))
