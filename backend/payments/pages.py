"""The citizen's payment pages: the fee, "pay" (to the gateway), and the receipt (page and PDF).

Owner only: someone else's reference answers 404, like one that does not exist.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from auth.guards import principal_of, require_citizen
from auth.tables import Citizen
from backend.errors import Problem
from backend.payments.gateway import request_provider
from backend.payments.receipt import receipt_lines, receipt_pdf
from backend.payments.rules import owned_payment, start_payment
from backend.web import page_context, request_locale


def return_url(request: Request[Any, Any, Any]) -> str:
    return f"{request.app.state['settings'].base_url}/payments/vnpay/return"


async def start_for(request: Request[Any, Any, Any], reference: str) -> Any:
    principal = principal_of(request)
    settings = request.app.state["settings"]
    payment = await owned_payment(reference, principal.id)
    return await start_payment(
        payment,
        request_provider(request),
        ttl=timedelta(minutes=settings.payment_ttl_minutes),
        return_url=return_url(request),
        client_ip=request.client.host if request.client else "127.0.0.1",
        locale=request_locale(request),
    )


async def paid_receipt(request: Request[Any, Any, Any], reference: str) -> tuple[dict[str, Any], str]:
    payment = await owned_payment(reference, principal_of(request).id)
    if payment["status"] != "paid":
        raise Problem(404, "not_found")
    citizen = await Citizen.select(Citizen.full_name).where(Citizen.id == payment["owner_id"]).first()
    return payment, citizen["full_name"] if citizen else ""


class PaymentPages(Controller):
    path = "/payments"
    guards = [require_citizen]
    include_in_schema = False

    @get("/{reference:str}")
    async def payment(self, request: Request[Any, Any, Any], reference: FromPath[str]) -> Template:
        payment = await owned_payment(reference, principal_of(request).id)
        context = page_context(request, payment=payment, state=payment["status"])
        return Template("payments/payment.html", context=context)

    @post("/{reference:str}/start", status_code=303)
    async def start(self, request: Request[Any, Any, Any], reference: FromPath[str]) -> Redirect:
        started = await start_for(request, reference)
        return Redirect(path=started.redirect_url, status_code=303)

    @get("/{reference:str}/receipt")
    async def receipt(self, request: Request[Any, Any, Any], reference: FromPath[str]) -> Template:
        payment, payer = await paid_receipt(request, reference)
        lines = receipt_lines(payment, payer, request_locale(request))
        return Template("payments/receipt.html", context=page_context(request, payment=payment, lines=lines))

    @get("/{reference:str}/receipt.pdf")
    async def receipt_pdf(self, request: Request[Any, Any, Any], reference: FromPath[str]) -> Response[bytes]:
        payment, payer = await paid_receipt(request, reference)
        return Response(
            receipt_pdf(payment, payer, request_locale(request)),
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="bien-lai-{payment["reference"]}.pdf"',
                "Cache-Control": "private, no-store",
            },
        )
