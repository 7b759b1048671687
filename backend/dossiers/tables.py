"""A dossier, its timeline, the per-agency daily code counter, and idempotency keys."""

from __future__ import annotations

from piccolo.columns import JSON, Boolean, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from auth.tables import Citizen
from backend.offices.tables import Office
from backend.procedures.tables import Procedure


class Dossier(Table, tablename="dossier"):
    id: Serial
    code = Varchar(length=32, unique=True)  # agency code + YYMMDD + sequence: "STP-261123-0001"
    citizen = ForeignKey(Citizen, index=True)
    procedure = ForeignKey(Procedure)
    office = ForeignKey(Office, index=True)
    channel = Varchar(length=24, default="online")
    status = Varchar(length=32, default="draft", index=True)
    version = Integer(default=0)  # bumped by every transition: concurrent writers cannot both win
    answers = JSON(default={})
    fee_vnd = Integer(default=0)
    # Set, in the paying transaction, when the fee's payment becomes paid (dossiers/fees.py).
    fee_paid_at = Timestamptz(null=True, default=None)
    # Copied from the answers at submission so the counter can search by them.
    applicant_phone = Varchar(length=16, default="", index=True)
    applicant_id_number = Varchar(length=12, default="", index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    submitted_at = Timestamptz(null=True, default=None)
    received_at = Timestamptz(null=True, default=None)
    due_at = Timestamptz(null=True, default=None, index=True)
    # Set by the overdue job (backend/dossiers/overdue.py) when the due time passed; a later
    # due date (new date, supplement) makes it markable again once that one passes too.
    overdue_at = Timestamptz(null=True, default=None)
    clock_from = Timestamptz(null=True, default=None)  # when the clock last (re)started
    paused_at = Timestamptz(null=True, default=None)  # waiting for a supplement since
    days_used = Integer(default=0)  # working days used before the last pause
    result_note = Text(default="")
    rating = Varchar(length=16, null=True, default=None)  # satisfied | acceptable | not_satisfied
    rating_comment = Text(default="")
    # What the officer checked at reception: [{"key": <required document key>, "pages": n}];
    # null when reception did not record it (an API client that sent no list).
    received_documents = JSON(null=True, default=None)


class DossierEvent(Table, tablename="dossier_event"):
    id: Serial
    dossier = ForeignKey(Dossier, index=True)
    at = Timestamptz(default=TimestamptzNow())
    action = Varchar(length=32)
    from_status = Varchar(length=32)
    to_status = Varchar(length=32)
    actor_kind = Varchar(length=16)  # citizen | staff
    actor_id = Integer()
    actor_name = Varchar(length=200, default="")
    note = Text(default="")
    visible_to_citizen = Boolean(default=True)


class DueDateChange(Table, tablename="dossier_due_change"):
    """An officer moved an overdue (or nearly overdue) dossier's due date, with the reason:
    the source of the apology letter the citizen receives (docs/operations.md)."""

    id: Serial
    dossier = ForeignKey(Dossier, index=True)
    at = Timestamptz(default=TimestamptzNow())
    old_due_at = Timestamptz(null=True, default=None)
    new_due_at = Timestamptz()
    reason = Text()
    staff_id = Integer()
    staff_name = Varchar(length=200, default="")


class DossierCodeCounter(Table, tablename="dossier_code_counter"):
    id: Serial
    prefix = Varchar(length=32, unique=True)  # "STP-261123"
    last = Integer(default=0)


class IdempotencyKey(Table, tablename="dossier_idempotency"):
    id: Serial
    scope = Varchar(length=200, unique=True)  # "<citizen id>:<action>:<Idempotency-Key>"
    dossier = ForeignKey(Dossier, null=True)  # set in the transaction that claimed the key
    created_at = Timestamptz(default=TimestamptzNow())
