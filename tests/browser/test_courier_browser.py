"""Issue 8's courier journey in real Chromium: the citizen's page shows the pickup QR the server
made; a courier logs in on the staff page, opens the scanner and reads that QR through the camera
(Chromium's fake camera plays JPEG frames of the server's PNG; Debian's Chromium has no
BarcodeDetector, so the vendored jsQR decodes), records the pickup while offline, sees it
waiting, goes back online, sees it sent, and the citizen's timeline shows the handoff."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PIL import Image
from playwright.sync_api import BrowserContext, Playwright, expect

from auth.principal import Principal
from auth.sessions import SESSION_COOKIE, open_session
from backend.courier.tables import CustodyEvent
from backend.dossiers import rules
from backend.offices.demo import load_offices
from backend.offices.tables import Office
from backend.procedures.demo import load_procedures
from tests.backend.dossiers.helpers import ANSWERS, LLTP
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.pages import ConsoleWatch
from tests.conftest import run_in_thread
from tests.factories import STAFF_PASSWORD, make_booking, make_citizen, make_staff


def _scene() -> dict[str, Any]:
    """A submitted dossier with a postal pickup today, its courier, and the citizen's session."""
    out: dict[str, Any] = {}

    async def create() -> None:
        await load_offices()
        await load_procedures()
        citizen = await make_citizen(full_name="Nguyễn Văn An")
        principal = Principal("citizen", citizen.id)
        draft = await rules.create_draft(
            principal, LLTP, ANSWERS, channel="postal_pickup", now=datetime.now(UTC)
        )
        dossier = await rules.submit(principal, draft["id"], now=datetime.now(UTC))
        unit = await Office.objects().where(Office.code == "HN-BC-HOANKIEM").first()
        booking = await make_booking(dossier["id"], unit=unit)
        courier = await make_staff(role="courier", office=unit, full_name="Trần Văn Bưu")
        out.update(
            dossier=dossier,
            booking=booking,
            courier=courier.username,
            session=await open_session(principal),
        )

    run_in_thread(create())
    return out


def _custody_events() -> int:
    out: dict[str, int] = {}

    async def count() -> None:
        out["n"] = await CustodyEvent.count()

    run_in_thread(count())
    return out["n"]


def _camera_file(png: bytes, path: Path, frames: int = 30) -> Path:
    """MJPEG for Chromium's fake camera: the QR centred on a white 640×480 frame, as JPEGs."""
    qr = Image.open(io.BytesIO(png)).convert("RGB")
    qr = qr.resize((400, 400), Image.Resampling.NEAREST)
    frame = Image.new("RGB", (640, 480), "white")
    frame.paste(qr, (120, 40))
    buffer = io.BytesIO()
    frame.save(buffer, format="JPEG", quality=90)
    path.write_bytes(buffer.getvalue() * frames)
    return path


def test_a_courier_scans_the_qr_with_the_camera_records_offline_and_it_syncs(
    playwright: Playwright, phone: BrowserContext, live_server: str, tmp_path: Path, artifacts: Path
) -> None:
    scene = _scene()
    booking_id = scene["booking"]["id"]
    phone.add_cookies([{"name": SESSION_COOKIE, "value": scene["session"], "url": live_server}])
    citizen = phone.new_page()
    citizen.goto(f"{live_server}/bookings/{booking_id}/pickup-code")
    expect(citizen.get_by_test_id("pickup-qr")).to_be_visible()
    png = citizen.request.get(f"{live_server}/bookings/{booking_id}/pickup-code.png")
    assert png.ok
    assert png.headers["content-type"] == "image/png"
    camera = _camera_file(png.body(), tmp_path / "qr.mjpeg")

    fake_camera = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={camera}",
    ]
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *fake_camera]
    )
    try:
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, locale="vi-VN"
        )
        context.grant_permissions(["camera"], origin=live_server)
        page = context.new_page()
        console = ConsoleWatch(page)
        page.goto(f"{live_server}/staff/login")
        page.get_by_test_id("username").fill(scene["courier"])
        page.get_by_test_id("password").fill(STAFF_PASSWORD)
        page.get_by_test_id("staff-login").click()
        page.wait_for_url("**/courier")
        expect(page.get_by_test_id(f"route-{booking_id}")).to_contain_text(scene["dossier"]["code"])
        assert page.evaluate("'BarcodeDetector' in window") is False  # so the jsQR path reads it

        page.get_by_test_id("open-scanner").click()
        page.wait_for_url("**/courier/scan")
        # The scanner submits the decoded token itself; the booking card is its answer.
        expect(page.get_by_test_id("booking-card")).to_be_visible(timeout=30_000)
        expect(page.get_by_test_id("booking-dossier")).to_have_text(scene["dossier"]["code"])
        expect(page.get_by_test_id("booking-who")).to_have_text("Nguyễn Văn An")
        page.screenshot(path=str(artifacts / "courier-scanned-360.png"), full_page=True)

        page.get_by_test_id("doc-id_card").check()
        page.get_by_test_id("seal-number").fill("NP-2026-0042")
        context.set_offline(True)
        page.get_by_test_id("record-handoff").click()
        status = page.get_by_test_id("queue-status")
        expect(status).to_have_attribute("data-state", "waiting")
        expect(status).to_have_attribute("data-count", "1")
        assert _custody_events() == 0
        page.screenshot(path=str(artifacts / "courier-queued-offline-360.png"), full_page=True)

        context.set_offline(False)
        expect(status).to_have_attribute("data-state", "sent", timeout=30_000)
        assert _custody_events() == 1
        assert console.errors == []

        # The installed app still opens without network: the service worker answers any
        # /courier page with the data-free shell, which lists what this phone still has to send.
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        context.set_offline(True)
        page.goto(f"{live_server}/courier")
        expect(page.get_by_test_id("courier-offline")).to_be_visible()
        expect(page.get_by_test_id("queue-status")).to_have_attribute("data-count", "0")
        context.set_offline(False)
        context.close()
    finally:
        browser.close()

    citizen.goto(f"{live_server}/dossiers/{scene['dossier']['id']}")
    expect(citizen.get_by_test_id("custody-custody_picked_up")).to_be_visible()
    citizen.goto(f"{live_server}/bookings/{booking_id}/pickup-code")
    expect(citizen.get_by_test_id("pickup-none")).to_be_visible()  # the pickup code is spent
