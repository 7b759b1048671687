"""The PWA shell on a small phone in real Chromium."""

from pathlib import Path

from playwright.sync_api import BrowserContext

from tests.browser.pages import ConsoleWatch, HomePage


def test_home_on_a_phone_installs_works_offline_and_switches_language(
    phone: BrowserContext, live_server: str, artifacts: Path
) -> None:
    page = phone.new_page()
    console = ConsoleWatch(page)
    home = HomePage(page, live_server).open()

    assert home.language() == "vi"
    assert home.heading() == "Làm thủ tục hành chính ngay trên điện thoại"
    assert home.horizontal_overflow() == 0, "the page must fit 360 px without sideways scrolling"
    assert home.wait_for_service_worker() == f"{live_server}/sw.js"
    page.screenshot(path=str(artifacts / "home-360.png"), full_page=True)

    phone.set_offline(True)
    page.reload()
    assert "Không có kết nối mạng" in page.locator("h1").inner_text()
    page.screenshot(path=str(artifacts / "offline-360.png"))
    phone.set_offline(False)

    home.open()
    home.switch_to("en")
    assert home.language() == "en"
    assert home.heading() == "Do your administrative procedures from your phone"
    home.open()
    assert home.language() == "en", "the choice persists across visits"

    assert console.errors == []
