"""Issue 5's journey in real Chromium: a citizen applies for a criminal record certificate
from a prefilled form on a phone; an officer receives it at the counter; the citizen then sees
it received with the due date the working-day rules give."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext

from backend.calendar.rules import due_at
from backend.calendar.store import load_calendar
from backend.dossiers.tables import Dossier
from i18n import format_date
from tests.browser.pages import ApplyJourney, ConsoleWatch, CounterDesk, HomePage, LoginPage
from tests.browser.seed import catalogue_citizen_and_officer
from tests.conftest import run_in_thread
from tests.factories import STAFF_PASSWORD

LLTP = "2.001417"
PHONE = "0912000077"


def _received(code: str) -> tuple[datetime, datetime]:
    """(received_at, expected due) for the dossier, computed with the reception's own function."""
    out: dict[str, datetime] = {}

    async def read() -> None:
        row = await Dossier.select(Dossier.received_at, Dossier.due_at).where(Dossier.code == code).first()
        assert row is not None
        out["received"] = row["received_at"]
        out["due"] = due_at(row["received_at"], 10, await load_calendar())
        out["stored_due"] = row["due_at"]

    run_in_thread(read())
    assert out["stored_due"] == out["due"]
    return out["received"], out["due"]


def test_a_citizen_applies_online_and_sees_it_received_with_the_right_due_date(
    browser: Browser, phone: BrowserContext, live_server: str, artifacts: Path
) -> None:
    username = catalogue_citizen_and_officer("+84912000077")
    page = phone.new_page()
    console = ConsoleWatch(page)
    journey = ApplyJourney(page, live_server).open_procedure(LLTP)
    page.get_by_test_id("apply-online").click()  # not logged in: to the login page and back
    login = LoginPage(page, live_server)
    login.with_phone(PHONE)
    assert page.url == f"{live_server}/procedures/{LLTP}"

    journey.apply()
    assert journey.field("full_name") == "Nguyễn Văn An"
    assert journey.field("date_of_birth") == "12/05/1990"
    assert journey.is_read_only("full_name")
    assert journey.is_read_only("id_number")
    assert "Cơ sở dữ liệu quốc gia về dân cư" in journey.source_of("full_name")
    page.screenshot(path=str(artifacts / "dossier-prefilled-360.png"), full_page=True)
    journey.fill("phone", "0912 000 077")
    journey.next()
    journey.choose("certificate_type", "1")
    journey.fill("copies", "3")
    journey.fill("purpose", "Bổ sung hồ sơ xin việc")
    journey.next()
    assert page.url.endswith("/files"), "the papers step follows the form"
    journey.papers_done()
    assert "205.000 ₫" in page.get_by_test_id("review-fee").inner_text()
    journey.submit("postal_pickup")
    assert journey.status() == "Đã nộp, chờ tiếp nhận"
    dossier_code = page.locator("h1").inner_text()
    dossier_url = page.url

    officer_context = browser.new_context(locale="vi-VN")
    try:
        desk = CounterDesk(officer_context.new_page(), live_server).log_in(username, STAFF_PASSWORD)
        desk.open_dossier(dossier_code)
        assert desk.act("receive") == "Đã tiếp nhận"
    finally:
        officer_context.close()

    _, expected_due = _received(dossier_code)
    page.goto(dossier_url)
    assert journey.status() == "Đã tiếp nhận"
    assert journey.due() == format_date(expected_due)
    page.screenshot(path=str(artifacts / "dossier-received-360.png"), full_page=True)
    page.get_by_test_id("receipt-link").click()
    page.wait_for_load_state()
    receipt = page.get_by_test_id("receipt").inner_text()
    assert format_date(expected_due) in receipt
    # The officer's check-list (ticked by default) is what the receipt lists as received.
    assert "Thẻ Căn cước / Căn cước công dân (bản chụp hai mặt): 2 trang" in receipt
    # The receipt fits a 360 px phone: nothing wider than the screen (the lookup URL wraps).
    assert HomePage(page, live_server).horizontal_overflow() == 0
    page.screenshot(path=str(artifacts / "receipt-360.png"), full_page=True)
    assert console.errors == []
