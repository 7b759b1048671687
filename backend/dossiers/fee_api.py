"""The citizen's fee of a dossier over the API: its state, and "pay" (the gateway address).

Paying goes through the payments domain: the one pending attempt for this fee is reused while it
is valid, replaced when it has expired or failed. Someone else's dossier answers 404.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath

from auth.guards import principal_of, require_citizen
from backend.dossiers.access import dossier_for
from backend.dossiers.fees import charge, fee_view
from backend.errors import Problem
from backend.payments.pages import start_for
from backend.payments.rules import Started
from backend.payments.schemas import PaymentOut, StartedOut

Req = Request[Any, Any, Any]


class FeeOut(msgspec.Struct, frozen=True):
    amount_vnd: int
    status: str  # free | unpaid | paid
    payable: bool
    pending: PaymentOut | None
    receipts: list[str]  # receipt page paths, one per paid attempt


async def start_fee_payment(request: Req, dossier_id: int) -> Started:
    """Send the citizen to the gateway for this dossier's fee (409 when there is nothing to pay)."""
    row = await dossier_for(principal_of(request), dossier_id)
    fee = await fee_view(row)
    if fee["status"] == "paid":
        raise Problem(409, "payment_already_paid")
    if not fee["payable"]:
        raise Problem(409, "payment_not_due")
    payment = await charge(row)
    return await start_for(request, payment["reference"])


class DossierFeeApi(Controller):
    path = "/api/v1/dossiers"
    tags = ["dossiers", "payments"]
    guards = [require_citizen]

    @get("/{dossier_id:int}/fee")
    async def fee(self, request: Req, dossier_id: FromPath[int]) -> FeeOut:
        fee = await fee_view(await dossier_for(principal_of(request), dossier_id))
        return FeeOut(
            amount_vnd=fee["amount_vnd"],
            status=fee["status"],
            payable=fee["payable"],
            pending=PaymentOut.of(fee["pending"]) if fee["pending"] else None,
            receipts=[f"/payments/{p['reference']}/receipt" for p in fee["receipts"]],
        )

    @post("/{dossier_id:int}/fee/start", status_code=200)
    async def start(self, request: Req, dossier_id: FromPath[int]) -> StartedOut:
        """The gateway address for the fee's single pending attempt (created or reused)."""
        started = await start_fee_payment(request, dossier_id)
        return StartedOut(payment=PaymentOut.of(started.payment), payment_url=started.redirect_url)
