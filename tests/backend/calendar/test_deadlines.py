"""Working-day deadlines across Tết 2026 and 2027, 30/4–1/5, 2/9 and swapped Saturdays.

Expected dates were counted by hand on a calendar; docs/deadlines.md states the rules.
"""

from datetime import date, datetime

import pytest

from backend.calendar.rules import (
    build_calendar,
    due_after_resume,
    due_at,
    reception_day,
    working_days_used,
)

CAL = build_calendar()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        # Tết Bính Ngọ 2026: Mon 16/2 – Fri 20/2 off, weekends either side.
        ("2026-02-13T10:00:00+07:00", 5, date(2026, 2, 27)),
        ("2026-02-13T16:00:00+07:00", 1, date(2026, 2, 24)),  # after the cut-off: from Mon 23/2
        ("2026-02-13T08:30:00+00:00", 1, date(2026, 2, 24)),  # 15:30 in Hà Nội
        ("2026-02-18T09:00:00+07:00", 0, date(2026, 2, 23)),  # filed during Tết, same-day procedure
        # Tết Đinh Mùi 2027: Thu 4/2 – Wed 10/2 off.
        ("2027-02-03T09:00:00+07:00", 3, date(2027, 2, 15)),
        ("2027-02-05T09:00:00+07:00", 1, date(2027, 2, 12)),
        # 30/4 and 1/5 in 2026 (Thu, Fri) and 2027 (Fri, Sat observed on Mon 3/5).
        ("2026-04-29T11:00:00+07:00", 2, date(2026, 5, 5)),
        ("2027-04-29T14:59:00+07:00", 1, date(2027, 5, 4)),
        ("2027-04-29T15:00:00+07:00", 1, date(2027, 5, 5)),  # 15:00 is already after the cut-off
        # National Day 2026: Mon 31/8 off (swapped with Sat 22/8), Tue 1/9 and Wed 2/9 off.
        ("2026-08-28T10:00:00+07:00", 3, date(2026, 9, 7)),
        # National Day 2027: Thu 2/9 and Fri 3/9.
        ("2027-09-01T10:00:00+07:00", 1, date(2027, 9, 6)),
        # The swapped Saturday 22/8/2026 is a working day: it counts, and it receives.
        ("2026-08-21T10:00:00+07:00", 1, date(2026, 8, 22)),
        ("2026-08-22T09:00:00+07:00", 0, date(2026, 8, 22)),
        # An ordinary Saturday receives nothing: counted from Monday.
        ("2026-03-07T09:00:00+07:00", 0, date(2026, 3, 9)),
        # Vietnam Culture Day, Tue 24/11/2026.
        ("2026-11-23T10:00:00+07:00", 1, date(2026, 11, 25)),
        # Criminal record certificate: 10 working days.
        ("2026-03-02T09:00:00+07:00", 10, date(2026, 3, 16)),
    ],
)
def test_due_date(received: str, days: int, due: date) -> None:
    result = due_at(at(received), days, CAL)
    assert result.date() == due
    assert (result.hour, result.minute) == (17, 0)
    assert result.utcoffset() is not None
    assert result.utcoffset().total_seconds() == 7 * 3600  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("overrides", "due"),
    [
        ([], date(2026, 1, 12)),
        ([(date(2026, 1, 10), "working_day")], date(2026, 1, 10)),  # a make-up Saturday counts
        ([(date(2026, 1, 12), "day_off")], date(2026, 1, 13)),  # an extra day off does not
        ([(date(2026, 8, 22), "day_off")], date(2026, 1, 12)),  # unrelated override
    ],
)
def test_the_override_table_moves_days(overrides: list[tuple[date, str]], due: date) -> None:
    calendar = build_calendar(overrides)
    assert due_at(at("2026-01-09T10:00:00+07:00"), 1, calendar).date() == due


def test_an_override_can_cancel_the_packages_swapped_saturday() -> None:
    calendar = build_calendar([(date(2026, 8, 22), "day_off")])
    assert due_at(at("2026-08-21T10:00:00+07:00"), 1, calendar).date() == date(2026, 8, 24)


def test_reception_day_after_cut_off_or_on_a_day_off() -> None:
    assert reception_day(at("2026-02-13T14:59:59+07:00"), CAL) == date(2026, 2, 13)
    assert reception_day(at("2026-02-13T15:00:00+07:00"), CAL) == date(2026, 2, 23)
    assert reception_day(at("2026-05-01T09:00:00+07:00"), CAL) == date(2026, 5, 4)


def test_waiting_for_a_supplement_stops_the_clock() -> None:
    received = at("2026-03-02T09:00:00+07:00")  # Mon; 10 working days would end Mon 16/3
    paused = at("2026-03-06T10:00:00+07:00")  # Fri: Tue, Wed and Thu were used
    used = working_days_used(received, paused, CAL)
    assert used == 3
    resumed = at("2026-03-11T16:00:00+07:00")  # after the cut-off: counts from Thu 12/3
    assert due_after_resume(resumed, 10, used, CAL).date() == date(2026, 3, 23)


def test_a_reception_time_needs_an_offset() -> None:
    with pytest.raises(ValueError, match="offset"):
        due_at(datetime(2026, 3, 2, 9, 0), 1, CAL)  # noqa: DTZ001 - the point of the test
