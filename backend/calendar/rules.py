"""Working-day deadlines (docs/deadlines.md gives the rules and their legal source).

Plain functions over a `WorkCalendar`, so the procedure page, the due-date API and reception
all use the same arithmetic:

- a working day is Monday–Friday, or a make-up Saturday, and not a public holiday nor an extra
  day off;
- a dossier received on a working day before the cut-off (15:00 Vietnam time) is received that
  day; otherwise on the next working day;
- the first day is not counted (Civil Code 2015, art. 147): N working days end at the close of
  the N-th working day after the reception day; N = 0 ("4 tại chỗ", same day) ends at the close
  of the reception day;
- time waiting for a supplement does not count: the days used before the pause are kept and the
  remainder is counted again from the day the supplement arrives, by the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import holidays

from i18n.formatting import VIETNAM

CUT_OFF = time(15, 0)
CLOSE_OF_DAY = time(17, 0)


@dataclass(frozen=True)
class WorkCalendar:
    """Holidays from the `holidays` package plus overrides (extra days off, make-up Saturdays)."""

    days_off: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        package = _public_holidays(day.year)
        if day in package.weekend_workdays:
            return True
        return day.weekday() < 5 and day not in package

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


def _public_holidays(year: int) -> holidays.HolidayBase:
    # Built once per year: `setdefault(year, holidays.Vietnam(...))` would build it on every call.
    if year not in _HOLIDAYS:
        _HOLIDAYS[year] = holidays.Vietnam(years=year)
    return _HOLIDAYS[year]


_HOLIDAYS: dict[int, holidays.HolidayBase] = {}


def build_calendar(overrides: Iterable[tuple[date, str]] = ()) -> WorkCalendar:
    """Overrides are (day, "day_off" | "working_day"); they win over the package, whose own
    make-up Saturdays (`weekend_workdays`) are working days too."""
    days_off: set[date] = set()
    working: set[date] = set()
    for day, kind in overrides:
        if kind == "day_off":
            days_off.add(day)
            working.discard(day)
        elif kind == "working_day":
            working.add(day)
            days_off.discard(day)
        else:
            raise ValueError(f"unknown override kind {kind!r}")
    return WorkCalendar(days_off=frozenset(days_off), working_days=frozenset(working))


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("a reception time needs a UTC offset")
    return moment.astimezone(VIETNAM)


def reception_day(received_at: datetime, calendar: WorkCalendar) -> date:
    """The working day a dossier counts as received: the same day before the cut-off on a
    working day, otherwise the next working day."""
    local = _local(received_at)
    day = local.date()
    if calendar.is_working_day(day) and local.time() < CUT_OFF:
        return day
    return calendar.next_working_day(day)


def add_working_days(start: date, count: int, calendar: WorkCalendar) -> date:
    day = start
    for _ in range(count):
        day = calendar.next_working_day(day)
    return day


def due_at(received_at: datetime, working_days: int, calendar: WorkCalendar) -> datetime:
    """When a dossier received at `received_at` must be decided: the close of the
    `working_days`-th working day after its reception day (Vietnam time)."""
    if working_days < 0:
        raise ValueError("processing time cannot be negative")
    due_day = add_working_days(reception_day(received_at, calendar), working_days, calendar)
    return datetime.combine(due_day, CLOSE_OF_DAY, tzinfo=VIETNAM)


def working_days_used(received_at: datetime, paused_at: datetime, calendar: WorkCalendar) -> int:
    """Working days the clock ran between reception and a pause: those after the reception day
    that ended before the pause (a day during which the pause starts is not used)."""
    start = reception_day(received_at, calendar)
    end = _local(paused_at).date()
    used = 0
    day = calendar.next_working_day(start)
    while day < end:
        used += 1
        day = calendar.next_working_day(day)
    return used


def due_after_resume(resumed_at: datetime, working_days: int, used: int, calendar: WorkCalendar) -> datetime:
    """The new due time when a supplement arrives: the days not yet used, counted from the
    supplement's arrival by the same reception rules."""
    return due_at(resumed_at, max(working_days - used, 0), calendar)
