"""Loads the demo catalogue (backend/procedures/catalogue.py); updates entries that changed."""

from __future__ import annotations

from backend.procedures.catalogue import PROCEDURES
from backend.procedures.tables import Procedure
from i18n import fold


async def load_procedures() -> list[str]:
    for data in PROCEDURES:
        values = {**data, "name_search": fold(str(data["name_vi"]))}
        existing = await Procedure.exists().where(Procedure.code == data["code"])
        if existing:
            await Procedure.update({getattr(Procedure, key): value for key, value in values.items()}).where(
                Procedure.code == data["code"]
            )
        else:
            await Procedure.insert(Procedure(**values))
    return [f"procedures: {len(PROCEDURES)} demo procedures ({', '.join(p['code'] for p in PROCEDURES)})"]
