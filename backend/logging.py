"""Structured logs (structlog) and the request id that ties one request's lines together.

Log lines carry the route template, never the raw path or query string, so an ID number or
phone typed into a URL by mistake never reaches the logs.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from typing import Any

import structlog
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from backend.metrics.http import HTTP
from backend.settings import Settings

REQUEST_ID_HEADER = "x-request-id"
_HEADER_BYTES = REQUEST_ID_HEADER.encode()
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
log = structlog.get_logger("motcua.http")


def configure_logging(settings: Settings) -> None:
    level = logging.getLevelNamesMapping().get(settings.log_level, logging.INFO)
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if settings.log_json
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        # Tests capture log lines (structlog.testing.capture_logs), which a cached logger bypasses.
        cache_logger_on_first_use=settings.env != "test",
    )


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    """Give each HTTP request an id (a sane incoming X-Request-ID, else a new one), bind it to
    the log context, echo it in the response, and write one access line per request."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        request_id = ""
        for name, value in scope["headers"]:
            if name == _HEADER_BYTES:
                incoming = value.decode("latin-1")
                request_id = incoming if _VALID_REQUEST_ID.match(incoming) else ""
                break
        request_id = request_id or secrets.token_hex(16)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (_HEADER_BYTES, request_id.encode())]
            await send(message)

        # Handlers bind what the request is about (dossier_id, payment_id, ...); whatever they
        # bound is dropped after the access line, so nothing leaks into the next request.
        outer = structlog.contextvars.get_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            await app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("path_template") or "<unmatched>"
            HTTP.observe(str(scope.get("method")), route, status, elapsed)
            log.info(
                "request",
                method=scope.get("method"),
                route=route,
                status=status,
                duration_ms=round(elapsed * 1000, 2),
                request_id=request_id,
            )
            structlog.contextvars.clear_contextvars()
            structlog.contextvars.bind_contextvars(**outer)

    return middleware
