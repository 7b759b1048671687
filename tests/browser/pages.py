"""Page objects: what a person sees and does, so tests read as journeys."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import ConsoleMessage, Locator, Page


class ConsoleWatch:
    """Collects console errors and uncaught page errors while a journey runs."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)


class HomePage:
    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open(self) -> HomePage:
        self.page.goto(self.base_url + "/")
        return self

    def language(self) -> str:
        return self.page.locator("html").get_attribute("lang") or ""

    def heading(self) -> str:
        return self.page.locator("h1").first.inner_text()

    def switch_to(self, code: str) -> None:
        self.page.get_by_test_id(f"lang-{code}").click()
        self.page.wait_for_load_state()

    def wait_for_service_worker(self) -> str:
        """Waits until the service worker controls the page; returns its script URL."""
        return str(
            self.page.evaluate(
                """async () => {
                    const registration = await navigator.serviceWorker.ready;
                    if (!navigator.serviceWorker.controller) {
                        await new Promise((resolve) => navigator.serviceWorker.addEventListener(
                            "controllerchange", resolve, { once: true }));
                    }
                    return registration.active.scriptURL;
                }"""
            )
        )

    def horizontal_overflow(self) -> int:
        return int(
            self.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        )


class LoginPage:
    """The citizen's login page: national e-ID, or phone + code."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open(self) -> LoginPage:
        self.page.goto(self.base_url + "/login")
        return self

    def with_e_id(self, id_number: str) -> None:
        self.page.get_by_test_id("login-eid").click()
        self.page.get_by_test_id(f"person-{id_number}").check()
        self.page.get_by_test_id("approve").click()
        self.page.wait_for_load_state()

    def ask_code(self, phone: str) -> None:
        self.page.get_by_test_id("phone").fill(phone)
        self.page.get_by_test_id("send-code").click()
        self.page.wait_for_load_state()

    def enter_code(self, code: str) -> None:
        self.page.get_by_test_id("code").fill(code)
        self.page.get_by_test_id("verify-code").click()
        self.page.wait_for_load_state()

    def with_phone(self, phone: str) -> None:
        """Phone and code, the code read from the SMS simulator as the citizen reads their SMS."""
        self.ask_code(phone)
        messages = httpx.get(f"{self.base_url}/_sim/sms/messages", params={"to": phone}).json()
        found = re.search(r"\b(\d{6})\b", messages[0]["text"])
        assert found, "no code in the SMS"
        self.enter_code(found.group(1))

    def profile_field(self, test_id: str) -> str:
        return self.page.get_by_test_id(test_id).inner_text()


class PaymentJourney:
    """A citizen paying a fee: our fee page → the gateway (simulator) → our Return URL → receipt."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open_fee(self, reference: str) -> PaymentJourney:
        self.page.goto(f"{self.base_url}/payments/{reference}")
        return self

    def fee_state(self) -> str:
        return self.page.get_by_test_id("payment").get_attribute("data-state") or ""

    def pay_at_gateway(self, choice: str = "pay", button: str = "pay") -> str:
        """Press `button` ("pay" on the fee page, "pay-online" on a dossier page), choose at the
        gateway; returns the state our Return URL page shows."""
        self.page.get_by_test_id(button).click()
        self.page.wait_for_url("**/_sim/vnpay/paymentv2/vpcpay.html?**")
        self.page.get_by_test_id(f"sim-{choice}").click()
        self.page.wait_for_url("**/payments/vnpay/return?**")
        return self.page.get_by_test_id("payment-result").get_attribute("data-state") or ""

    def fee_on_dossier(self) -> str:
        """ "free", "unpaid" or "paid", as the dossier page's fee section says."""
        return self.page.get_by_test_id("dossier-fee").get_attribute("data-fee") or ""

    def open_receipt(self, link: str = "receipt-link") -> str:
        self.page.get_by_test_id(link).click()
        self.page.wait_for_url("**/receipt")
        return self.page.get_by_test_id("receipt").inner_text()


