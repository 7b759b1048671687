"""The dashboard's figures, one function per indicator group of Decision 766/QĐ-TTg
(publicity, progress, online service, online payment, satisfaction, digitisation), plus the
per-procedure / per-officer tables and the daily series. docs/monitoring.md states each formula.

The row fetchers run a few narrow queries; the group functions are plain functions over their
rows (and, for payment and digitisation, one more query each), so each formula reads in one place.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime
from typing import Any

from backend.calendar.rules import CLOSE_OF_DAY, WorkCalendar
from backend.dossiers.overdue import RUNNING  # the clock runs: can be overdue
from backend.dossiers.tables import Dossier, DossierEvent
from backend.monitoring.scope import Period, Scope
from backend.payments.tables import Payment
from backend.procedures.tables import Procedure
from backend.uploads.tables import StoredFile
from i18n.formatting import VIETNAM

Row = dict[str, Any]
WAITING = "waiting_for_supplement"  # the clock stops
DECISIONS = ("approve", "reject")  # the event that resolves a dossier
HANDED_OVER = ("postal_pickup", "home_appointment")
RATINGS = ("satisfied", "acceptable", "not_satisfied")


def rate(part: int, whole: int) -> float | None:
    """part ÷ whole, or None when there is nothing to divide (shown as "—", never 0 %)."""
    return part / whole if whole else None


def _scoped(query: Any, column: Any, scope: Scope) -> Any:
    return query if scope.offices is None else query.where(column.is_in(list(scope.offices)))


def _received_where(period: Period) -> Any:
    return (Dossier.received_at >= period.start) & (Dossier.received_at < period.end)


def received_ids(scope: Scope, period: Period) -> Any:
    """Sub-query: ids of the dossiers received in the period (for payments and files)."""
    return _scoped(Dossier.select(Dossier.id).where(_received_where(period)), Dossier.office, scope)


# -- rows -------------------------------------------------------------------------------------


async def received_rows(scope: Scope, period: Period) -> list[Row]:
    query = Dossier.select(Dossier.id, Dossier.procedure, Dossier.channel, Dossier.received_at).where(
        _received_where(period)
    )
    return list(await _scoped(query, Dossier.office, scope))


async def event_rows(scope: Scope, period: Period, actions: tuple[str, ...]) -> list[Row]:
    """Events of `actions` that happened in the period, with what the figures need of their dossier."""
    query = DossierEvent.select(
        DossierEvent.dossier.as_alias("dossier_id"),
        DossierEvent.action,
        DossierEvent.at,
        DossierEvent.actor_id,
        DossierEvent.actor_name,
        DossierEvent.dossier.due_at.as_alias("due_at"),
        DossierEvent.dossier.overdue_at.as_alias("overdue_at"),
        DossierEvent.dossier.procedure.as_alias("procedure"),
        DossierEvent.dossier.rating.as_alias("rating"),
    ).where(
        DossierEvent.action.is_in(list(actions))
        & (DossierEvent.at >= period.start)
        & (DossierEvent.at < period.end)
    )
    return list(await _scoped(query, DossierEvent.dossier.office, scope))


async def commented_rows(scope: Scope, period: Period) -> list[Row]:
    """The comments of the dossiers returned in the period (few: a partial index finds them)."""
    returned = DossierEvent.select(DossierEvent.dossier).where(
        (DossierEvent.action == "return") & (DossierEvent.at >= period.start) & (DossierEvent.at < period.end)
    )
    query = Dossier.select(Dossier.id, Dossier.rating_comment).where(
        (Dossier.rating_comment != "") & Dossier.id.is_in(returned)
    )
    return list(await _scoped(query, Dossier.office, scope))


async def open_rows(scope: Scope) -> list[Row]:
    """Dossiers being handled now (clock running or waiting for a supplement), whatever the period."""
    query = Dossier.select(
        Dossier.id,
        Dossier.code,
        Dossier.procedure,
        Dossier.status,
        Dossier.due_at,
        Dossier.procedure.name_vi.as_alias("procedure_name_vi"),
        Dossier.procedure.name_en.as_alias("procedure_name_en"),
    ).where(Dossier.status.is_in([*RUNNING, WAITING]))
    return list(await _scoped(query, Dossier.office, scope))


# -- indicator groups -------------------------------------------------------------------------


def on_time(decision: Row) -> bool:
    """Decided at or before its due time, and never late before: a dossier that the overdue job
    marked, or that was given a new date with an apology, stays late whatever its new date."""
    return (
        decision["due_at"] is not None
        and decision["overdue_at"] is None
        and decision["at"] <= decision["due_at"]
    )


def due_soon_limit(now: datetime, calendar: WorkCalendar) -> datetime:
    """The close of the next working day after today (Vietnam time)."""
    today = now.astimezone(VIETNAM).date()
    return datetime.combine(calendar.next_working_day(today), CLOSE_OF_DAY, tzinfo=VIETNAM)


def progress(
    received: list[Row],
    decisions: list[Row],
    returns: list[Row],
    running: list[Row],
    now: datetime,
    calendar: WorkCalendar,
) -> Row:
    limit = due_soon_limit(now, calendar)
    clock = [r for r in running if r["status"] in RUNNING]
    overdue = [r for r in clock if r["due_at"] is not None and r["due_at"] < now]
    soon = [r for r in clock if r["due_at"] is not None and now <= r["due_at"] <= limit]
    in_time = sum(1 for d in decisions if on_time(d))
    return {
        "received": len(received),
        "in_process": len(clock),
        "waiting": sum(1 for r in running if r["status"] == WAITING),
        "resolved": len(decisions),
        "on_time": in_time,
        "late": len(decisions) - in_time,
        "on_time_rate": rate(in_time, len(decisions)),
        "returned": len(returns),
        "overdue": len(overdue),
        "due_soon": len(soon),
        "overdue_rows": sorted(overdue, key=lambda r: (r["due_at"], r["id"])),
        "due_soon_rows": sorted(soon, key=lambda r: (r["due_at"], r["id"])),
    }


def online_service(received: list[Row]) -> Row:
    online = sum(1 for r in received if r["channel"] == "online")
    handed = sum(1 for r in received if r["channel"] in HANDED_OVER)
    return {
        "online": online,
        "online_rate": rate(online, len(received)),
        "handed_over": handed,
        "handed_over_rate": rate(handed, len(received)),
    }


async def online_payment(scope: Scope, period: Period) -> Row:
    fee_ids = received_ids(scope, period).where(Dossier.fee_vnd > 0)
    with_fee = await _scoped(
        Dossier.count().where(_received_where(period) & (Dossier.fee_vnd > 0)), Dossier.office, scope
    )
    paid_rows = (
        await Payment.select(Payment.subject_id)
        .where(
            (Payment.subject_kind == "dossier")
            & (Payment.status == "paid")
            & Payment.subject_id.is_in(fee_ids)
        )
        .distinct()
    )
    paid = len(paid_rows)
    return {"with_fee": with_fee, "paid_online": paid, "paid_online_rate": rate(paid, with_fee)}


def satisfaction(returns: list[Row], commented: list[Row]) -> Row:
    """Ratings of the dossiers returned in the period (a rating carries no date of its own)."""
    rated = [r for r in returns if r["rating"] in RATINGS]
    counts = Counter(r["rating"] for r in rated)
    text = {r["id"]: r["rating_comment"] for r in commented}
    comments = sorted(
        ({**r, "rating_comment": text[r["dossier_id"]]} for r in rated if r["dossier_id"] in text),
        key=lambda r: (r["at"], r["dossier_id"]),
        reverse=True,
    )
    rated_count = len(rated)
    return {
        **{name: counts[name] for name in RATINGS},
        "rated": rated_count,
        "satisfaction_rate": rate(counts["satisfied"] + counts["acceptable"], rated_count),
        "comments": [
            {
                "dossier_id": r["dossier_id"],
                "at": r["at"],
                "rating": r["rating"],
                "comment": r["rating_comment"],
            }
            for r in comments[:5]
        ],
    }


async def digitisation(scope: Scope, period: Period) -> Row:
    """Documents (one per dossier and document key, however many pages) of the dossiers received
    in the period, by where they came from. The office's result files are not papers handed in."""
    files = await StoredFile.select(StoredFile.dossier_id, StoredFile.document_key, StoredFile.source).where(
        StoredFile.dossier_id.is_in(received_ids(scope, period)) & (StoredFile.source != "result")
    )
    sources: dict[tuple[int, str], set[str]] = defaultdict(set)
    for f in files:
        sources[(f["dossier_id"], f["document_key"])].add(f["source"])
    reused = sum(1 for s in sources.values() if "reused" in s)
    digitised = sum(1 for s in sources.values() if "digitised" in s and "reused" not in s)
    return {
        "documents": len(sources),
        "reused": reused,
        "digitised": digitised,
        "digitised_rate": rate(reused + digitised, len(sources)),
    }


