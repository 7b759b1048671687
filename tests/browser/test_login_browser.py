"""A citizen logs in on a phone in real Chromium: through the simulated e-ID, and by SMS code."""

from pathlib import Path

from playwright.sync_api import BrowserContext

from tests.browser.pages import LoginPage


def test_a_citizen_logs_in_with_the_simulated_e_id_and_sees_verified_details(
    phone: BrowserContext, live_server: str, artifacts: Path
) -> None:
    page = phone.new_page()
    login = LoginPage(page, live_server).open()
    login.with_e_id("001185067890")
    assert page.url == f"{live_server}/dossiers"  # where a citizen lands when not on their way
    page.get_by_test_id("who").click()  # the header names them and leads to their profile
    page.wait_for_url("**/profile")
    assert login.profile_field("full-name") == "Trần Thị Bình"
    assert login.profile_field("date-of-birth") == "03/11/1985"
    assert login.profile_field("verified")
    page.screenshot(path=str(artifacts / "profile-360.png"), full_page=True)
    page.get_by_test_id("logout").click()  # the profile's own button
    page.wait_for_load_state()
    page.goto(f"{live_server}/profile")
    assert page.url.startswith(f"{live_server}/login?next=")


def test_a_citizen_logs_in_with_phone_and_code(phone: BrowserContext, live_server: str) -> None:
    page = phone.new_page()
    login = LoginPage(page, live_server).open()
    login.with_phone("0901234567")
    assert page.url == f"{live_server}/dossiers"
    page.get_by_test_id("who").click()
    page.wait_for_url("**/profile")
    assert login.profile_field("phone") == "+84901234567"