class ApplyJourney:
    """A citizen applying online: procedure page → form steps → review → submit → dossier page."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open_procedure(self, code: str) -> ApplyJourney:
        self.page.goto(f"{self.base_url}/procedures/{code}")
        return self

    def apply(self) -> None:
        self.page.get_by_test_id("apply-online").click()
        self.page.wait_for_url("**/steps/1")

    def field(self, name: str) -> str:
        return self.page.get_by_test_id(f"field-{name}").input_value()

    def is_read_only(self, name: str) -> bool:
        return self.page.get_by_test_id(f"field-{name}").get_attribute("readonly") is not None

    def source_of(self, name: str) -> str:
        return self.page.get_by_test_id(f"source-{name}").inner_text()

    def fill(self, name: str, value: str) -> None:
        self.page.get_by_test_id(f"field-{name}").fill(value)

    def choose(self, name: str, value: str) -> None:
        self.page.get_by_test_id(f"field-{name}").select_option(value)

    def next(self) -> None:
        self.page.get_by_test_id("next").click()
        self.page.wait_for_load_state()

    def papers_done(self) -> None:
        """From the papers step (after the form) on to the review."""
        self.page.get_by_test_id("files-done").click()
        self.page.wait_for_url("**/review")

    def submit(self, channel: str) -> None:
        if self.page.url.split("#")[0].endswith("/files"):
            self.papers_done()
        self.page.get_by_test_id("channel").select_option(channel)
        self.page.get_by_test_id("submit").click()
        self.page.wait_for_load_state()

    def status(self) -> str:
        return self.page.get_by_test_id("dossier-status").inner_text()

    def due(self) -> str:
        return self.page.get_by_test_id("dossier-due").inner_text()


class CounterDesk:
    """An officer at the counter: staff login → the office's queue → a dossier → an action."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def log_in(self, username: str, password: str) -> CounterDesk:
        self.page.goto(f"{self.base_url}/staff/login")
        self.page.get_by_test_id("username").fill(username)
        self.page.get_by_test_id("password").fill(password)
        self.page.get_by_test_id("staff-login").click()
        self.page.wait_for_url("**/counter")
        return self

    def open_dossier(self, code: str) -> None:
        self.page.get_by_test_id("counter-queue").click()
        self.page.get_by_test_id("queue-search").fill(code)
        self.page.get_by_test_id("queue-search").press("Enter")
        self.page.wait_for_load_state()
        self.page.get_by_role("link", name=code).click()
        self.page.wait_for_load_state()

    def act(self, action: str, note: str = "") -> str:
        if note:
            self.page.get_by_test_id(f"note-{action}").fill(note)
        self.page.get_by_test_id(f"action-{action}").click()
        self.page.wait_for_load_state()
        return self.page.get_by_test_id("dossier-status").inner_text()


class Dashboard:
    """A supervisor's dashboard: the figures as shown, read without reloading the page."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open(self) -> Dashboard:
        self.page.get_by_test_id("counter-dashboard").click()
        self.page.wait_for_load_state()
        return self

    def figure(self, name: str) -> str:
        return self.page.get_by_test_id(f"figure-{name}").inner_text()

    def live_status(self) -> str:
        return self.page.get_by_test_id("live-status").inner_text()


class BookingJourney:
    """A citizen booking a window for a dossier: dossier page → booking form → back with it."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open_dossier(self, dossier_id: int) -> BookingJourney:
        self.page.goto(f"{self.base_url}/dossiers/{dossier_id}")
        return self

    def start(self) -> None:
        self.page.get_by_test_id("booking-start").click()
        self.page.wait_for_url("**/booking")

    def address(self) -> str:
        return self.page.get_by_test_id("address").input_value()

    def choose_first_window(self) -> str:
        """Picks the first open window; returns its label (e.g. "08:00–10:00 · còn 4 chỗ")."""
        window = self.page.get_by_test_id("window").and_(self.page.locator(":enabled")).first
        window.check()
        return window.locator("xpath=..").inner_text().strip()

    def fill(self, address: str, ward: str, phone: str) -> None:
        self.page.get_by_test_id("address").fill(address)
        self.page.get_by_test_id("ward").select_option(ward)
        self.page.get_by_test_id("phone").fill(phone)

    def book(self) -> None:
        self.page.get_by_test_id("booking-submit").click()
        self.page.wait_for_load_state()

    def booking_text(self) -> str:
        return self.page.get_by_test_id("booking").inner_text()


class AppointmentDesk:
    """An officer's appointment desk: /counter → appointments → search → check in."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open_from_counter(self) -> AppointmentDesk:
        self.page.get_by_test_id("counter-appointments").click()
        self.page.wait_for_url("**/counter/appointments")
        return self

    def search(self, text: str) -> list[str]:
        self.page.get_by_test_id("appointments-search").fill(text)
        self.page.get_by_test_id("appointments-search").press("Enter")
        self.page.wait_for_load_state()
        return self.page.get_by_test_id("appointment-name").all_inner_texts()

    def check_in_first(self) -> str:
        self.page.get_by_test_id("check-in").first.click()
        self.page.wait_for_load_state()
        return self.page.get_by_test_id("appointment-status").first.inner_text()


class DocumentsPage:
    """A dossier's documents on the citizen's phone: photograph pages of a required document,
    send again after a network failure, reuse a paper from the wallet with one tap."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open_from_dossier(self, dossier_id: int) -> DocumentsPage:
        self.page.goto(f"{self.base_url}/dossiers/{dossier_id}")
        self.page.get_by_test_id("files-link").click()
        self.page.wait_for_url(f"**/dossiers/{dossier_id}/files")
        return self

    def pages_of(self, document: str) -> Locator:
        return self.page.get_by_test_id(f"pages-{document}").get_by_test_id("page")

    def photograph(self, document: str, name: str, jpeg: bytes) -> None:
        """Picks the photo (what the camera hands back) and presses send."""
        self.page.get_by_test_id(f"file-{document}").set_input_files(
            files=[{"name": name, "mimeType": "image/jpeg", "buffer": jpeg}]
        )
        self.page.get_by_test_id(f"send-{document}").click()

    def status_of(self, document: str) -> str:
        return self.page.get_by_test_id(f"status-{document}").inner_text()

    def send_again(self, document: str) -> None:
        self.page.get_by_test_id(f"retry-{document}").click()

    def reuse_from_wallet(self, document: str) -> None:
        self.page.get_by_test_id(f"reuse-{document}").click()
        self.page.wait_for_load_state()

    def provenance(self, document: str) -> list[str]:
        return self.pages_of(document).get_by_test_id("provenance").all_inner_texts()
