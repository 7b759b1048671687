"""The payment-provider interface: what domain code may ask of any gateway.

A second gateway (e.g. the national Payment Platform) implements the same three calls; nothing
outside backend/payments/ knows which gateway runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class PaymentOrder:
    """What the gateway needs to take one payment attempt."""

    reference: str
    amount_vnd: int
    description: str
    created_at: datetime
    expires_at: datetime
    client_ip: str
    locale: str = "vi"


@dataclass(frozen=True, slots=True)
class GatewayResult:
    """What a gateway says about one attempt (callback or query), already authenticated.

    `outcome`: "paid", "failed", "cancelled", "pending" (not finished at the gateway) or
    "not_found" (the gateway never saw this reference).
    """

    reference: str
    outcome: str
    amount_vnd: int | None = None
    currency: str | None = None
    transaction_no: str = ""
    bank_code: str = ""
    response_code: str = ""


class SignatureError(ValueError):
    """The gateway's message is not signed with our secret."""


class GatewayUnavailable(RuntimeError):
    """The gateway did not answer (network, 5xx, unparseable or unsigned answer)."""


class PaymentProvider(Protocol):
    name: str

    def start_payment(self, order: PaymentOrder, return_url: str) -> str:
        """The address to send the citizen's browser to."""
        ...

    def verify_callback(self, params: Mapping[str, str]) -> GatewayResult:
        """Authenticate a callback (IPN or return) or raise SignatureError."""
        ...

    async def query(self, reference: str, created_at: datetime) -> GatewayResult:
        """Ask the gateway what became of an attempt; raises GatewayUnavailable."""
        ...
