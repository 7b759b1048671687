"""Dossier rules: create and edit drafts, submit, and every other transition of the process.

Every transition is one conditional UPDATE (same id, same status, same version) plus its
timeline event and notification, in one transaction: of two officers acting at once, one wins
and the other gets 409 with nothing changed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import structlog

from auth.principal import Principal
from auth.tables import StaffUser
from backend import clock
from backend.calendar.rules import due_after_resume, due_at, working_days_used
from backend.calendar.store import load_calendar
from backend.dossiers.access import dossier_for
from backend.dossiers.codes import next_code
from backend.dossiers.fees import charge_at_submit, close_if_final, require_paid
from backend.dossiers.messages import tell_citizen
from backend.dossiers.papers import require_papers
from backend.dossiers.state import OFFICE_ROLES, RATINGS, TRANSITIONS
from backend.dossiers.tables import Dossier, DossierEvent, IdempotencyKey
from backend.errors import Problem
from backend.offices.tables import Office
from backend.procedures.fees import fee_for
from backend.procedures.rules import get_procedure
from backend.procedures.validation import FieldError, clean_answers, validate_answers

Errors = list[FieldError]
log = structlog.get_logger("motcua.dossiers")


class AnswersInvalid(Problem):
    """422 with one message per field; the API and pages translate `field_errors`."""

    def __init__(self, errors: Errors) -> None:
        super().__init__(422, "answers_invalid")
        self.field_errors = errors


def _answers_problem(errors: Errors) -> AnswersInvalid:
    return AnswersInvalid(errors)


async def _procedure(code: str) -> dict[str, Any]:
    try:
        return await get_procedure(code)
    except Problem:
        raise Problem(422, "procedure_unknown") from None


async def _office(procedure: dict[str, Any], office_code: str | None) -> dict[str, Any]:
    code = office_code or procedure["office_codes"][0]
    if code not in procedure["office_codes"]:
        raise Problem(422, "office_not_handling")
    office = await Office.select(Office.id, Office.agency_code).where(Office.code == code).first()
    if office is None:
        raise Problem(422, "office_not_handling")
    return office


def _channel(procedure: dict[str, Any], channel: str | None) -> str:
    chosen = channel or procedure["channels"][0]
    if chosen not in procedure["channels"]:
        raise Problem(422, "channel_not_allowed")
    return chosen


async def _claim_key(scope: str | None) -> int | None:
    """Claims an idempotency key; returns the dossier an earlier request made with it, if any."""
    if scope is None:
        return None
    added = (
        await IdempotencyKey.insert(IdempotencyKey(scope=scope))
        .on_conflict(target=IdempotencyKey.scope, action="DO NOTHING")
        .returning(IdempotencyKey.id)
    )
    if added:
        return None
    row = await IdempotencyKey.select(IdempotencyKey.dossier).where(IdempotencyKey.scope == scope).first()
    if row is None or row["dossier"] is None:
        raise Problem(409, "request_in_progress")
    return int(row["dossier"])


async def create_draft(
    principal: Principal,
    procedure_code: str,
    answers: dict[str, Any],
    *,
    office_code: str | None = None,
    channel: str | None = None,
    idempotency_key: str | None = None,
    now: datetime,
) -> dict[str, Any]:
    procedure = await _procedure(procedure_code)
    office = await _office(procedure, office_code)
    chosen_channel = _channel(procedure, channel)
    schema = procedure["form"]["schema"]
    errors = validate_answers(schema, answers, partial=True)
    if errors:
        raise _answers_problem(errors)
    scope = f"{principal.id}:create:{idempotency_key}" if idempotency_key else None
    async with Dossier._meta.db.transaction():
        earlier = await _claim_key(scope)
        if earlier is None:
            cleaned = clean_answers(schema, answers)
            rows = await Dossier.insert(
                Dossier(
                    code=await next_code(office["agency_code"], now),
                    citizen=principal.id,
                    procedure=procedure["id"],
                    office=office["id"],
                    channel=chosen_channel,
                    answers=cleaned,
                    fee_vnd=fee_for(
                        procedure["fee_kind"], procedure["fee_vnd"], procedure["fee_rule"], cleaned
                    ),
                    created_at=now,
                )
            ).returning(Dossier.id)
            dossier_id = int(rows[0]["id"])
            if scope:
                await IdempotencyKey.update({IdempotencyKey.dossier: dossier_id}).where(
                    IdempotencyKey.scope == scope
                )
        else:
            dossier_id = earlier
    return await dossier_for(principal, dossier_id)


async def update_draft(
    principal: Principal,
    dossier_id: int,
    answers: dict[str, Any] | None,
    *,
    office_code: str | None = None,
    channel: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Save a step: merge answers into the draft (resumable from any device). Choosing an office
    of another agency gives the draft a code of that agency: the code names who receives it."""
    dossier = await dossier_for(principal, dossier_id)
    if dossier["status"] != "draft":
        raise Problem(409, "transition_not_allowed", status=dossier["status"], action="edit")
    procedure = await get_procedure(dossier["procedure_code"])
    schema = procedure["form"]["schema"]
    merged = {**dossier["answers"], **(answers or {})}
    errors = validate_answers(schema, answers or {}, partial=True)
    if errors:
        raise _answers_problem(errors)
    cleaned = clean_answers(schema, merged)
    values: dict[Any, Any] = {
        Dossier.answers: cleaned,
        Dossier.fee_vnd: fee_for(procedure["fee_kind"], procedure["fee_vnd"], procedure["fee_rule"], cleaned),
    }
    if office_code:
        office = await _office(procedure, office_code)
        values[Dossier.office] = office["id"]
        if not str(dossier["code"]).startswith(f"{office['agency_code']}-"):
            values[Dossier.code] = await next_code(office["agency_code"], now or clock.now())
    if channel:
        values[Dossier.channel] = _channel(procedure, channel)
    await Dossier.update(values).where((Dossier.id == dossier_id) & (Dossier.status == "draft"))
    return await dossier_for(principal, dossier_id)


