"""A citizen logs in with their phone, submits a dossier that has a fee, pays it on the phone
through the VNPay simulator and gets a receipt; the officer then sees it paid and may start."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, BrowserContext

from tests.browser.pages import ApplyJourney, ConsoleWatch, CounterDesk, LoginPage, PaymentJourney
from tests.browser.seed import catalogue_citizen_and_officer
from tests.factories import STAFF_PASSWORD

LLTP = "2.001417"
PHONE = "0912000088"


def test_a_citizen_pays_a_dossier_fee_and_gets_a_receipt(
    browser: Browser, phone: BrowserContext, live_server: str, artifacts: Path
) -> None:
    username = catalogue_citizen_and_officer("+84912000088")
    page = phone.new_page()
    console = ConsoleWatch(page)
    login = LoginPage(page, live_server).open()
    login.with_phone(PHONE)

    journey = ApplyJourney(page, live_server).open_procedure(LLTP)
    journey.apply()
    journey.fill("phone", PHONE)
    journey.next()
    journey.choose("certificate_type", "1")
    journey.fill("copies", "3")
    journey.fill("purpose", "Bổ sung hồ sơ xin việc")
    journey.next()
    journey.submit("postal_pickup")
    dossier_url = page.url
    dossier_code = page.locator("h1").inner_text()

    fee = PaymentJourney(page, live_server)
    assert fee.fee_on_dossier() == "unpaid"
    assert "205.000 ₫" in page.get_by_test_id("fee-amount").inner_text()
    page.screenshot(path=str(artifacts / "dossier-fee-unpaid-360.png"), full_page=True)

    assert fee.pay_at_gateway("pay", button="pay-online") == "paid"
    page.screenshot(path=str(artifacts / "payment-return-360.png"), full_page=True)

    page.goto(dossier_url)
    assert fee.fee_on_dossier() == "paid"
    assert page.get_by_test_id("fee-paid-event").count() == 1
    receipt = fee.open_receipt("fee-receipt")
    assert "Nguyễn Văn An" in receipt
    assert "205.000" in receipt
    page.screenshot(path=str(artifacts / "payment-receipt-360.png"), full_page=True)
    pdf = page.request.get(page.url + ".pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    assert console.errors == []

    officer_context = browser.new_context(locale="vi-VN")
    try:
        desk = CounterDesk(officer_context.new_page(), live_server).log_in(username, STAFF_PASSWORD)
        desk.open_dossier(dossier_code)
        assert desk.page.get_by_test_id("dossier-fee").get_attribute("data-fee") == "paid"
        assert desk.act("receive") == "Đã tiếp nhận"
        assert desk.act("start") == "Đang giải quyết"
    finally:
        officer_context.close()
