"""Which offices and which days a dashboard covers.

A supervisor sees their own office; an admin sees every office and may narrow to one. Asking
for an office outside what one may see answers 404 (never 403: it would confirm it exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from auth.principal import Principal
from backend.errors import Problem
from backend.offices.tables import Office
from i18n.formatting import VIETNAM, parse_day


@dataclass(frozen=True, slots=True)
class Scope:
    offices: tuple[int, ...] | None  # None: every office (admin)


@dataclass(frozen=True, slots=True)
class Period:
    first: date  # local (Vietnam) days, both inclusive
    last: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(0), tzinfo=VIETNAM).astimezone(UTC)

    @property
    def end(self) -> datetime:
        """Exclusive: midnight after the last day."""
        return datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=VIETNAM).astimezone(UTC)

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


MAX_DAYS = 366


def period_from(first: str, last: str, now: datetime) -> Period:
    """The chosen days; by default the current month up to today. 422 when unreadable,
    reversed or longer than a year."""
    today = now.astimezone(VIETNAM).date()
    start = parse_day(first) if first else today.replace(day=1)
    end = parse_day(last) if last else today
    if start is None or end is None or end < start or (end - start).days >= MAX_DAYS:
        raise Problem(422, "dashboard_period_invalid")
    return Period(start, end)


async def allowed_offices(principal: Principal) -> list[dict[str, Any]]:
    """The one-stop offices `principal` may watch (id, code, agency, names), by code."""
    query = Office.select(Office.id, Office.code, Office.agency_code, Office.name_vi, Office.name_en).where(
        Office.kind == "one_stop"
    )
    if principal.role != "admin":
        query = query.where(Office.id == (principal.office_id or -1))
    return list(await query.order_by(Office.code))


async def scope_for(
    principal: Principal,
    office: int | None,
    agency: str = "",
    allowed: list[dict[str, Any]] | None = None,
) -> Scope:
    """One office (`office`), the offices of one agency (`agency`, its code), or by default:
    everything for an admin, their own office for a supervisor. Outside what one may see: 404.
    `allowed`: `allowed_offices(principal)` when the caller has it already."""
    if allowed is None:
        allowed = await allowed_offices(principal)
    if office is not None:
        if office not in {int(row["id"]) for row in allowed}:
            raise Problem(404, "not_found")
        return Scope((office,))
    if agency:
        chosen = tuple(int(row["id"]) for row in allowed if row["agency_code"] == agency)
        if not chosen:
            raise Problem(404, "not_found")
        return Scope(chosen)
    if principal.role == "admin":
        return Scope(None)
    if principal.office_id is None:
        raise Problem(404, "not_found")
    return Scope((principal.office_id,))