async def submit(
    principal: Principal, dossier_id: int, *, idempotency_key: str | None = None, now: datetime
) -> dict[str, Any]:
    """Submit a draft. Submitting again (double tap, retried request) returns the same dossier."""
    dossier = await dossier_for(principal, dossier_id)
    if dossier["status"] == "submitted":
        return dossier
    procedure = await get_procedure(dossier["procedure_code"])
    errors = validate_answers(procedure["form"]["schema"], dossier["answers"])
    if errors:
        raise _answers_problem(errors)
    await require_papers(dossier, str(dossier["channel"]))
    return await apply(principal, dossier, "submit", now=now)


async def _actor_name(principal: Principal) -> str:
    if principal.kind != "staff":
        return ""
    row = await StaffUser.select(StaffUser.full_name).where(StaffUser.id == principal.id).first()
    return str(row["full_name"]) if row else ""


async def _effects(dossier: dict[str, Any], action: str, now: datetime) -> dict[Any, Any]:
    days = int(dossier["processing_days"])
    if action == "submit":
        answers = dossier["answers"]
        return {
            Dossier.submitted_at: now,
            Dossier.applicant_phone: str(answers.get("phone", "")),
            Dossier.applicant_id_number: str(answers.get("id_number", "")),
        }
    if action == "receive":
        calendar = await load_calendar()
        return {
            Dossier.received_at: now,
            Dossier.clock_from: now,
            Dossier.days_used: 0,
            Dossier.due_at: due_at(now, days, calendar),
        }
    if action == "request_supplement":
        calendar = await load_calendar()
        used = int(dossier["days_used"]) + working_days_used(dossier["clock_from"], now, calendar)
        return {Dossier.paused_at: now, Dossier.days_used: used}
    if action == "supplement":
        calendar = await load_calendar()
        return {
            Dossier.paused_at: None,
            Dossier.clock_from: now,
            Dossier.due_at: due_after_resume(now, days, int(dossier["days_used"]), calendar),
        }
    return {}


