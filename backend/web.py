"""What every page needs: the locale, the translate function and formatting helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from litestar import Request

from i18n import LOCALES, format_date, format_datetime, format_vnd, translate
from i18n.negotiation import LANG_COOKIE, negotiate_locale

if TYPE_CHECKING:
    from backend.errors import Problem

API_PREFIXES = ("/api/", "/schema", "/health", "/_sim/")
# Where backend/home/header.py leaves who is logged in, for the page header.
HEADER_SCOPE_KEY = "motcua.header"


def request_locale(request: Request[Any, Any, Any]) -> str:
    return negotiate_locale(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))


def wants_json(request: Request[Any, Any, Any]) -> bool:
    """API paths always answer JSON; elsewhere a client that asks only for JSON gets it."""
    if request.url.path.startswith(API_PREFIXES):
        return True
    accept = request.headers.get("accept", "")
    return "json" in accept and "html" not in accept


def page_context(
    request: Request[Any, Any, Any], *, locale: str | None = None, **extra: Any
) -> dict[str, Any]:
    """What every template needs; `locale` overrides the reader's (the offline page per language)."""
    locale = locale if locale in LOCALES else request_locale(request)

    def _(key: str, **params: object) -> str:
        return translate(locale, key, **params)

    def fee_text(amount: int | None) -> str:
        """A fee as the citizen reads it: "Miễn phí" for nothing, never "0 ₫"."""
        return format_vnd(amount) if amount else translate(locale, "procedures.fee.free")

    context: dict[str, Any] = {
        "locale": locale,
        "locales": LOCALES,
        "_": _,
        "vnd": format_vnd,
        "fee_text": fee_text,
        "date": format_date,
        "datetime": format_datetime,
        "current_path": request.url.path,
        "header": request.scope.get(HEADER_SCOPE_KEY),
    }
    context.update(extra)
    return context


def problem_text(locale: str, problem: Problem) -> str:
    """The problem's title and, when the catalog has one, its detail, in the reader's language."""
    title = translate(locale, f"problem.{problem.code}.title", **problem.params)
    detail_key = f"problem.{problem.code}.detail"
    detail = translate(locale, detail_key, **problem.params)
    return title if detail == detail_key else f"{title} {detail}"
