"""Authentication: put a `Principal` (or None) in `request.user` for every request.

The API (`/api/...`) takes only `Authorization: Bearer <access token>`; pages take only the
session cookie, so a cookie can never authorise a cross-site API call. Staff are re-read from the
database on every request: a disabled account loses access at once, a new role applies at once.
"""

from __future__ import annotations

from litestar import Litestar
from litestar.types import ASGIApp, Receive, Scope, Send

from auth.principal import Principal
from auth.sessions import SESSION_COOKIE, session_subject
from auth.tables import StaffUser
from auth.tokens import InvalidToken, verify_access_token
from backend.settings import Settings

API_PREFIX = "/api/"


async def current_staff(staff_id: int) -> Principal | None:
    row = (
        await StaffUser.select(StaffUser.role, StaffUser.office, StaffUser.disabled)
        .where(StaffUser.id == staff_id)
        .first()
    )
    if row is None or row["disabled"]:
        return None
    return Principal("staff", staff_id, role=row["role"], office_id=row["office"])


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return ""


def _cookie(scope: Scope, name: str) -> str:
    raw = _header(scope, b"cookie")
    for part in raw.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return ""


async def authenticate(scope: Scope, settings: Settings) -> Principal | None:
    authorization = _header(scope, b"authorization")
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        try:
            principal = verify_access_token(settings, token.strip())
        except InvalidToken:
            return None
    elif not scope["path"].startswith(API_PREFIX) and (cookie := _cookie(scope, SESSION_COOKIE)):
        subject = await session_subject(cookie)
        if subject is None:
            return None
        principal = (
            Principal("citizen", subject[1]) if subject[0] == "citizen" else Principal("staff", subject[1])
        )
    else:
        return None
    if principal.kind == "staff":
        return await current_staff(principal.id)
    return principal


def authentication_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            settings: Settings = Litestar.from_scope(scope).state.settings
            scope["user"] = await authenticate(scope, settings)
            scope["auth"] = None
        await app(scope, receive, send)

    return middleware
