"""GET /api/v1/me (the caller's profile and roles) and GET /api/v1/auth/principal (what the
access token says, without a database read)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get

from auth.guards import principal_of, require_login
from auth.profiles import profile_of
from auth.schemas import MeOut, PrincipalOut


class MeApi(Controller):
    tags = ["identity"]
    guards = [require_login]

    @get("/api/v1/me")
    async def me(self, request: Request[Any, Any, Any]) -> MeOut:
        return await profile_of(principal_of(request))

    @get("/api/v1/auth/principal", sync_to_thread=False)
    def principal(self, request: Request[Any, Any, Any]) -> PrincipalOut:
        who = principal_of(request)
        return PrincipalOut(kind=who.kind, id=who.id, role=who.role, office_id=who.office_id)
