"""Issue 8's booking journeys in real Chromium: a citizen on a phone books a postal pickup for
a dossier and sees it on the dossier page; a counter officer finds a counter appointment by the
name typed without diacritics and checks the citizen in."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext

from backend.offices.tables import Office
from backend.scheduling.demo import load_windows
from backend.scheduling.tables import Booking
from tests.backend.dossiers.helpers import catalogue
from tests.backend.scheduling.helpers import booked_today, quick_dossier, window
from tests.browser.pages import AppointmentDesk, BookingJourney, ConsoleWatch, CounterDesk, LoginPage
from tests.conftest import run_in_thread
from tests.factories import STAFF_PASSWORD, make_citizen, make_staff

PHONE = "0912000088"


def _seed(out: dict[str, int | str]) -> None:
    async def create() -> None:
        await catalogue()
        await load_windows()
        who = await make_citizen(phone="+84912000088", full_name="Trần Thị Bích", subject=None)
        out["dossier"] = await quick_dossier(who, "postal_pickup")
        guest = await make_citizen(full_name="Phạm Thị Hương")
        early = await window("HN-STP", "counter_appointment", time(0), time(0, 30), 4)
        out["appointment"] = await booked_today(guest, early)
        office = await Office.objects().where(Office.code == "HN-STP").first()
        out["officer"] = (await make_staff(role="officer", office=office)).username

    run_in_thread(create())


def _booking_of(dossier_id: int) -> dict[str, object]:
    out: dict[str, object] = {}

    async def read() -> None:
        row = (
            await Booking.select(Booking.kind, Booking.ward, Booking.unit.code.as_alias("unit"))
            .where(Booking.dossier == dossier_id)
            .first()
        )
        out.update(row or {})

    run_in_thread(read())
    return out


def test_a_citizen_books_a_postal_pickup_and_an_officer_checks_in_an_appointment(
    browser: Browser, phone: BrowserContext, live_server: str, artifacts: Path
) -> None:
    seeded: dict[str, int | str] = {}
    _seed(seeded)
    page = phone.new_page()
    console = ConsoleWatch(page)
    login = LoginPage(page, live_server).open()
    login.with_phone(PHONE)

    journey = BookingJourney(page, live_server).open_dossier(int(seeded["dossier"]))
    journey.start()
    assert journey.address() == "Số 1 Phố Thử, Phường Hoàn Kiếm, Hà Nội"  # prefilled, editable
    label = journey.choose_first_window()
    journey.fill("Số 7 Phố Hàng Bạc", "Phường Hoàn Kiếm", "0912 000 088")
    page.screenshot(path=str(artifacts / "booking-form-360.png"), full_page=True)
    journey.book()
    assert page.url.endswith(f"/dossiers/{seeded['dossier']}")
    shown = journey.booking_text()
    assert label.split(" ")[0] in shown  # the window's hours
    assert "Số 7 Phố Hàng Bạc, Phường Hoàn Kiếm" in shown
    assert page.get_by_test_id("booking-ics").is_visible()
    assert page.get_by_test_id("booking-pickup-code").is_visible()
    page.screenshot(path=str(artifacts / "booking-dossier-360.png"), full_page=True)
    assert _booking_of(int(seeded["dossier"])) == {
        "kind": "postal_pickup",
        "ward": "Phường Hoàn Kiếm",
        "unit": "HN-BC-HOANKIEM",
    }
    assert console.errors == []

    officer_context = browser.new_context(locale="vi-VN")
    try:
        officer_page = officer_context.new_page()
        CounterDesk(officer_page, live_server).log_in(str(seeded["officer"]), STAFF_PASSWORD)
        desk = AppointmentDesk(officer_page, live_server).open_from_counter()
        assert desk.search("pham thi huong") == ["Phạm Thị Hương"]
        assert desk.check_in_first() == "Đã đến quầy"
        officer_page.screenshot(path=str(artifacts / "appointments-checked-in.png"), full_page=True)
    finally:
        officer_context.close()
