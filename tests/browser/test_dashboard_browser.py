"""Issue 10's "done when": a supervisor has the dashboard open on a tablet; an officer approves a
dossier in another browser; the supervisor's figures change on the open page, without a reload."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Browser, expect

from backend.dossiers.tables import Dossier
from backend.offices.demo import load_offices
from backend.offices.tables import Office
from backend.procedures.demo import load_procedures
from backend.procedures.tables import Procedure
from tests.backend.dossiers.helpers import ANSWERS, LLTP
from tests.browser.pages import ConsoleWatch, CounterDesk, Dashboard
from tests.conftest import run_in_thread
from tests.factories import STAFF_PASSWORD, make_citizen, make_staff


def _office_with_a_dossier_in_process() -> dict[str, str]:
    out: dict[str, str] = {}

    async def create() -> None:
        await load_offices()
        await load_procedures()
        office = await Office.objects().where(Office.code == "HN-STP").first()
        procedure = await Procedure.objects().where(Procedure.code == LLTP).first()
        assert office
        assert procedure
        officer = await make_staff(role="officer", office=office, full_name="Lê Thị Hằng")
        supervisor = await make_staff(role="supervisor", office=office, full_name="Phạm Minh Giám")
        who = await make_citizen()
        now = datetime.now(UTC)
        dossier = Dossier(
            code="STP-LIVE-0001",
            citizen=who.id,
            procedure=procedure.id,
            office=office.id,
            channel="online",
            status="processing",
            answers=ANSWERS,
            received_at=now - timedelta(minutes=5),
            clock_from=now - timedelta(minutes=5),
            due_at=now + timedelta(days=10),
        )
        await dossier.save()
        out.update(officer=officer.username, supervisor=supervisor.username, code=str(dossier.code))

    run_in_thread(create())
    return out


def test_the_open_dashboard_changes_when_an_officer_approves(
    browser: Browser, live_server: str, artifacts: Path
) -> None:
    people = _office_with_a_dossier_in_process()
    tablet = browser.new_context(
        viewport={"width": 1024, "height": 768}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    officer_context = browser.new_context(locale="vi-VN")
    try:
        page = tablet.new_page()
        console = ConsoleWatch(page)
        CounterDesk(page, live_server).log_in(people["supervisor"], STAFF_PASSWORD)
        dashboard = Dashboard(page, live_server).open()
        assert dashboard.figure("progress.resolved") == "0"
        expect(page.get_by_test_id("officer-row")).to_have_count(0)
        assert dashboard.figure("progress.in_process") == "1"
        # The stream is open: its first message (the figures as they are) marks the page live.
        expect(page.get_by_test_id("live-status")).to_have_text(re.compile("cập nhật"))
        page.evaluate("window.stillTheSamePage = true")

        desk = CounterDesk(officer_context.new_page(), live_server).log_in(people["officer"], STAFF_PASSWORD)
        desk.open_dossier(people["code"])
        assert desk.act("approve") == "Đã phê duyệt"

        expect(page.get_by_test_id("figure-progress.resolved")).to_have_text("1", timeout=20_000)
        assert dashboard.figure("progress.in_process") == "0"
        assert dashboard.figure("progress.on_time_rate") == "100,0 %"
        # The tables came along too: the officer who decided now has a row.
        expect(page.get_by_test_id("officer-row")).to_contain_text("Lê Thị Hằng")
        assert page.evaluate("window.stillTheSamePage") is True  # updated in place, not reloaded
        assert dashboard.live_status().startswith("Đã cập nhật lúc")
        page.screenshot(path=str(artifacts / "dashboard-tablet.png"), full_page=True)
        assert console.errors == []
    finally:
        officer_context.close()
        tablet.close()
