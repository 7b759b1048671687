"""The reminder before a booked window: run every five minutes on the job engine
(backend/scheduling/jobs.py, backend/schedule.py).

A booking still `booked` whose window starts within the next `AHEAD` gets `booking.reminder`
once. The outbox refuses a second message with the same discriminator, which names the booking
and the window's start: running the job again (or two workers at once) sends nothing more,
and a booking moved to another window is reminded again for the new one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import structlog

from backend import clock
from backend.db import write_transaction
from backend.scheduling.capacity import starts_at
from backend.scheduling.tables import Booking
from i18n.formatting import VIETNAM
from notifications.notify import Recipient, notify

AHEAD = timedelta(hours=24)
log = structlog.get_logger("motcua.scheduling")


async def send_reminders(now: datetime | None = None) -> int:
    """Remind every booking starting within `AHEAD` of `now`; returns how many were reminded."""
    now = now or clock.now()
    first = now.astimezone(VIETNAM).date()
    days = [first, first + timedelta(days=1)]
    rows = await Booking.select(
        Booking.id,
        Booking.dossier,
        Booking.citizen,
        Booking.citizen.locale.as_alias("locale"),
        Booking.dossier.code.as_alias("code"),
        Booking.slot.day.as_alias("day"),
        Booking.slot._.window._.starts.as_alias("starts"),
    ).where((Booking.status == "booked") & Booking.slot.day.is_in(days))
    reminded = 0
    for row in rows:
        start = starts_at(row["day"], row["starts"])
        if not now < start <= now + AHEAD:
            continue
        async with write_transaction():  # takes the write lock first on SQLite: no upgrade deadlock
            added = await notify(
                "booking.reminder",
                Recipient(int(row["citizen"]), str(row["locale"] or "vi")),
                {"code": row["code"], "starts_at": start.isoformat()},
                link=f"/dossiers/{row['dossier']}",
                discriminator=f"booking-reminder:{row['id']}:{start.isoformat()}",
            )
        if added:
            reminded += 1
            log.info("booking reminded", booking_id=row["id"])
    return reminded