async def apply(
    principal: Principal,
    dossier: dict[str, Any],
    action: str,
    *,
    note: str = "",
    now: datetime,
    received_documents: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Move `dossier` by `action`, or raise: 403 wrong actor, 409 wrong status or lost race.

    `received_documents` (reception.clean_received) is stored with the `receive` transition."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise Problem(404, "not_found")
    if principal.kind != transition.actor or (
        principal.kind == "staff" and principal.role not in OFFICE_ROLES
    ):
        raise Problem(403, "action_forbidden")
    if dossier["status"] not in transition.sources:
        raise Problem(409, "transition_not_allowed", status=dossier["status"], action=action)
    if transition.note_required and not note.strip():
        raise Problem(422, "note_required")
    require_paid(dossier, transition.target)
    values = await _effects(dossier, action, now)
    values[Dossier.status] = transition.target
    values[Dossier.version] = dossier["version"] + 1
    if received_documents is not None:
        if action != "receive":
            raise Problem(422, "received_documents_not_expected")
        values[Dossier.received_documents] = received_documents
    async with Dossier._meta.db.transaction():
        # Payment row before dossier row, the order settlement locks them in (no deadlock).
        await close_if_final(dossier, transition.target)
        moved = (
            await Dossier.update(values)
            .where(
                (Dossier.id == dossier["id"])
                & (Dossier.status == dossier["status"])
                & (Dossier.version == dossier["version"])
            )
            .returning(Dossier.id)
        )
        if not moved:
            raise Problem(409, "transition_conflict")
        await DossierEvent.insert(
            DossierEvent(
                dossier=dossier["id"],
                at=now,
                action=action,
                from_status=dossier["status"],
                to_status=transition.target,
                actor_kind=principal.kind,
                actor_id=principal.id,
                actor_name=await _actor_name(principal),
                note=note.strip(),
                visible_to_citizen=True,
            )
        )
        if action == "submit":
            await charge_at_submit(dossier)
        if principal.kind == "staff":
            await tell_citizen(
                dossier,
                transition.target,
                due_at=values.get(Dossier.due_at, dossier.get("due_at")),
                note=note,
                version=values[Dossier.version],
            )
    log.info(
        "dossier moved",
        dossier_id=dossier["id"],
        action=action,
        from_status=dossier["status"],
        to_status=transition.target,
        actor_kind=principal.kind,
    )
    return await dossier_for(principal, int(dossier["id"]))


async def timeline(dossier_id: int, *, citizen_view: bool) -> list[dict[str, Any]]:
    query = DossierEvent.select().where(DossierEvent.dossier == dossier_id).order_by(DossierEvent.id)
    if citizen_view:
        query = query.where(DossierEvent.visible_to_citizen.eq(True))
    return await query


async def rate(principal: Principal, dossier_id: int, rating: str, comment: str) -> dict[str, Any]:
    """Once, after the result was returned."""
    if rating not in RATINGS:
        raise Problem(422, "rating_invalid")
    dossier = await dossier_for(principal, dossier_id)
    if dossier["status"] != "returned":
        raise Problem(409, "rating_not_yet")
    rated = (
        await Dossier.update({Dossier.rating: rating, Dossier.rating_comment: comment.strip()[:1000]})
        .where((Dossier.id == dossier_id) & Dossier.rating.is_null())
        .returning(Dossier.id)
    )
    if not rated:
        raise Problem(409, "rating_already_given")
    return await dossier_for(principal, dossier_id)


async def save_step(
    principal: Principal, dossier_id: int, fields: list[str], answers: dict[str, Any]
) -> dict[str, Any]:
    """Save one page of the form: its own fields are checked in full (required ones included)."""
    dossier = await dossier_for(principal, dossier_id)
    schema = (await get_procedure(dossier["procedure_code"]))["form"]["schema"]
    step_schema = {
        "properties": {name: schema["properties"][name] for name in fields},
        "required": [name for name in schema.get("required", []) if name in fields],
    }
    errors = validate_answers(step_schema, {name: answers.get(name) for name in fields})
    if errors:
        raise _answers_problem(errors)
    return await update_draft(principal, dossier_id, {name: answers.get(name) for name in fields})


async def offices_for(procedure: dict[str, Any]) -> list[dict[str, Any]]:
    """The offices a citizen may choose for this procedure (any that handles it)."""
    return await (
        Office.select(Office.code, Office.name_vi, Office.name_en, Office.address)
        .where(Office.code.is_in(list(procedure["office_codes"])))
        .order_by(Office.code)
    )
