"""Who is logged in, for the header of every page: a name to show and, for citizens, the unread
count of their inbox. Read once per page request (never for the API, static files or downloads)
by `header_middleware`, and put where `backend.web.page_context` finds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar.types import ASGIApp, Receive, Scope, Send

from auth.principal import Principal
from auth.tables import Citizen, StaffUser
from backend.web import HEADER_SCOPE_KEY
from notifications.inbox import unread_count

# Requests that never render a page, and the offline shells (the service worker keeps them for
# anyone on the device, so they must not name who was logged in): no header to build.
NOT_PAGES = (
    "/api/",
    "/static/",
    "/_sim/",
    "/files/",
    "/schema",
    "/health",
    "/sw.js",
    "/manifest",
    "/offline",
    "/courier/offline",
)


@dataclass(frozen=True, slots=True)
class Header:
    kind: str  # citizen | staff
    name: str  # shown in the header; never logged
    home: str  # the person's own starting page
    unread: int = 0


def _masked_phone(phone: str | None) -> str:
    return f"••• {phone[-4:]}" if phone and len(phone) >= 4 else ""


async def header_for(principal: Principal) -> Header | None:
    if principal.kind == "citizen":
        row = await Citizen.select(Citizen.full_name, Citizen.phone).where(Citizen.id == principal.id).first()
        if row is None:
            return None
        name = row["full_name"] or _masked_phone(row["phone"])
        return Header("citizen", name, principal.home, await unread_count(principal.id))
    row = await StaffUser.select(StaffUser.full_name).where(StaffUser.id == principal.id).first()
    if row is None:
        return None
    return Header("staff", row["full_name"], principal.home)


def header_middleware(app: ASGIApp) -> ASGIApp:
    """After authentication: for page requests by a logged-in person, the header's facts (a
    refused form post re-renders its page, so posts get them too)."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            principal = scope.get("user")
            if isinstance(principal, Principal) and not scope["path"].startswith(NOT_PAGES):
                scope[HEADER_SCOPE_KEY] = await header_for(principal)  # type: ignore[literal-required]
        await app(scope, receive, send)

    return middleware
