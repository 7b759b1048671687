"""Capacity under concurrency: many citizens booking the last places of one window at the same
time never over-book it (each booking on its own connection, on SQLite and PostgreSQL); the
cut-off closes booking, moving and cancelling."""

from __future__ import annotations

import asyncio
from datetime import datetime, time, timedelta

import pytest

from auth.principal import Principal
from backend.calendar.store import load_calendar
from backend.errors import Problem
from backend.scheduling import rules
from backend.scheduling.capacity import starts_at, working_days
from backend.scheduling.tables import Booking, LiveBooking, Slot
from backend.settings import get_settings
from i18n.formatting import VIETNAM
from tests.backend.scheduling.helpers import WARD, published, quick_dossier, window
from tests.factories import make_citizen

BOOKERS = 30
PLACES = 3


async def _bookers(n: int, channel: str = "postal_pickup") -> list[tuple[Principal, int]]:
    people = []
    for _ in range(n):
        who = await make_citizen()
        people.append((Principal("citizen", who.id), await quick_dossier(who, channel)))
    return people


async def _day_after_tomorrow() -> datetime:
    """Noon (Vietnam) on a working day, far enough before the next working day's windows."""
    calendar = await load_calendar()
    today = datetime.now(VIETNAM).date()
    day = working_days(today + timedelta(days=1), 1, calendar)[0]
    return datetime.combine(day, time(7), tzinfo=VIETNAM) - timedelta(hours=12)


async def _attempt(principal: Principal, dossier_id: int, choice: rules.Choice, now: datetime) -> str:
    try:
        await rules.book(principal, dossier_id, choice, now=now, settings=get_settings())
    except Problem as problem:
        return problem.code
    return "booked"


async def test_thirty_simultaneous_bookings_for_three_places_book_exactly_three() -> None:
    await published()
    tight = await window("HN-STP", "postal_pickup", time(10), time(12), PLACES)
    now = await _day_after_tomorrow()
    day = working_days(now.astimezone(VIETNAM).date() + timedelta(days=1), 1, await load_calendar())[0]
    people = await _bookers(BOOKERS)
    choice = rules.Choice(tight["id"], day, "Số 1 Phố Huế", WARD, "0987654321")
    # The slot does not exist yet: the first bookings also race to create it.
    assert await Slot.count() == 0
    outcomes = await asyncio.gather(*(_attempt(p, d, choice, now) for p, d in people))
    assert outcomes.count("booked") == PLACES, outcomes
    assert outcomes.count("window_full") == BOOKERS - PLACES, outcomes
    slots = await Slot.select().where(Slot.window == tight["id"])
    assert len(slots) == 1
    assert (slots[0]["booked"], slots[0]["capacity"]) == (PLACES, PLACES)
    assert await Booking.count().where(Booking.slot == slots[0]["id"]) == PLACES


async def test_a_cancellation_racing_with_bookers_frees_exactly_one_place() -> None:
    await published()
    tight = await window("HN-STP", "postal_pickup", time(10), time(12), 1)
    now = await _day_after_tomorrow()
    day = working_days(now.astimezone(VIETNAM).date() + timedelta(days=1), 1, await load_calendar())[0]
    people = await _bookers(11)
    choice = rules.Choice(tight["id"], day, "Số 1 Phố Huế", WARD, "0987654321")
    holder, holder_dossier = people[0]
    assert await _attempt(holder, holder_dossier, choice, now) == "booked"

    async def cancel() -> str:
        await rules.cancel(holder, holder_dossier, now=now, settings=get_settings())
        return "cancelled"

    outcomes = await asyncio.gather(cancel(), *(_attempt(p, d, choice, now) for p, d in people[1:]))
    booked = outcomes.count("booked")
    assert booked <= 1
    slot = await Slot.select().where(Slot.window == tight["id"]).first()
    assert slot is not None
    assert (
        slot["booked"]
        == booked
        == await Booking.count().where((Booking.slot == slot["id"]) & (Booking.status == "booked"))
    )