async def publicity(scope: Scope, office_codes: list[str]) -> Row:
    """Procedures the offices handle, and how many publish their legal basis and document list."""
    rows = await Procedure.select(Procedure.office_codes, Procedure.source, Procedure.documents).output(
        load_json=True
    )
    wanted = set(office_codes)
    offered = [r for r in rows if scope.offices is None or wanted & set(r["office_codes"] or [])]
    complete = sum(1 for r in offered if str(r["source"]).strip() and r["documents"])
    return {"procedures": len(offered), "published": complete, "published_rate": rate(complete, len(offered))}


# -- tables and series ------------------------------------------------------------------------


async def procedure_names(ids: set[int]) -> dict[int, Row]:
    if not ids:
        return {}
    rows = await Procedure.select(Procedure.id, Procedure.code, Procedure.name_vi, Procedure.name_en).where(
        Procedure.id.is_in(sorted(ids))
    )
    return {int(r["id"]): r for r in rows}


def per_procedure(
    received: list[Row], decisions: list[Row], running: list[Row], now: datetime, names: dict[int, Row]
) -> list[Row]:
    table: dict[int, Row] = {}

    def row(pid: int) -> Row:
        if pid not in table:
            info = names.get(pid, {})
            table[pid] = {
                "procedure": pid,
                "code": info.get("code", ""),
                "name_vi": info.get("name_vi", ""),
                "name_en": info.get("name_en", ""),
                "received": 0,
                "resolved": 0,
                "on_time": 0,
                "overdue": 0,
            }
        return table[pid]

    for r in received:
        row(r["procedure"])["received"] += 1
    for d in decisions:
        entry = row(d["procedure"])
        entry["resolved"] += 1
        entry["on_time"] += on_time(d)
    for r in running:
        if r["status"] in RUNNING and r["due_at"] is not None and r["due_at"] < now:
            row(r["procedure"])["overdue"] += 1
    for entry in table.values():
        entry["on_time_rate"] = rate(entry["on_time"], entry["resolved"])
    return list(table.values())


def per_officer(decisions: list[Row]) -> list[Row]:
    """The staff member who recorded the deciding event (approve or reject)."""
    table: dict[int, Row] = {}
    for d in decisions:
        entry = table.setdefault(
            d["actor_id"], {"officer": d["actor_id"], "name": d["actor_name"], "resolved": 0, "on_time": 0}
        )
        entry["resolved"] += 1
        entry["on_time"] += on_time(d)
    for entry in table.values():
        entry["on_time_rate"] = rate(entry["on_time"], entry["resolved"])
    return list(table.values())


def local_day(moment: datetime) -> date:
    return moment.astimezone(VIETNAM).date()


def daily(received: list[Row], decisions: list[Row], period: Period) -> list[Row]:
    got = Counter(local_day(r["received_at"]) for r in received)
    done = Counter(local_day(d["at"]) for d in decisions)
    return [{"day": day, "received": got[day], "resolved": done[day]} for day in period.days()]
