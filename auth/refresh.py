"""Token pairs: a short access JWT and an opaque refresh token, rotated on every use.

Refresh tokens are stored as SHA-256 hashes. Each login starts a family; refreshing marks the
presented token rotated and issues the next one in the family. Presenting a rotated token again
means two parties hold it: the whole family is revoked (after a short grace window in which a
client's concurrent refreshes are simply refused).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from auth.middleware import current_staff
from auth.principal import Principal
from auth.tables import RefreshToken
from auth.tokens import issue_access_token
from backend import clock
from backend.settings import Settings

REUSE_GRACE = timedelta(seconds=10)


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    principal: Principal


class RefreshRefused(Exception):
    """401. `reuse` is set when a rotated token came back (and its family is now revoked)."""

    def __init__(self, reason: str, principal: Principal | None = None, reuse: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.principal = principal
        self.reuse = reuse


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_pair(settings: Settings, principal: Principal, family: str | None = None) -> TokenPair:
    refresh = secrets.token_urlsafe(32)
    await RefreshToken.insert(
        RefreshToken(
            token_hash=_hash(refresh),
            family=family or uuid.uuid4().hex,
            subject_kind=principal.kind,
            subject_id=principal.id,
            expires_at=clock.now() + timedelta(seconds=settings.refresh_token_ttl_s),
        )
    )
    return TokenPair(
        access_token=issue_access_token(settings, principal),
        refresh_token=refresh,
        expires_in=settings.access_token_ttl_s,
        principal=principal,
    )


async def revoke_family(family: str) -> None:
    await RefreshToken.update({RefreshToken.revoked_at: clock.now()}).where(
        (RefreshToken.family == family) & RefreshToken.revoked_at.is_null()
    )


async def rotate(settings: Settings, refresh_token: str) -> TokenPair:
    now = clock.now()
    row = await RefreshToken.objects().where(RefreshToken.token_hash == _hash(refresh_token)).first()
    if row is None:
        raise RefreshRefused("unknown")
    principal = Principal("citizen", row.subject_id) if row.subject_kind == "citizen" else None
    if row.subject_kind == "staff":
        principal = await current_staff(row.subject_id)
        if principal is None:  # disabled or deleted: nothing of theirs refreshes any more
            await revoke_family(row.family)
            raise RefreshRefused("disabled", Principal("staff", row.subject_id))
    assert principal is not None
    if row.revoked_at is not None:
        raise RefreshRefused("revoked", principal)
    if row.expires_at <= now:
        raise RefreshRefused("expired", principal)
    claimed = (
        await RefreshToken.update({RefreshToken.rotated_at: now})
        .where((RefreshToken.id == row.id) & RefreshToken.rotated_at.is_null())
        .returning(RefreshToken.id)
    )
    if not claimed:
        rotated_at = row.rotated_at or now
        if now - rotated_at <= REUSE_GRACE:
            raise RefreshRefused("superseded", principal)
        await revoke_family(row.family)
        raise RefreshRefused("reused", principal, reuse=True)
    return await issue_pair(settings, principal, family=row.family)


async def revoke(refresh_token: str) -> Principal | None:
    """Logout: revoke the token's whole family. Returns whose it was (None if unknown)."""
    row = await RefreshToken.objects().where(RefreshToken.token_hash == _hash(refresh_token)).first()
    if row is None:
        return None
    await revoke_family(row.family)
    if row.subject_kind == "citizen":
        return Principal("citizen", row.subject_id)
    return Principal("staff", row.subject_id)
