"""The payments API boundary."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec


class PaymentOut(msgspec.Struct, frozen=True):
    reference: str
    subject_kind: str
    subject_id: int
    amount_vnd: int
    description: str
    status: str
    expires_at: datetime | None
    paid_at: datetime | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> PaymentOut:
        return cls(**{name: row[name] for name in cls.__struct_fields__})


class StartedOut(msgspec.Struct, frozen=True):
    payment: PaymentOut
    payment_url: str
