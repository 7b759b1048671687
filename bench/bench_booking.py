"""Booking throughput under contention, through the real server (POST /api/v1/dossiers/{id}/booking,
16 requests in flight), in one run:

  ratio booking_contended_vs_uncontended   bookings/s when all go to one window and day (one slot
                                           row every booking updates) ÷ bookings/s when each goes
                                           to its own window
  figure overbookings                      places taken beyond capacity, over every slot, after
                                           the runs above and a rush of 100 bookers for the last
                                           10 places of a window (must be 0)

DATABASE_URL picks the engine (SQLite file under var/ by default; a PostgreSQL test database works).
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from datetime import date, datetime, timedelta
from datetime import time as clock

import httpx

from bench.harness import ROOT, free_port, ratio, serving

BOOKINGS = int(os.environ.get("BENCH_BOOKINGS", "300"))
IN_FLIGHT = int(os.environ.get("BENCH_IN_FLIGHT", "16"))
RUSH, LAST_PLACES = 100, 10


async def _day() -> date:
    """A working day two days ahead or later, so no cut-off gets in the way."""
    from backend.calendar.store import load_calendar
    from backend.scheduling.capacity import working_days
    from i18n.formatting import VIETNAM

    today = datetime.now(VIETNAM).date()
    return working_days(today + timedelta(days=2), 1, await load_calendar())[0]


async def seed(groups: dict[str, int]) -> dict[str, list[tuple[int, int]]]:
    """Citizens with one submitted postal-pickup dossier each, per group: (citizen id, dossier id)."""
    from auth.tables import Citizen
    from backend.dossiers.tables import Dossier
    from backend.offices.demo import load_offices
    from backend.offices.tables import Office
    from backend.procedures.demo import load_procedures
    from backend.procedures.tables import Procedure
    from backend.scheduling.tables import Booking, CapacityWindow, LiveBooking, Slot

    await load_offices()
    await load_procedures()
    for table in (LiveBooking, Booking, Slot, CapacityWindow):
        await table.delete(force=True)
    await Dossier.delete().where(Dossier.code.like("BOOK-%"))
    await Citizen.delete().where(Citizen.subject.like("bench-booking-%"))
    office = await Office.select(Office.id).where(Office.code == "HN-STP").first()
    procedure = await Procedure.select(Procedure.id).where(Procedure.code == "2.001417").first()
    assert office
    assert procedure
    out: dict[str, list[tuple[int, int]]] = {}
    n = 0
    for name, count in groups.items():
        out[name] = []
        for _ in range(count):
            n += 1
            citizen = await Citizen.insert(
                Citizen(subject=f"bench-booking-{n}", full_name="Người Thử", full_name_search="nguoi thu")
            ).returning(Citizen.id)
            dossier = await Dossier.insert(
                Dossier(
                    code=f"BOOK-{n:06d}",
                    citizen=citizen[0]["id"],
                    procedure=procedure["id"],
                    office=office["id"],
                    channel="postal_pickup",
                    status="submitted",
                    answers={"purpose": "bench"},
                )
            ).returning(Dossier.id)
            out[name].append((int(citizen[0]["id"]), int(dossier[0]["id"])))
    return out


async def windows(count: int, capacity: int) -> list[int]:
    from backend.offices.tables import Office
    from backend.scheduling.tables import CapacityWindow

    office = await Office.select(Office.id).where(Office.code == "HN-STP").first()
    assert office
    ids = []
    for _ in range(count):
        rows = await CapacityWindow.insert(
            CapacityWindow(
                office=office["id"], kind="postal_pickup", starts=clock(8), ends=clock(10), capacity=capacity
            )
        ).returning(CapacityWindow.id)
        ids.append(int(rows[0]["id"]))
    return ids


async def overbookings() -> int:
    """Places beyond capacity, plus any slot whose count disagrees with its live bookings."""
    from backend.scheduling.tables import Booking, Slot

    over = 0
    for slot in await Slot.select():
        live = await Booking.count().where((Booking.slot == slot["id"]) & (Booking.status == "booked"))
        over += max(0, live - slot["capacity"]) + abs(live - slot["booked"])
    return over


async def book_all(
    base: str, tokens: dict[int, str], jobs: list[tuple[int, int, int]], day: date
) -> tuple[float, dict[int, int]]:
    """POST every (citizen, dossier, window) booking, IN_FLIGHT at a time: (bookings/s, status counts)."""
    statuses: dict[int, int] = {}
    gate = asyncio.Semaphore(IN_FLIGHT)
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:

        async def one(citizen: int, dossier: int, window: int) -> None:
            body = {
                "window_id": window,
                "day": day.isoformat(),
                "address": "Số 1 Phố Thử",
                "ward": "Phường Hoàn Kiếm",
                "contact_phone": "0912345678",
            }
            async with gate:
                answer = await client.post(
                    f"/api/v1/dossiers/{dossier}/booking",
                    json=body,
                    headers={"Authorization": f"Bearer {tokens[citizen]}"},
                )
            statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(one(*job) for job in jobs))
        elapsed = time.perf_counter() - started
    return len(jobs) / elapsed, statuses


def main() -> None:
    from backend.run import server_command

    database = os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-booking.sqlite3'}")
    env = {"DATABASE_URL": database, "LOG_LEVEL": "WARNING", "MOTCUA_ENV": "development"}
    os.environ.update(env)
    from backend.migrate import migrate

    asyncio.run(migrate())
    groups = asyncio.run(seed({"warm": 20, "contended": BOOKINGS, "uncontended": BOOKINGS, "rush": RUSH}))
    day = asyncio.run(_day())
    warm_window, contended_window = asyncio.run(windows(2, BOOKINGS))
    [rush_window] = asyncio.run(windows(1, LAST_PLACES))
    own_windows = asyncio.run(windows(BOOKINGS, BOOKINGS))

    port = free_port()
    from auth.principal import Principal
    from auth.tokens import issue_access_token
    from backend.settings import from_env

    settings = from_env({**os.environ, "PORT": str(port)})
    tokens = {
        citizen: issue_access_token(settings, Principal("citizen", citizen))
        for group in groups.values()
        for citizen, _ in group
    }
    with serving(server_command(port), port, {**env, "PORT": str(port)}, "/health") as base:
        warm = [(c, d, warm_window) for c, d in groups["warm"]]
        _, warm_statuses = asyncio.run(book_all(base, tokens, warm, day))
        assert warm_statuses == {201: len(warm)}, warm_statuses  # measure bookings, not errors
        own = [(c, d, w) for (c, d), w in zip(groups["uncontended"], own_windows, strict=True)]
        shared = [(c, d, contended_window) for c, d in groups["contended"]]
        # Alternate halves (own, shared, own, shared) so warm-up and drift weigh on both alike.
        half = BOOKINGS // 2
        u_time, u_statuses = 0.0, Counter[int]()
        c_time, c_statuses = 0.0, Counter[int]()
        for part in (slice(0, half), slice(half, BOOKINGS)):
            rate, statuses = asyncio.run(book_all(base, tokens, own[part], day))
            u_time, u_statuses = u_time + len(own[part]) / rate, u_statuses + Counter(statuses)
            rate, statuses = asyncio.run(book_all(base, tokens, shared[part], day))
            c_time, c_statuses = c_time + len(shared[part]) / rate, c_statuses + Counter(statuses)
        uncontended, contended = BOOKINGS / u_time, BOOKINGS / c_time
        rush = [(c, d, rush_window) for c, d in groups["rush"]]
        _, r_statuses = asyncio.run(book_all(base, tokens, rush, day))
    assert dict(u_statuses) == {201: BOOKINGS}, u_statuses
    assert dict(c_statuses) == {201: BOOKINGS}, c_statuses
    print(f"figure booking_uncontended_rps {uncontended:.0f} bookings/s")
    print(f"figure booking_contended_rps {contended:.0f} bookings/s")
    booked, refused = r_statuses.get(201, 0), r_statuses.get(409, 0)
    print(f"figure rush_booked {booked} of {LAST_PLACES} places ({refused} refused with 409)")
    ratio("booking_contended_vs_uncontended", contended / uncontended)
    print(f"figure overbookings {asyncio.run(overbookings())}")


if __name__ == "__main__":
    main()
