"""What booking tests share: published windows, dossiers on a booking channel, quick rows."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.principal import Principal
from auth.tables import Citizen
from backend.calendar.tables import CalendarOverride
from backend.dossiers.tables import Dossier
from backend.procedures.tables import Procedure
from backend.scheduling import rules
from backend.scheduling.tables import CapacityWindow
from backend.settings import get_settings
from i18n.formatting import VIETNAM
from tests.backend.dossiers.helpers import ANSWERS, LLTP, catalogue, office
from tests.factories import auth_headers

Client = AsyncTestClient[Litestar]
WARD = "Phường Hoàn Kiếm"  # served by HN-STP and by the postal unit HN-BC-HOANKIEM


async def window(code: str, kind: str, starts: time, ends: time, capacity: int) -> dict[str, Any]:
    owner = await office(code)
    rows = await CapacityWindow.insert(
        CapacityWindow(office=owner.id, kind=kind, starts=starts, ends=ends, capacity=capacity)
    ).returning(*CapacityWindow.all_columns())
    return rows[0]


async def published() -> dict[str, dict[str, Any]]:
    """The demo catalogue and HN-STP's windows: two postal pickup windows and a counter one."""
    await catalogue()
    return {
        "morning": await window("HN-STP", "postal_pickup", time(8), time(10), 3),
        "afternoon": await window("HN-STP", "postal_pickup", time(14), time(16), 3),
        "counter": await window("HN-STP", "counter_appointment", time(8), time(11), 5),
    }


async def dossier_on(client: Client, who: Citizen, channel: str) -> dict[str, Any]:
    """A submitted LLTP dossier at HN-STP on `channel`, made through the API."""
    headers = await auth_headers(who)
    created = await client.post(
        "/api/v1/dossiers",
        json={"procedure_code": LLTP, "answers": ANSWERS, "channel": channel, "office_code": "HN-STP"},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    submitted = await client.post(f"/api/v1/dossiers/{created.json()['id']}/submit", headers=headers)
    assert submitted.status_code == 200, submitted.text
    return dict(submitted.json())


_codes = itertools.count(1)


async def quick_dossier(who: Citizen, channel: str) -> int:
    """A submitted dossier row inserted directly (many of them, for the contention test)."""
    procedure = await Procedure.select(Procedure.id).where(Procedure.code == LLTP).first()
    stp = await office("HN-STP")
    assert procedure is not None
    rows = await Dossier.insert(
        Dossier(
            code=f"STP-TEST-{next(_codes):05d}",
            citizen=who.id,
            procedure=procedure["id"],
            office=stp.id,
            channel=channel,
            status="submitted",
            answers=ANSWERS,
            submitted_at=datetime.now(UTC),
        )
    ).returning(Dossier.id)
    return int(rows[0]["id"])


def body_for(free: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "window_id": free["window_id"],
        "day": free["day"],
        "address": "Số 5, ngõ 7; Phố Hàng Bạc",
        "ward": WARD,
        "contact_phone": "0987 654 321",
        **extra,
    }


def first_day(windows: list[dict[str, Any]], window_id: int) -> dict[str, Any]:
    return next(w for w in windows if w["window_id"] == window_id)


def on_day(windows: list[dict[str, Any]], window_id: int, day: date) -> dict[str, Any]:
    return next(w for w in windows if w["window_id"] == window_id and w["day"] == day.isoformat())


async def today_is_a_working_day() -> date:
    """Make today (Vietnam) a working day whatever the weekday, so desk tests run any day."""
    today = datetime.now(VIETNAM).date()
    await CalendarOverride.insert(CalendarOverride(day=today, kind="working_day")).on_conflict(
        action="DO NOTHING"
    )
    return today


async def booked_today(who: Citizen, window_row: dict[str, Any], phone: str = "0987654321") -> int:
    """A booking for today in `window_row`, made at noon the day before (before any cut-off)."""
    today = await today_is_a_working_day()
    dossier_id = await quick_dossier(
        who, "counter" if window_row["kind"] == "counter_appointment" else window_row["kind"]
    )
    now = datetime.combine(today, time(0), tzinfo=VIETNAM) - timedelta(hours=12)
    choice = rules.Choice(window_row["id"], today, "Số 1 Phố Huế", WARD, phone)
    row = await rules.book(Principal("citizen", who.id), dossier_id, choice, now=now, settings=get_settings())
    return int(row["id"])