async def test_two_simultaneous_bookings_of_one_dossier_leave_one() -> None:
    windows = await published()
    now = await _day_after_tomorrow()
    day = working_days(now.astimezone(VIETNAM).date() + timedelta(days=1), 1, await load_calendar())[0]
    [(principal, dossier_id)] = await _bookers(1)
    first = rules.Choice(windows["morning"]["id"], day, "Số 1 Phố Huế", WARD, "0987654321")
    second = rules.Choice(windows["afternoon"]["id"], day, "Số 1 Phố Huế", WARD, "0987654321")
    outcomes = await asyncio.gather(
        *(_attempt(principal, dossier_id, c, now) for c in (first, second, first))
    )
    assert outcomes.count("booked") == 1, outcomes
    assert set(outcomes) <= {"booked", "booking_exists"}
    assert await LiveBooking.count() == 1
    assert sum(s["booked"] for s in await Slot.select(Slot.booked)) == 1


async def test_after_the_cut_off_nothing_can_be_booked_moved_or_cancelled() -> None:
    windows = await published()
    now = await _day_after_tomorrow()
    day = working_days(now.astimezone(VIETNAM).date() + timedelta(days=1), 1, await load_calendar())[0]
    [(principal, dossier_id)] = await _bookers(1)
    morning = rules.Choice(windows["morning"]["id"], day, "Số 1 Phố Huế", WARD, "0987654321")
    afternoon = rules.Choice(windows["afternoon"]["id"], day, "Số 1 Phố Huế", WARD, "0987654321")
    settings = get_settings()
    await rules.book(principal, dossier_id, morning, now=now, settings=settings)
    start = starts_at(day, time(8))
    late = start - timedelta(minutes=settings.booking_cutoff_minutes - 1)
    with pytest.raises(Problem) as cancelled:
        await rules.cancel(principal, dossier_id, now=late, settings=settings)
    with pytest.raises(Problem) as moved:
        await rules.reschedule(principal, dossier_id, afternoon, now=late, settings=settings)
    for refused in (cancelled.value, moved.value):
        assert (refused.status_code, refused.code) == (409, "booking_cutoff_passed")
    booking = await Booking.select(Booking.status, Booking.version, Booking.slot.window.as_alias("w")).first()
    assert booking == {"status": "booked", "version": 0, "w": windows["morning"]["id"]}
    # Booking the same window past its cut-off is refused too; just before it, it is allowed.
    [(other, other_dossier)] = await _bookers(1)
    assert await _attempt(other, other_dossier, morning, late) == "booking_cutoff_passed"
    in_time = start - timedelta(minutes=settings.booking_cutoff_minutes + 1)
    assert await _attempt(other, other_dossier, morning, in_time) == "booked"


async def test_moves_racing_for_the_last_place_move_one_and_the_others_keep_theirs() -> None:
    await published()
    roomy = await window("HN-STP", "postal_pickup", time(8), time(10), 20)
    last = await window("HN-STP", "postal_pickup", time(10), time(12), 1)
    now = await _day_after_tomorrow()
    day = working_days(now.astimezone(VIETNAM).date() + timedelta(days=1), 1, await load_calendar())[0]
    people = await _bookers(8)
    settings = get_settings()
    for principal, dossier_id in people:
        first = rules.Choice(roomy["id"], day, "Số 1 Phố Huế", WARD, "0987654321")
        await rules.book(principal, dossier_id, first, now=now, settings=settings)

    async def move(principal: Principal, dossier_id: int) -> str:
        choice = rules.Choice(last["id"], day, "Số 1 Phố Huế", WARD, "0987654321")
        try:
            await rules.reschedule(principal, dossier_id, choice, now=now, settings=settings)
        except Problem as problem:
            return problem.code
        return "moved"

    outcomes = await asyncio.gather(*(move(p, d) for p, d in people))
    assert outcomes.count("moved") == 1, outcomes
    assert set(outcomes) == {"moved", "window_full"}
    slots = {s["window"]: s for s in await Slot.select()}
    assert slots[last["id"]]["booked"] == 1
    # Those who could not move kept their place, and the count matches their bookings.
    assert slots[roomy["id"]]["booked"] == len(people) - 1
    assert await Booking.count().where(Booking.slot == slots[roomy["id"]]["id"]) == len(people) - 1
