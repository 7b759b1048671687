"""The scheduling domain's periodic jobs (scheduled in backend/schedule.py)."""

from __future__ import annotations

from backend import clock
from backend.scheduling.reminders import send_reminders


async def send_booking_reminders() -> int:
    """Remind citizens of the windows they booked within the next day (reminders.py)."""
    return await send_reminders(clock.now())
