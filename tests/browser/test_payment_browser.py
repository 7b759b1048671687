"""A citizen pays a fee on a phone through the VNPay simulator and gets a receipt."""

from pathlib import Path

from playwright.sync_api import BrowserContext

from auth.principal import Principal
from auth.sessions import SESSION_COOKIE, open_session
from tests.browser.pages import ConsoleWatch, PaymentJourney
from tests.conftest import run_in_thread
from tests.factories import make_citizen, make_payment


def _citizen_with_a_fee() -> tuple[str, str]:
    """(session token, payment reference), created in the live server's database."""
    out: dict[str, str] = {}

    async def create() -> None:
        citizen = await make_citizen(full_name="Phạm Văn Đức")
        payment = await make_payment(citizen, amount_vnd=200_000)
        out["token"] = await open_session(Principal("citizen", citizen.id))
        out["reference"] = payment["reference"]

    run_in_thread(create())
    return out["token"], out["reference"]


def test_a_citizen_pays_a_fee_and_gets_a_receipt(
    phone: BrowserContext, live_server: str, artifacts: Path
) -> None:
    token, reference = _citizen_with_a_fee()
    phone.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": live_server}])
    page = phone.new_page()
    console = ConsoleWatch(page)
    journey = PaymentJourney(page, live_server).open_fee(reference)
    assert journey.fee_state() == "pending"
    assert "200.000 ₫" in page.get_by_test_id("payment-amount").inner_text()

    assert journey.pay_at_gateway("pay") == "paid"
    page.screenshot(path=str(artifacts / "payment-return-360.png"), full_page=True)

    journey.open_fee(reference)
    assert journey.fee_state() == "paid"
    receipt = journey.open_receipt()
    assert "Phạm Văn Đức" in receipt
    assert reference in receipt
    page.screenshot(path=str(artifacts / "payment-receipt-360.png"), full_page=True)
    pdf = page.request.get(f"{live_server}/payments/{reference}/receipt.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    assert console.errors == []
