"""A new due date with an apology: when a dossier is overdue (or about to be), the officer sets a
new date and gives the reason; the citizen is sent the apology with the new date (the "Phiếu
xin lỗi và hẹn lại ngày trả kết quả" of Decree 61/2018 art. 19 as amended by Decree 107/2021,
docs/operations.md), and the timeline shows the change.

One conditional UPDATE (same id, status and version) with the timeline event, the letter's row
and the notification, in one transaction, as every other dossier move (rules.apply).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import structlog

from auth.principal import Principal
from auth.tables import StaffUser
from backend.calendar.rules import CLOSE_OF_DAY, WorkCalendar, due_at
from backend.calendar.store import load_calendar
from backend.dossiers.access import dossier_for
from backend.dossiers.overdue import RUNNING
from backend.dossiers.state import OFFICE_ROLES
from backend.dossiers.tables import Dossier, DossierEvent, DueDateChange
from backend.errors import Problem
from i18n.formatting import VIETNAM
from notifications.notify import citizen_recipient, notify

log = structlog.get_logger("motcua.dossiers")
ACTION = "new_due_date"


def soon_limit(now: datetime, calendar: WorkCalendar) -> datetime:
    """Due before this = due within one working day (the close of the next working day)."""
    return due_at(now, 1, calendar)


def check_new_date(
    dossier: dict[str, Any], new_date: date, now: datetime, calendar: WorkCalendar
) -> datetime:
    """The new due time (close of `new_date`), or 422 when the date cannot be one."""
    today = now.astimezone(VIETNAM).date()
    current = dossier["due_at"].astimezone(VIETNAM).date()
    if new_date <= today or new_date <= current or not calendar.is_working_day(new_date):
        raise Problem(422, "new_due_date_invalid")
    return datetime.combine(new_date, CLOSE_OF_DAY, tzinfo=VIETNAM)


async def set_new_due_date(
    principal: Principal, dossier_id: int, new_date: date, reason: str, *, now: datetime
) -> dict[str, Any]:
    if principal.kind != "staff" or principal.role not in OFFICE_ROLES:
        raise Problem(403, "action_forbidden")
    dossier = await dossier_for(principal, dossier_id)
    if dossier["status"] not in RUNNING or dossier["due_at"] is None:
        raise Problem(409, "transition_not_allowed", status=dossier["status"], action=ACTION)
    calendar = await load_calendar()
    if dossier["due_at"] > soon_limit(now, calendar):
        raise Problem(409, "new_due_date_not_yet")
    if not reason.strip():
        raise Problem(422, "note_required")
    new_due = check_new_date(dossier, new_date, now, calendar)
    staff = await StaffUser.select(StaffUser.full_name).where(StaffUser.id == principal.id).first()
    staff_name = str(staff["full_name"]) if staff else ""
    with structlog.contextvars.bound_contextvars(dossier_id=dossier_id):
        async with Dossier._meta.db.transaction():
            moved = (
                await Dossier.update(
                    {
                        Dossier.due_at: new_due,
                        # A new date is given because the first one is missed: the dossier counts
                        # as late (monitoring's on-time rate), whenever the job would have marked it.
                        Dossier.overdue_at: dossier["overdue_at"] or now,
                        Dossier.version: dossier["version"] + 1,
                    }
                )
                .where(
                    (Dossier.id == dossier_id)
                    & (Dossier.status == dossier["status"])
                    & (Dossier.version == dossier["version"])
                )
                .returning(Dossier.id)
            )
            if not moved:
                raise Problem(409, "transition_conflict")
            change = await DueDateChange.insert(
                DueDateChange(
                    dossier=dossier_id,
                    at=now,
                    old_due_at=dossier["due_at"],
                    new_due_at=new_due,
                    reason=reason.strip()[:1000],
                    staff_id=principal.id,
                    staff_name=staff_name,
                )
            ).returning(DueDateChange.id)
            await DossierEvent.insert(
                DossierEvent(
                    dossier=dossier_id,
                    at=now,
                    action=ACTION,
                    from_status=dossier["status"],
                    to_status=dossier["status"],
                    actor_kind="staff",
                    actor_id=principal.id,
                    actor_name=staff_name,
                    note=reason.strip()[:1000],
                    visible_to_citizen=True,
                )
            )
            citizen = await citizen_recipient(int(dossier["citizen"]))
            await notify(
                "dossier.overdue",
                citizen,
                {"code": dossier["code"], "new_due_date": new_date},
                link=f"/dossiers/{dossier_id}",
                discriminator=f"{dossier_id}:due-change:{change[0]['id']}",
            )
        log.info("new due date set", due_change_id=change[0]["id"])
    return await dossier_for(principal, dossier_id)


async def due_changes(dossier_id: int) -> list[dict[str, Any]]:
    return await DueDateChange.select().where(DueDateChange.dossier == dossier_id).order_by(DueDateChange.id)


async def due_change(dossier_id: int, change_id: int) -> dict[str, Any]:
    row = await (
        DueDateChange.select()
        .where((DueDateChange.dossier == dossier_id) & (DueDateChange.id == change_id))
        .first()
    )
    if row is None:
        raise Problem(404, "not_found")
    return row
