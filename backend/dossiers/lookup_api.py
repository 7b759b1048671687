"""Public lookup by dossier code (the receipt's QR opens it): status and due date only.

No personal data, and rate-limited per client so codes cannot be enumerated cheaply.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from litestar import Controller, Request, get
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.params import FromPath

from backend.dossiers.tables import Dossier
from backend.errors import Problem
from backend.web import request_locale

LOOKUP_RATE = RateLimitConfig(rate_limit=("minute", 20), exclude=[], set_rate_limit_headers=True)


class LookupOut(msgspec.Struct, frozen=True):
    code: str
    status: str
    procedure_name: str
    due_at: datetime | None


async def lookup(code: str, locale: str) -> LookupOut:
    row = (
        await Dossier.select(
            Dossier.code,
            Dossier.status,
            Dossier.due_at,
            Dossier.procedure.name_vi.as_alias("name_vi"),
            Dossier.procedure.name_en.as_alias("name_en"),
        )
        .where((Dossier.code == code.strip().upper()) & (Dossier.status != "draft"))
        .first()
    )
    if row is None:
        raise Problem(404, "dossier_not_found")
    return LookupOut(
        code=row["code"], status=row["status"], procedure_name=row[f"name_{locale}"], due_at=row["due_at"]
    )


class LookupApi(Controller):
    path = "/api/v1/lookup"
    tags = ["lookup"]
    middleware = [LOOKUP_RATE.middleware]

    @get("/{dossier_code:str}")
    async def by_code(self, request: Request[Any, Any, Any], dossier_code: FromPath[str]) -> LookupOut:
        return await lookup(dossier_code, request_locale(request))
