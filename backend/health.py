"""GET /health: is the app up, and can it reach its database."""

from __future__ import annotations

from litestar import Response, get
from litestar.datastructures import State

from backend.db import database_reachable


@get("/health", tags=["operations"])
async def health(state: State) -> Response[dict[str, str]]:
    reachable = await database_reachable(state.engine)
    body = {"status": "ok" if reachable else "unavailable", "database": "ok" if reachable else "unavailable"}
    return Response(body, status_code=200 if reachable else 503, headers={"Cache-Control": "no-store"})
