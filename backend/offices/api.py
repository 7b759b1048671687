"""GET /api/v1/offices: the offices a citizen may choose (any office, not only their own)."""

from __future__ import annotations

import msgspec
from litestar import Controller, get
from litestar.params import FromQuery

from backend.offices.tables import Office
from i18n import fold


class OfficeOut(msgspec.Struct, frozen=True):
    code: str
    kind: str
    name_vi: str
    name_en: str
    province: str
    ward: str
    address: str
    phone: str
    serves_wards: list[str]


class OfficesApi(Controller):
    path = "/api/v1/offices"
    tags = ["offices"]

    @get("/")
    async def list_offices(
        self, kind: FromQuery[str | None] = None, q: FromQuery[str | None] = None
    ) -> list[OfficeOut]:
        query = Office.select().order_by(Office.code).output(load_json=True)
        if kind:
            query = query.where(Office.kind == kind)
        if q:
            query = query.where(Office.name_search.like(f"%{fold(q)}%"))
        rows = await query
        return [OfficeOut(**{field: row[field] for field in OfficeOut.__struct_fields__}) for row in rows]
