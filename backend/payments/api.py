"""Payments JSON API: the gateway's IPN (public, authenticated by its signature) and the
citizen's own payments (read one, start it at the gateway)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath

from auth.guards import principal_of, require_citizen
from backend.payments.gateway import raw_query, request_provider
from backend.payments.ipn import handle_ipn
from backend.payments.pages import start_for
from backend.payments.rules import owned_payment
from backend.payments.schemas import PaymentOut, StartedOut


class PaymentsApi(Controller):
    path = "/api/v1/payments"
    tags = ["payments"]

    @get("/vnpay/ipn", summary="VNPay IPN (server to server)")
    async def vnpay_ipn(self, request: Request[Any, Any, Any]) -> dict[str, str]:
        """Always HTTP 200 with VNPay's {"RspCode", "Message"}; the code carries the outcome."""
        return await handle_ipn(raw_query(request), request_provider(request))


class CitizenPaymentsApi(Controller):
    """The citizen's own payments (controller-wide guard, so no method escapes it)."""

    path = "/api/v1/payments"
    tags = ["payments"]
    guards = [require_citizen]

    @get("/{reference:str}")
    async def get_payment(self, request: Request[Any, Any, Any], reference: FromPath[str]) -> PaymentOut:
        return PaymentOut.of(await owned_payment(reference, principal_of(request).id))

    @post("/{reference:str}/start", status_code=200)
    async def start(self, request: Request[Any, Any, Any], reference: FromPath[str]) -> StartedOut:
        """The gateway address to send the citizen to (the same attempt while it is valid)."""
        started = await start_for(request, reference)
        return StartedOut(payment=PaymentOut.of(started.payment), payment_url=started.redirect_url)
