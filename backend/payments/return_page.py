"""GET /payments/vnpay/return: where the gateway sends the citizen's browser back.

It only *shows* a result, read from our own record after checking the signature; it never
changes a payment (only the IPN and reconciliation do), so forged parameters achieve nothing.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from backend.payments.gateway import raw_query, request_provider
from backend.payments.provider import SignatureError
from backend.payments.tables import Payment, PaymentCallback
from backend.web import page_context


class PaymentReturnPage(Controller):
    include_in_schema = False

    @get("/payments/vnpay/return")
    async def vnpay_return(self, request: Request[Any, Any, Any]) -> Template:
        params = raw_query(request)
        payment = None
        gateway_says_paid = False
        try:
            result = request_provider(request).verify_callback(params)
        except SignatureError:
            code = "97"
        else:
            payment = await Payment.select().where(Payment.reference == result.reference).first()
            code = "00" if payment else "01"
            gateway_says_paid = result.outcome == "paid"
        await PaymentCallback.insert(
            PaymentCallback(
                payment=payment["id"] if payment else None,
                kind="return",
                reference=str(params.get("vnp_TxnRef", ""))[:100],
                params=params,
                result_code=code,
            )
        )
        if payment is None:
            state = "invalid"
        elif payment["status"] == "pending" and gateway_says_paid:
            state = "confirming"
        else:
            state = str(payment["status"])
        context = page_context(request, payment=payment, state=state, request_query=request.url.query)
        status_code = 400 if code == "97" else 404 if code == "01" else 200
        return Template("payments/return.html", context=context, status_code=status_code)
