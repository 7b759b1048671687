"""Every error as RFC 9457 problem details in the API, and as a readable page elsewhere.

Handlers never include a stack trace or the exception's text for server errors; the request id
lets an operator find the logged traceback.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import structlog
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, SerializationException, ValidationException
from litestar.response import Template

from backend.web import page_context, wants_json
from i18n import translate
from i18n.negotiation import LANG_COOKIE, negotiate_locale

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger("motcua.errors")


class Problem(HTTPException):
    """A domain error with a stable machine-readable `type` and a translated title.

    `code` names the catalog entries `problem.<code>.title` (and `.detail` when present).
    """

    def __init__(self, status_code: int, code: str, *, params: dict[str, Any] | None = None, **extra: Any):
        super().__init__(status_code=status_code, detail=code, extra=extra or None)
        self.code = code
        self.params = params or {}


def _locale(request: Request[Any, Any, Any]) -> str:
    return negotiate_locale(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))


def _code_for(exc: Exception, status: int) -> str:
    if isinstance(exc, Problem):
        return exc.code
    if isinstance(exc, ValidationException):
        return "validation"
    if isinstance(exc.__cause__, SerializationException):
        return "malformed"
    return {
        400: "bad_request",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        413: "too_large",
        415: "unsupported_media_type",
        429: "too_many_requests",
        503: "unavailable",
    }.get(status, "server_error" if status >= 500 else "bad_request")


def _status_for(exc: Exception) -> int:
    if isinstance(exc, ValidationException):
        # A body that parses but breaks the schema is unprocessable (422); a bad query or path
        # parameter stays a bad request (400). A body that is not JSON at all never gets here:
        # Litestar raises a plain 400 whose cause is the decode error.
        sources = {item.get("source") for item in exc.extra or [] if isinstance(item, dict)}
        return 422 if "body" in sources else 400
    if isinstance(exc, HTTPException):
        return exc.status_code
    return 500


def _field_errors(exc: Exception) -> list[dict[str, Any]] | None:
    if isinstance(exc, ValidationException) and isinstance(exc.extra, list):
        return [
            {"field": item.get("key"), "message": item.get("message"), "source": item.get("source")}
            for item in exc.extra
            if isinstance(item, dict)
        ]
    return None


def handle_exception(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    status = _status_for(exc)
    code = _code_for(exc, status)
    locale = _locale(request)
    params = exc.params if isinstance(exc, Problem) else {}
    title = translate(locale, f"problem.{code}.title", **params)
    detail_key = f"problem.{code}.detail"
    detail = translate(locale, detail_key, **params)
    request_id = request.scope.get("state", {}).get("request_id", "")
    headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else {}
    if status >= 500:
        log.error("unhandled error", error_type=type(exc).__name__, exc_info=exc)
    if wants_json(request):
        body: dict[str, Any] = {
            "type": f"https://motcua.gov.vn/problems/{code.replace('_', '-')}",
            "title": title,
            "status": status,
            "instance": request.url.path,
            "request_id": request_id,
        }
        if detail != detail_key:
            body["detail"] = detail
        errors = _field_errors(exc)
        if errors is not None:
            body["errors"] = errors
        if isinstance(exc, Problem) and exc.extra:
            body.update(exc.extra if isinstance(exc.extra, dict) else {"extra": exc.extra})
        return Response(content=body, status_code=status, media_type=PROBLEM_JSON, headers=headers)
    context = page_context(request)
    context.update(
        status=status,
        status_phrase=HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "",
        title=title,
        detail=detail if detail != detail_key else "",
        request_id=request_id,
    )
    return Template(  # type: ignore[return-value]
        template_name="error.html",
        context=context,
        status_code=status,
        media_type=MediaType.HTML,
        headers={**headers, "Cache-Control": "no-store"},
    )
