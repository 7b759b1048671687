"""The reminder before a booked window: sent once within the day before, never for a window far
ahead, a past one or a cancelled booking, and again for the new window after a reschedule."""

from __future__ import annotations

import asyncio
from datetime import time, timedelta

from backend.schedule import SCHEDULE
from backend.scheduling.capacity import starts_at
from backend.scheduling.jobs import send_booking_reminders
from backend.scheduling.reminders import send_reminders
from backend.scheduling.tables import Booking, Slot
from notifications.tables import OutboxMessage
from tests.backend.scheduling.helpers import booked_today, published, today_is_a_working_day, window
from tests.factories import make_citizen


async def _reminders() -> list[dict[str, object]]:
    return list(
        await OutboxMessage.select(OutboxMessage.recipient_id, OutboxMessage.payload)
        .where((OutboxMessage.event == "booking.reminder") & (OutboxMessage.channel == "inbox"))
        .output(load_json=True)
    )


async def test_a_booking_is_reminded_once_in_the_day_before_its_window() -> None:
    await published()
    noon = await window("HN-STP", "counter_appointment", time(12), time(13), 5)
    who = await make_citizen(full_name="Nguyễn Thị Lan")
    booking = await booked_today(who, noon)
    start = starts_at(await today_is_a_working_day(), time(12))
    assert await send_reminders(start - timedelta(days=2)) == 0  # too early
    assert await send_reminders(start + timedelta(minutes=1)) == 0  # already started
    assert await _reminders() == []
    # Three hours before: one reminder, and two workers at once or a rerun add nothing.
    sent = await asyncio.gather(*(send_reminders(start - timedelta(hours=3)) for _ in range(3)))
    assert sum(sent) == 1
    assert await send_reminders(start - timedelta(hours=2)) == 0
    [message] = await _reminders()
    assert message["recipient_id"] == who.id
    payload = message["payload"]
    assert isinstance(payload, dict)
    assert payload["params"]["starts_at"] == start.isoformat()
    assert payload["link"].startswith("/dossiers/")
    assert "Nguyễn" not in str(payload)  # no personal data travels with it
    # Moved to another window the same day: reminded again for the new start.
    later = await window("HN-STP", "counter_appointment", time(15), time(16), 5)
    day = await today_is_a_working_day()
    moved = await Slot.insert(
        Slot(window=later["id"], day=day, capacity=5, booked=1, key=f"{later['id']}:{day.isoformat()}")
    ).returning(Slot.id)
    await Booking.update({Booking.slot: moved[0]["id"]}).where(Booking.id == booking)
    assert await send_reminders(start) == 1
    assert len(await _reminders()) == 2
    # A cancelled booking is not reminded.
    await Booking.update({Booking.status: "cancelled"}).where(Booking.id == booking)
    assert await send_reminders(start + timedelta(hours=1)) == 0


def test_the_reminders_are_scheduled_every_five_minutes() -> None:
    (entry,) = [entry for entry in SCHEDULE if entry.run is send_booking_reminders]
    assert entry.cron == "*/5 * * * *"


def test_a_reminder_for_later_today_does_not_say_tomorrow() -> None:
    """The reminder goes out up to a day ahead, so it may be for this afternoon: its words name
    the time, never "tomorrow"."""
    from notifications.events import render

    params = {"code": "STP-261130-0001", "starts_at": "2026-11-30T14:00:00+07:00"}
    for locale, tomorrow in (("vi", "ngày mai"), ("en", "tomorrow")):
        title, body = render("booking.reminder", locale, params)
        assert tomorrow not in f"{title} {body}".lower()
        assert "30/11/2026" in body
