"""What every page needs: the locale, the translate function and formatting helpers."""

from __future__ import annotations

from typing import Any

from litestar import Request

from i18n import LOCALES, format_date, format_datetime, format_vnd, translate
from i18n.negotiation import LANG_COOKIE, negotiate_locale

API_PREFIXES = ("/api/", "/schema", "/health", "/_sim/")


def request_locale(request: Request[Any, Any, Any]) -> str:
    return negotiate_locale(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))


def wants_json(request: Request[Any, Any, Any]) -> bool:
    """API paths always answer JSON; elsewhere a client that asks only for JSON gets it."""
    if request.url.path.startswith(API_PREFIXES):
        return True
    accept = request.headers.get("accept", "")
    return "json" in accept and "html" not in accept


def page_context(request: Request[Any, Any, Any], **extra: Any) -> dict[str, Any]:
    locale = request_locale(request)

    def _(key: str, **params: object) -> str:
        return translate(locale, key, **params)

    context: dict[str, Any] = {
        "locale": locale,
        "locales": LOCALES,
        "_": _,
        "vnd": format_vnd,
        "date": format_date,
        "datetime": format_datetime,
        "current_path": request.url.path,
    }
    context.update(extra)
    return context
