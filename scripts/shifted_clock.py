"""Print a libfaketime offset ("+<seconds>") that moves the clock to 09:30 Vietnam time on the
third day of the first Tết at least 300 days away: about a year on, on a weekday that is a
public holiday inside the lunar new year's closure. CI runs one leg of the suite there, so a
test or a rule that depends on today's date fails at once instead of next week.

    FAKETIME="$(python scripts/shifted_clock.py)" faketime ... or LD_PRELOAD=libfaketime.so.1
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def third_day_of_tet(year: int) -> datetime:
    days = holidays.country_holidays("VN", years=year, language="en_US")
    third = next(day for day, name in sorted(days.items()) if name == "Third Day of Lunar New Year")
    return datetime.combine(third, time(9, 30), tzinfo=VIETNAM)


def target(now: datetime) -> datetime:
    year = now.astimezone(VIETNAM).year
    while (moved := third_day_of_tet(year)) - now < timedelta(days=300):
        year += 1
    return moved


def main() -> None:
    now = datetime.now(UTC)
    moved = target(now)
    print(f"+{int((moved - now).total_seconds())}")
    print(f"clock moved to {moved.isoformat()}", file=sys.stderr)


if __name__ == "__main__":
    main()
