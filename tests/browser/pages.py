"""Page objects: what a person sees and does, so tests read as journeys."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from playwright.sync_api import ConsoleMessage, Locator, Page, expect


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
        self.page.get_by_test_id(f"channel-{channel}").check()
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


# Fields that hold the citizen's own data: typing into any of them is "asking twice".
PERSONAL_FIELDS = frozenset(
    {
        "field-full_name",
        "field-date_of_birth",
        "field-sex",
        "field-id_number",
        "field-permanent_address",
        "field-phone",
        "address",
        "ward",
        "phone",
    }
)


@dataclass
class Effort:
    """What the journey asked of the person: taps, keys, personal fields typed, and the wall time
    of each step as the browser lived it."""

    taps: int = 0
    keys: int = 0
    personal_typed: list[str] = field(default_factory=list)
    steps: list[tuple[str, float]] = field(default_factory=list)
    # axe-core's serious and critical violations per step of ours: "step: rule-id (n nodes)".
    accessibility: list[str] = field(default_factory=list)

    def person_seconds(self, per_tap: float = 2.0, per_key: float = 0.3) -> float:
        return self.taps * per_tap + self.keys * per_key


class CitizenJourney:
    """The whole journey of issue 16 by tapping only (the one `goto` opens the app): home →
    "Đăng nhập bằng VNeID" → the catalogue → apply → the form (prefilled) → the papers
    (photographed) → review → submit → pay at the gateway → book the postal pickup. Every tap
    and key is counted in `effort`; `shots` (a folder) gets a 360 px screenshot of each step."""

    # Steps on other systems' pages (the e-ID provider, the payment gateway): not ours to audit.
    NOT_OURS = frozenset({"vneid", "gateway"})

    def __init__(self, page: Page, base_url: str, shots: Path | None = None, audit: bool = False) -> None:
        self.page = page
        self.base_url = base_url
        self.shots = shots
        self.audit = audit
        self.effort = Effort()
        self._started = time.monotonic()

    # What a person does.
    def tap(self, test_id: str, within: Locator | None = None) -> None:
        (within or self.page).get_by_test_id(test_id).first.click()
        self.effort.taps += 1

    def tap_link(self, name: str) -> None:
        self.page.get_by_role("link", name=name).first.click()
        self.effort.taps += 1

    def type(self, test_id: str, text: str) -> None:
        self.page.get_by_test_id(test_id).fill(text)
        self.effort.taps += 1  # into the field
        self.effort.keys += len(text)
        if test_id in PERSONAL_FIELDS:
            self.effort.personal_typed.append(test_id)

    def pick(self, test_id: str, value: str) -> None:
        self.page.get_by_test_id(test_id).select_option(value)
        self.effort.taps += 2  # open the list, choose
        if test_id in PERSONAL_FIELDS:
            self.effort.personal_typed.append(test_id)

    def step(self, name: str) -> None:
        """Marks the end of a step: its wall time, and a screenshot of where the person is now."""
        self.page.wait_for_load_state()
        now = time.monotonic()
        self.effort.steps.append((name, now - self._started))
        self._started = now
        if self.audit and name not in self.NOT_OURS:
            from axe_playwright_python.sync_playwright import Axe

            found = Axe().run(self.page).response["violations"]
            self.effort.accessibility += [
                f"{name}: {v['id']} ({len(v['nodes'])} nodes)"
                for v in found
                if v.get("impact") in ("serious", "critical")
            ]
        if self.shots is not None:
            number = len(self.effort.steps)
            self.page.screenshot(
                path=str(self.shots / f"journey-{number:02d}-{name}-360.png"), full_page=True
            )

    def read_only(self, test_id: str) -> bool:
        return self.page.get_by_test_id(test_id).get_attribute("readonly") is not None

    # The journey.
    def run(
        self, id_number: str, own_data: dict[str, str], procedure_name: str, photo: tuple[str, str, bytes]
    ) -> str:
        """Returns the dossier page's URL at the end. `own_data`: what the person would type into
        a personal field left empty (each such field is counted in `effort.personal_typed`)."""
        page = self.page
        page.goto(self.base_url + "/")
        self.step("home")
        self.tap("home-login")
        page.wait_for_url("**/login**")
        self.step("login")
        self.tap("login-eid")
        page.wait_for_url("**/_sim/oidc/**")
        self.step("vneid")
        self.tap(f"person-{id_number}")
        self.tap("approve")
        page.wait_for_url("**/dossiers")
        self.step("my-dossiers")
        self.tap("list-procedures")
        page.wait_for_url("**/procedures")
        self.tap_link(procedure_name)
        page.wait_for_url("**/procedures/*")
        self.step("procedure")
        self.tap("apply-online")
        page.wait_for_url("**/steps/1")
        self.step("form-applicant")
        for name in ("full_name", "date_of_birth", "id_number", "permanent_address", "phone"):
            # Typed only where the e-ID left a personal field empty.
            box = page.get_by_test_id(f"field-{name}")
            if not self.read_only(f"field-{name}") and not box.input_value():
                self.type(f"field-{name}", own_data[name])
        self.tap("next")
        page.wait_for_url("**/steps/2")
        self.pick("field-certificate_type", "1")
        self.type("field-copies", "1")
        self.type("field-purpose", "Xin việc")
        self.step("form-request")
        self.tap("next")
        page.wait_for_url("**/files")
        self.step("papers")
        name, mime, data = photo
        self.tap("file-id_card")  # the camera opens
        page.get_by_test_id("file-id_card").set_input_files(
            files=[{"name": name, "mimeType": mime, "buffer": data}]
        )
        self.effort.taps += 1  # the shutter
        self.tap("send-id_card")
        expect(page.get_by_test_id("pages-id_card").get_by_test_id("page")).to_have_count(1, timeout=60_000)
        self.step("papers-photographed")
        self.tap("files-done")
        page.wait_for_url("**/review")
        self.tap("channel-postal_pickup")
        self.step("review")
        self.tap("submit")
        page.wait_for_url("**/dossiers/*")
        self.step("submitted")
        self.tap("pay-online")
        page.wait_for_url("**/_sim/vnpay/**")
        self.step("gateway")
        self.tap("sim-pay")
        page.wait_for_url("**/payments/vnpay/return?**")
        self.step("paid")
        self.tap("back-to-dossier")
        page.wait_for_url("**/dossiers/*")
        self.tap("booking-start")
        page.wait_for_url("**/booking")
        if not page.get_by_test_id("ward").input_value():
            self.pick("ward", own_data["ward"])
        if not page.get_by_test_id("phone").input_value():
            self.type("phone", own_data["phone"])
        self.step("booking")
        window = page.get_by_test_id("window").and_(page.locator(":enabled")).first
        window.check()
        self.effort.taps += 1
        self.tap("booking-submit")
        page.wait_for_url("**/dossiers/*")
        self.step("booked")
        return page.url
