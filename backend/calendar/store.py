"""The working calendar as the database says today: package holidays plus the override table."""

from __future__ import annotations

from backend.calendar.rules import WorkCalendar, build_calendar
from backend.calendar.tables import CalendarOverride


async def load_calendar() -> WorkCalendar:
    rows = await CalendarOverride.select(CalendarOverride.day, CalendarOverride.kind)
    return build_calendar((row["day"], row["kind"]) for row in rows)
