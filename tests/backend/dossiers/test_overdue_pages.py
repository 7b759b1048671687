"""The counter queue puts overdue dossiers first and marks those due within a working day; the
officer sets a new date on the dossier's page and prints the apology letter."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.calendar.store import load_calendar
from backend.dossiers.due_change import soon_limit
from backend.dossiers.overdue import mark_overdue
from backend.dossiers.tables import Dossier
from i18n import format_date
from i18n.formatting import VIETNAM
from notifications import worker
from notifications.clients.inbox import InboxChannel
from tests.backend.dossiers.helpers import catalogue, citizen, officer, submitted_dossier
from tests.factories import auth_headers
from tests.logins import citizen_login, staff_login

Client = AsyncTestClient[Litestar]


async def _receive(client: Client, count: int) -> list[int]:
    staff = await auth_headers(await officer())
    ids = []
    for _ in range(count):
        dossier = await submitted_dossier(client, await citizen())
        answer = await client.post(f"/api/v1/counter/dossiers/{dossier['id']}/receive", headers=staff)
        assert answer.status_code == 200
        ids.append(dossier["id"])
    return ids


async def test_queue_shows_overdue_first_and_marks_the_due_soon(client: Client) -> None:
    await catalogue()
    relaxed, soon, late = await _receive(client, 3)
    now = datetime.now(UTC)
    limit = soon_limit(now, await load_calendar())
    await Dossier.update({Dossier.due_at: now + (limit - now) / 2}).where(Dossier.id == soon)
    await Dossier.update({Dossier.due_at: now - timedelta(days=2)}).where(Dossier.id == late)
    await staff_login(client, await officer())
    page = (await client.get("/counter/dossiers")).text
    rows = re.findall(
        r'<tr( class="[a-z-]+")? data-testid="queue-row">\s*<td><a href="/counter/dossiers/(\d+)"', page
    )
    assert [(cls.strip(), int(i)) for cls, i in rows] == [
        ('class="overdue"', late),
        ('class="due-soon"', soon),
        ("", relaxed),
    ]
    assert page.count('data-testid="overdue"') == 1
    assert page.count('data-testid="due-soon"') == 1


async def test_officer_sets_a_new_date_and_prints_the_apology(app: Litestar, client: Client) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)
    staff = await officer()
    answer = await client.post(
        f"/api/v1/counter/dossiers/{dossier['id']}/receive", headers=await auth_headers(staff)
    )
    assert answer.status_code == 200
    path = f"/counter/dossiers/{dossier['id']}"
    token = await staff_login(client, staff)
    assert 'data-testid="due-date-form"' not in (await client.get(path)).text  # ten days left
    await Dossier.update({Dossier.due_at: datetime.now(UTC) - timedelta(hours=3)}).where(
        Dossier.id == dossier["id"]
    )
    assert 'data-testid="due-date-form"' in (await client.get(path)).text
    calendar = await load_calendar()
    new_day = calendar.next_working_day(calendar.next_working_day(datetime.now(VIETNAM).date()))
    reason = "Chờ kết quả xác minh lý lịch"
    # Without the CSRF token nothing happens; a missing reason is shown on the page.
    assert (
        await client.post(f"{path}/due-date", data={"new_due_date": new_day.isoformat(), "reason": reason})
    ).status_code == 403
    no_reason = await client.post(
        f"{path}/due-date", data={"new_due_date": new_day.isoformat(), "_csrf_token": token}
    )
    assert no_reason.status_code == 422
    assert 'data-testid="error"' in no_reason.text
    bad_date = await client.post(
        f"{path}/due-date", data={"new_due_date": "31/02/2030", "reason": reason, "_csrf_token": token}
    )
    assert bad_date.status_code == 422
    done = await client.post(
        f"{path}/due-date",
        data={"new_due_date": new_day.strftime("%d/%m/%Y"), "reason": reason, "_csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    # Given a new date, the dossier counts as late on the dashboard even though the job never ran.
    marked = await Dossier.select(Dossier.overdue_at).where(Dossier.id == dossier["id"]).first()
    assert marked is not None
    assert marked["overdue_at"] is not None
    shown = await client.get(path)
    assert f'data-testid="dossier-due">{format_date(new_day)}' in shown.text
    link = re.search(r'href="(/apology/\d+/\d+)"', shown.text)
    assert link
    letter = await client.get(link.group(1))
    assert letter.status_code == 200
    assert "Phiếu xin lỗi và hẹn lại ngày trả kết quả" in letter.text
    assert f'data-testid="apology-new-date">{format_date(new_day)}' in letter.text
    assert reason in letter.text
    # The citizen can open the same letter; another office's officer cannot.
    async with AsyncTestClient(app=app) as citizen_client:
        await citizen_login(citizen_client, str(who.phone))
        assert (await citizen_client.get(link.group(1))).status_code == 200
        mine = await citizen_client.get(f"/dossiers/{dossier['id']}")
        assert re.search(f"Hẹn lại ngày trả kết quả( · [^<—]*)? — {reason}", mine.text)
        assert "Quá hạn giải quyết" not in mine.text  # the internal mark stays internal
    async with AsyncTestClient(app=app) as other_client:
        await staff_login(other_client, await officer("HN-BC-HOANKIEM"))
        assert (await other_client.get(link.group(1))).status_code == 404


async def test_the_supervisor_reads_the_overdue_alert_and_other_offices_do_not(
    app: Litestar, client: Client
) -> None:
    await catalogue()
    (late,) = await _receive(client, 1)
    await Dossier.update({Dossier.due_at: datetime.now(UTC) - timedelta(hours=1)}).where(Dossier.id == late)
    supervisor = await officer(role="supervisor")
    assert await mark_overdue() == 1
    await worker.run_once("test-worker", {"inbox": InboxChannel()})
    code = (await Dossier.select(Dossier.code).where(Dossier.id == late).first())["code"]
    await staff_login(client, supervisor)
    alerts = await client.get("/counter/alerts")
    assert alerts.text.count('data-testid="staff-alert"') == 2  # the office's and their own
    assert f"Hồ sơ {code} đã quá hạn" in alerts.text
    assert f'href="/counter/dossiers/{late}"' in alerts.text
    async with AsyncTestClient(app=app) as other_client:
        await staff_login(other_client, await officer("HN-BC-HOANKIEM"))
        assert 'data-testid="staff-alerts-empty"' in (await other_client.get("/counter/alerts")).text
