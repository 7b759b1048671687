"""Home page, offline page and the language switch."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from auth.principal import Principal
from backend.home.asks import dossiers_with_asks
from backend.web import page_context
from i18n import LOCALES
from i18n.negotiation import LANG_COOKIE

ONE_YEAR = 365 * 24 * 3600


def safe_next(target: str | None) -> str:
    """Only same-site relative paths; anything else goes home (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


class HomePages(Controller):
    include_in_schema = False

    @get("/")
    async def home(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        """Strangers: what MotCua does. A citizen: their open dossiers and what each asks of them.
        Staff: their own work page."""
        principal = request.scope.get("user")
        if isinstance(principal, Principal) and principal.is_staff:
            return Redirect(path=principal.home, status_code=303)
        mine = None
        if isinstance(principal, Principal):
            mine = [row for row in await dossiers_with_asks(principal) if row["open"]]
        return Template(
            "home.html",
            context=page_context(request, mine=mine),
            headers={"Cache-Control": "no-store"} if mine is not None else None,
        )

    @get("/offline")
    async def offline(self, request: Request[Any, Any, Any], lang: FromQuery[str] = "") -> Template:
        """Precached by the service worker in each language (`?lang=`), so it must hold nothing
        personal; the worker answers with the one in the reader's language."""
        return Template("offline.html", context=page_context(request, locale=lang or None))

    @get("/lang/{locale:str}")
    async def switch_language(self, locale: FromPath[str], next: FromQuery[str | None] = None) -> Redirect:
        response = Redirect(path=safe_next(next))
        if locale in LOCALES:
            response.set_cookie(LANG_COOKIE, locale, max_age=ONE_YEAR, httponly=True, samesite="lax")
        return response
