"""Page sessions: an opaque random token in an HttpOnly cookie, its hash in `auth_web_session`."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from auth.principal import Principal
from auth.tables import WebSession
from backend import clock

SESSION_COOKIE = "motcua_session"
SESSION_TTL = timedelta(hours=12)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def open_session(principal: Principal) -> str:
    token = secrets.token_urlsafe(32)
    await WebSession.insert(
        WebSession(
            token_hash=hash_token(token),
            subject_kind=principal.kind,
            subject_id=principal.id,
            expires_at=clock.now() + SESSION_TTL,
        )
    )
    return token


async def session_subject(token: str) -> tuple[str, int] | None:
    row = (
        await WebSession.select(WebSession.subject_kind, WebSession.subject_id)
        .where(
            (WebSession.token_hash == hash_token(token))
            & WebSession.revoked_at.is_null()
            & (WebSession.expires_at > clock.now())
        )
        .first()
    )
    return None if row is None else (row["subject_kind"], row["subject_id"])


async def close_session(token: str) -> None:
    await WebSession.update({WebSession.revoked_at: clock.now()}).where(
        WebSession.token_hash == hash_token(token)
    )
