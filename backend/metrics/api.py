"""GET /metrics: the in-process HTTP figures and the database figures, for Prometheus.

Guarded by a bearer token from settings (MOTCUA_METRICS_TOKEN; production refuses to start
without one). With no token configured the route answers 404, as if it did not exist.
"""

from __future__ import annotations

import hmac
from typing import Any

from litestar import Controller, Response, get
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from backend import clock
from backend.errors import Problem
from backend.metrics.exposition import CONTENT_TYPE, render
from backend.metrics.gauges import database_families
from backend.metrics.http import HTTP


def require_metrics_token(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    expected = connection.app.state.settings.metrics_token
    if not expected:
        raise Problem(404, "not_found")
    scheme, _sep, token = connection.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), expected.encode()):
        problem = Problem(401, "metrics_token")
        problem.headers = {"WWW-Authenticate": 'Bearer realm="metrics"'}
        raise problem


class MetricsEndpoint(Controller):
    path = "/metrics"
    include_in_schema = False
    guards = [require_metrics_token]  # on the controller, so the automatic OPTIONS route has it too

    @get("/")
    async def scrape(self) -> Response[str]:
        families = [*HTTP.families(), *await database_families(clock.now())]
        return Response(render(families), media_type=CONTENT_TYPE, headers={"Cache-Control": "no-store"})
