"""The dossier API's request and response bodies."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import msgspec

from backend.dossiers.fees import fee_status
from backend.dossiers.reception import received_lines
from backend.dossiers.state import actions_from


class DossierIn(msgspec.Struct, frozen=True):
    procedure_code: str
    answers: dict[str, Any] = {}
    office_code: str | None = None
    channel: str | None = None


class DraftUpdateIn(msgspec.Struct, frozen=True):
    answers: dict[str, Any] | None = None
    office_code: str | None = None
    channel: str | None = None


class ActionIn(msgspec.Struct, frozen=True):
    note: str = ""


class ReceivedDocumentIn(msgspec.Struct, frozen=True):
    key: str  # one of the procedure's required_documents keys
    pages: int


class CounterActionIn(msgspec.Struct, frozen=True):
    note: str = ""
    # receive only: the required documents actually handed over, with their page counts
    documents: list[ReceivedDocumentIn] | None = None


class ReceivedDocumentOut(msgspec.Struct, frozen=True):
    key: str
    name: str
    pages: int


class RatingIn(msgspec.Struct, frozen=True):
    rating: str
    comment: str = ""


class EventOut(msgspec.Struct, frozen=True):
    at: datetime
    action: str
    from_status: str
    to_status: str
    by: str  # "citizen" or the officer's name
    note: str


class DossierSummary(msgspec.Struct, frozen=True):
    id: int
    code: str
    status: str
    procedure_code: str
    procedure_name: str
    office_code: str
    fee_vnd: int
    fee_status: str  # free | unpaid | paid
    created_at: datetime
    due_at: datetime | None
    overdue: bool = False  # counter queue only: past due with the clock running
    due_soon: bool = False  # counter queue only: due within one working day


class DossierOut(msgspec.Struct, frozen=True):
    id: int
    code: str
    status: str
    procedure_code: str
    procedure_name: str
    office_code: str
    office_name: str
    channel: str
    answers: dict[str, Any]
    fee_vnd: int
    fee_status: str  # free | unpaid | paid (processing waits for "paid")
    created_at: datetime
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    waiting_for_supplement: bool
    rating: str | None
    actions: list[str]
    timeline: list[EventOut]
    received_documents: list[ReceivedDocumentOut] | None = None  # null: not recorded at reception


def summary(row: dict[str, Any], locale: str) -> DossierSummary:
    return DossierSummary(
        id=row["id"],
        code=row["code"],
        status=row["status"],
        procedure_code=row["procedure_code"],
        procedure_name=row[f"procedure_name_{locale}"] or row["procedure_name_vi"],
        office_code=row["office_code"],
        fee_vnd=row["fee_vnd"],
        fee_status=fee_status(row),
        created_at=row["created_at"],
        due_at=row["due_at"],
        overdue=bool(row.get("overdue", False)),
        due_soon=bool(row.get("due_soon", False)),
    )


def events(rows: list[dict[str, Any]]) -> list[EventOut]:
    return [
        EventOut(
            at=e["at"],
            action=e["action"],
            from_status=e["from_status"],
            to_status=e["to_status"],
            by=e["actor_name"] or e["actor_kind"],
            note=e["note"],
        )
        for e in rows
    ]


def detail(row: dict[str, Any], locale: str, timeline: list[dict[str, Any]], actor: str) -> DossierOut:
    return DossierOut(
        id=row["id"],
        code=row["code"],
        status=row["status"],
        procedure_code=row["procedure_code"],
        procedure_name=row[f"procedure_name_{locale}"] or row["procedure_name_vi"],
        office_code=row["office_code"],
        office_name=row[f"office_name_{locale}"] or row["office_name_vi"],
        channel=row["channel"],
        answers=row["answers"],
        fee_vnd=row["fee_vnd"],
        fee_status=fee_status(row),
        created_at=row["created_at"],
        submitted_at=row["submitted_at"],
        received_at=row["received_at"],
        due_at=row["due_at"],
        waiting_for_supplement=row["status"] == "waiting_for_supplement",
        rating=row["rating"],
        actions=actions_from(row["status"], actor),
        timeline=events(timeline),
        received_documents=[
            ReceivedDocumentOut(key=line["key"], name=line["name"], pages=line["pages"]) for line in lines
        ]
        if (lines := received_lines(row, locale)) is not None
        else None,
    )


class QueueSearchIn(msgspec.Struct, frozen=True):
    """A counter search: sent in the body, never in the URL, because it is a phone number, an ID
    number or a name (URLs end up in browser history and proxy logs)."""

    q: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    status: str | None = None
    procedure: str | None = None


class DueDateIn(msgspec.Struct, frozen=True):
    """A new due date for an overdue (or nearly overdue) dossier, and why (the apology)."""

    new_due_date: date
    reason: str
