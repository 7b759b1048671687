"""Object access: a citizen sees their own dossiers, staff those of their office; anything else
is 404 (never 403, which would confirm that the dossier exists)."""

from __future__ import annotations

from typing import Any

import structlog

from auth.principal import Principal
from backend.dossiers.tables import Dossier
from backend.errors import Problem

COLUMNS: tuple[Any, ...] = (
    *Dossier.all_columns(),
    Dossier.procedure.code.as_alias("procedure_code"),
    Dossier.procedure.name_vi.as_alias("procedure_name_vi"),
    Dossier.procedure.name_en.as_alias("procedure_name_en"),
    Dossier.procedure.processing_days.as_alias("processing_days"),
    Dossier.procedure.documents.as_alias("procedure_documents"),
    Dossier.office.code.as_alias("office_code"),
    Dossier.office.name_vi.as_alias("office_name_vi"),
    Dossier.office.name_en.as_alias("office_name_en"),
)


def visible_to(principal: Principal) -> Any:
    if principal.kind == "citizen":
        return Dossier.citizen == principal.id
    if principal.office_id is not None:
        return Dossier.office == principal.office_id
    return Dossier.id == -1  # staff without an office see nothing


async def dossier_for(principal: Principal, dossier_id: int) -> dict[str, Any]:
    row = (
        await Dossier.select(*COLUMNS)
        .where((Dossier.id == dossier_id) & visible_to(principal))
        .first()
        .output(load_json=True)
    )
    if row is None:
        raise Problem(404, "dossier_not_found")
    # Every later log line of this request or job names the dossier (ids only, never PII).
    structlog.contextvars.bind_contextvars(dossier_id=dossier_id)
    return row
