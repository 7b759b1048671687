"""The overdue job: mark dossiers whose due time passed, and tell the office.

Run every minute on the job engine (backend/dossiers/jobs.py, backend/schedule.py). A dossier is
overdue when it is received or in process and its due time has passed; while it waits for a
supplement the clock is stopped (its due date is recomputed when the supplement arrives), so it
is never marked then.

Each dossier is marked by one conditional UPDATE (`overdue_at` still unset, or set before the
current due date was given), with its timeline event and the staff alerts in the same
transaction: of two jobs running at once only one marks and alerts, and running the job again
changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import structlog
from piccolo.query import WhereRaw

from auth.tables import StaffUser
from backend import clock
from backend.dossiers.tables import Dossier, DossierEvent
from notifications.outbox import enqueue

log = structlog.get_logger("motcua.dossiers")

RUNNING = ("received", "processing")  # the clock runs; waiting_for_supplement stops it
ALERT_EVENT = "dossier.became_overdue"


def _markable(now: datetime) -> Any:
    return (
        Dossier.status.is_in(list(RUNNING))
        & Dossier.due_at.is_not_null()
        & (Dossier.due_at < now)
        & WhereRaw("(overdue_at IS NULL OR overdue_at < due_at)")
    )


async def _supervisors(office_id: int) -> list[int]:
    rows = await StaffUser.select(StaffUser.id).where(
        (StaffUser.office == office_id) & (StaffUser.role == "supervisor") & (StaffUser.disabled.eq(False))
    )
    return [int(row["id"]) for row in rows]


async def _alert_staff(dossier: dict[str, Any], supervisors: list[int]) -> int:
    """The office's queue (an inbox for the office) and each of its supervisors. Only the
    dossier code travels: the text is shown on staff screens and phones."""
    recipients = [("office", int(dossier["office"]))] + [("staff", staff_id) for staff_id in supervisors]
    payload = {
        "title_key": f"notify.{ALERT_EVENT}.title",
        "body_key": f"notify.{ALERT_EVENT}.body",
        "params": {"code": dossier["code"]},
        "link": f"/counter/dossiers/{dossier['id']}",
    }
    added = 0
    for kind, recipient_id in recipients:
        added += await enqueue(
            event=ALERT_EVENT,
            recipient_kind=kind,
            recipient_id=recipient_id,
            channels=["inbox"],
            payload=payload,
            discriminator=f"{dossier['id']}:{dossier['due_at'].isoformat()}",
        )
    return added


async def _mark(dossier: dict[str, Any], now: datetime, supervisors: list[int]) -> bool:
    async with Dossier._meta.db.transaction():
        won = (
            await Dossier.update({Dossier.overdue_at: now})
            .where((Dossier.id == dossier["id"]) & _markable(now))
            .returning(Dossier.id)
        )
        if not won:
            return False
        await DossierEvent.insert(
            DossierEvent(
                dossier=dossier["id"],
                at=now,
                action="overdue",
                from_status=dossier["status"],
                to_status=dossier["status"],
                actor_kind="system",
                actor_id=0,
                visible_to_citizen=False,
            )
        )
        await _alert_staff(dossier, supervisors)
    return True


async def mark_overdue(now: datetime | None = None, limit: int = 500) -> int:
    """Mark (and alert about) dossiers past their due time; returns how many this run marked."""
    now = now or clock.now()
    candidates = await (
        Dossier.select(Dossier.id, Dossier.code, Dossier.office, Dossier.status, Dossier.due_at)
        .where(_markable(now))
        .order_by(Dossier.due_at)
        .limit(limit)
    )
    marked = 0
    supervisors: dict[int, list[int]] = {}  # per office, read once per run
    for dossier in candidates:
        office_id = int(dossier["office"])
        if office_id not in supervisors:
            supervisors[office_id] = await _supervisors(office_id)
        with structlog.contextvars.bound_contextvars(dossier_id=dossier["id"]):
            if await _mark(dossier, now, supervisors[office_id]):
                marked += 1
                log.info("dossier overdue", office_id=dossier["office"])
    return marked
