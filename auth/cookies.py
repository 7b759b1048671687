"""The page session cookie: HttpOnly, SameSite=Lax, Secure everywhere but dev and tests."""

from __future__ import annotations

from typing import Any

from litestar import Response

from auth.sessions import SESSION_COOKIE, SESSION_TTL
from backend.settings import Settings

OIDC_STATE_COOKIE = "motcua_oidc_state"


def secure_cookies(settings: Settings) -> bool:
    return settings.env not in ("development", "test")


def set_session_cookie(response: Response[Any], token: str, settings: Settings) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_TTL.total_seconds()),
        httponly=True,
        secure=secure_cookies(settings),
        samesite="lax",
        path="/",
    )


def clear_session_cookie(response: Response[Any]) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def set_state_cookie(response: Response[Any], state: str, settings: Settings) -> None:
    # Lax: the provider sends the browser back with a top-level GET, which carries Lax cookies.
    response.set_cookie(
        OIDC_STATE_COOKIE,
        state,
        max_age=600,
        httponly=True,
        secure=secure_cookies(settings),
        samesite="lax",
        path="/login/eid",
    )
