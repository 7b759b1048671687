"""Human-readable dossier codes: agency code + YYMMDD (Vietnam date) + a daily sequence.

"STP-261123-0042" is the 42nd dossier of agency STP on 23/11/2026. The sequence is one counter row
per prefix, incremented with a single UPDATE … RETURNING, so two requests never get the same
number (PostgreSQL locks the row; SQLite has one writer at a time).
"""

from __future__ import annotations

from datetime import datetime

from backend.dossiers.tables import DossierCodeCounter
from i18n.formatting import VIETNAM


def code_prefix(agency_code: str, now: datetime) -> str:
    return f"{agency_code}-{now.astimezone(VIETNAM):%y%m%d}"


async def next_code(agency_code: str, now: datetime) -> str:
    prefix = code_prefix(agency_code, now)
    await DossierCodeCounter.insert(DossierCodeCounter(prefix=prefix, last=0)).on_conflict(
        action="DO NOTHING"
    )
    rows = (
        await DossierCodeCounter.update({DossierCodeCounter.last: DossierCodeCounter.last + 1})
        .where(DossierCodeCounter.prefix == prefix)
        .returning(DossierCodeCounter.last)
    )
    return f"{prefix}-{rows[0]['last']:04d}"
