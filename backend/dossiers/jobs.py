"""The dossiers domain's periodic jobs (scheduled in backend/schedule.py)."""

from __future__ import annotations

from backend import clock
from backend.dossiers.overdue import mark_overdue


async def mark_overdue_dossiers() -> int:
    """Mark dossiers past their due time and alert their offices (backend/dossiers/overdue.py)."""
    return await mark_overdue(clock.now())
