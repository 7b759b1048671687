"""Pickup codes: one live code per booking and purpose, issued on demand, consumed by one handoff.

The citizen's page gets or creates the code; a scan resolves a token or a typed short code to
its row; the handoff that needs it consumes it (a conditional UPDATE, so only one handoff can).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from backend.courier import tokens
from backend.courier.tables import PickupCode
from backend.errors import Problem
from backend.settings import Settings


@dataclass(frozen=True, slots=True)
class IssuedCode:
    purpose: str
    token: str
    short_code: str  # shown form, "ABCD-EFGH"
    expires_at: datetime


def _short_for(settings: Settings, row: dict[str, Any]) -> str:
    """The short code of a stored row (tries older keys too, after a key rotation)."""
    for key in tokens.keys(settings):
        code = tokens.short_code(key, row["token_id"])
        if tokens.short_hash(code) == row["short_hash"]:
            return code
    raise Problem(404, "pickup_code_not_found")


def issued(settings: Settings, row: dict[str, Any]) -> IssuedCode:
    token = tokens.sign(settings, row["token_id"], row["purpose"], row["expires_at"])
    return IssuedCode(row["purpose"], token, tokens.shown(_short_for(settings, row)), row["expires_at"])


async def get_or_create(settings: Settings, booking_id: int, purpose: str, now: datetime) -> IssuedCode:
    live = (
        await PickupCode.select()
        .where(
            (PickupCode.booking == booking_id)
            & (PickupCode.purpose == purpose)
            & PickupCode.used_at.is_null()
            & (PickupCode.expires_at > now)
        )
        .order_by(PickupCode.id, ascending=False)
        .first()
    )
    if live is not None:
        return issued(settings, live)
    expires = (now + timedelta(seconds=settings.pickup_code_ttl_s)).replace(microsecond=0)
    for _ in range(5):  # a short-code collision is ~1 in 10^12; try another id if it happens
        token_id = tokens.new_token_id()
        code = tokens.short_code(tokens.keys(settings)[0], token_id)
        added = (
            await PickupCode.insert(
                PickupCode(
                    booking=booking_id,
                    purpose=purpose,
                    token_id=token_id,
                    short_hash=tokens.short_hash(code),
                    created_at=now,
                    expires_at=expires,
                )
            )
            .on_conflict(action="DO NOTHING")
            .returning(PickupCode.id)
        )
        if added:
            row = await PickupCode.select().where(PickupCode.id == added[0]["id"]).first()
            assert row is not None
            return issued(settings, row)
    raise Problem(503, "unavailable")


async def find(settings: Settings, token: str | None, short_code: str | None) -> dict[str, Any]:
    """The code row a token or typed short code names: 422 malformed or tampered, 404 unknown.

    Expiry and use are checked by the caller, after it knows the code is within the scanner's
    reach (a foreign code must look the same as an unknown one)."""
    if token:
        try:
            claims = tokens.verify(settings, token)
        except tokens.TokenInvalid:
            raise Problem(422, "pickup_code_invalid") from None
        row = await PickupCode.select().where(PickupCode.token_id == claims.token_id).first()
        if row is None or row["purpose"] != claims.purpose:
            raise Problem(404, "pickup_code_not_found")
        return row
    normalised = tokens.normalise_short(short_code or "")
    if normalised is None:
        raise Problem(422, "pickup_code_invalid")
    row = await PickupCode.select().where(PickupCode.short_hash == tokens.short_hash(normalised)).first()
    if row is None:
        raise Problem(404, "pickup_code_not_found")
    return row


def check_usable(row: dict[str, Any], now: datetime) -> None:
    if row["used_at"] is not None:
        raise Problem(409, "pickup_code_used")
    if row["expires_at"] <= now:
        raise Problem(410, "pickup_code_expired")


async def consume(code_id: int, staff_id: int, now: datetime) -> None:
    """Mark used; 409 if another handoff used it first (call inside the handoff's transaction)."""
    used = (
        await PickupCode.update({PickupCode.used_at: now, PickupCode.used_by: staff_id})
        .where((PickupCode.id == code_id) & PickupCode.used_at.is_null())
        .returning(PickupCode.id)
    )
    if not used:
        raise Problem(409, "pickup_code_used")
