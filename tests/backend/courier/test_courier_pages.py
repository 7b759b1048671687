"""Pages: the citizen's pickup-code page (owner only), and a courier without JavaScript who types
the short code, sees the booking and records the pickup through plain forms."""

from __future__ import annotations

import io
import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.principal import Principal
from auth.sessions import SESSION_COOKIE, open_session
from backend.courier.tables import CustodyEvent
from backend.settings import get_settings
from backend.uploads.storage import storage_for
from tests.backend.courier.helpers import new_id, pickup_code, scene
from tests.factories import make_citizen
from tests.logins import staff_login

Client = AsyncTestClient[Litestar]


async def _as_citizen(client: Client, citizen_id: int) -> None:
    client.cookies.set(SESSION_COOKIE, await open_session(Principal("citizen", citizen_id)))


async def test_the_citizen_sees_the_qr_and_short_code_others_get_404(client: Client) -> None:
    s = await scene(client)
    code = await pickup_code(client, s)
    await _as_citizen(client, s.citizen.id)
    page = await client.get(f"/bookings/{s.booking['id']}/pickup-code")
    assert page.status_code == 200
    assert code["short_code"] in page.text
    assert "<svg" in page.text
    assert code["token"] not in page.text  # only inside the QR image
    png = await client.get(f"/bookings/{s.booking['id']}/pickup-code.png")
    assert png.status_code == 200
    assert png.content.startswith(b"\x89PNG")
    other = await make_citizen()
    await _as_citizen(client, other.id)
    assert (await client.get(f"/bookings/{s.booking['id']}/pickup-code")).status_code == 404
    assert (await client.get(f"/bookings/{s.booking['id']}/pickup-code.png")).status_code == 404


async def test_a_courier_without_javascript_types_the_code_and_records_the_pickup(client: Client) -> None:
    s = await scene(client)
    code = await pickup_code(client, s)
    csrf = await staff_login(client, s.courier)
    home = await client.get("/courier")
    assert home.status_code == 200
    assert s.dossier["code"] in home.text
    wrong = await client.post("/courier/scan", data={"short_code": "2222-2222", "_csrf_token": csrf})
    assert wrong.status_code == 404
    assert 'data-code="pickup_code_not_found"' in wrong.text
    shown = await client.post("/courier/scan", data={"short_code": code["short_code"], "_csrf_token": csrf})
    assert shown.status_code == 200
    assert s.citizen.full_name in shown.text
    assert 'data-testid="seal-number"' in shown.text
    event_id = re.search(r'name="client_event_id" value="([^"]+)"', shown.text)
    assert event_id
    form = {
        "_csrf_token": csrf,
        "kind": "picked_up",
        "booking_id": str(s.booking["id"]),
        "client_event_id": event_id.group(1),
        "owner_id": str(s.courier.id),
        "short_code": code["short_code"],
        "seal_number": "NP-42",
        "documents_checked": s.documents,
    }
    done = await client.post("/courier/handoffs", data=form)
    assert done.status_code == 201
    assert 'data-kind="picked_up"' in done.text
    again = await client.post("/courier/handoffs", data=form, headers={"Accept": "application/json"})
    assert again.status_code == 200
    assert again.json()["client_event_id"] == event_id.group(1)
    assert await CustodyEvent.count() == 1


async def test_the_offline_shell_is_public_and_holds_no_data(client: Client) -> None:
    page = await client.get("/courier/offline")
    assert page.status_code == 200
    assert 'data-module="offline-queue"' in page.text
    assert (await client.get("/courier", follow_redirects=False)).status_code in (302, 303, 401)


async def test_the_couriers_service_worker_keeps_the_courier_shell_and_the_manifest_has_a_shortcut(
    client: Client,
) -> None:
    worker = (await client.get("/sw.js", params={"for": "courier"})).text  # couriers only
    for path in (
        "/courier/offline",
        "/static/js/offline-queue.mjs",
        "/static/js/qr-scan.mjs",
        "/static/vendor/jsqr-1.4.0/jsQR.js",
    ):
        assert f'"{path}"' in worker
        if path.startswith("/static/"):
            assert (await client.get(path)).status_code == 200
    manifest = (await client.get("/manifest.webmanifest")).json()
    assert manifest["shortcuts"][0]["url"].startswith("/courier")


def _jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 180, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


async def test_the_pickup_form_keeps_a_photo_of_the_sealed_package(client: Client) -> None:
    s = await scene(client)
    code = await pickup_code(client, s)
    csrf = await staff_login(client, s.courier)
    form = {
        "kind": "picked_up",
        "booking_id": str(s.booking["id"]),
        "owner_id": str(s.courier.id),
        "token": code["token"],
        "seal_number": "NP-7",
        "documents_checked": s.documents,
    }
    headers = {"Accept": "application/json", "X-CSRFToken": csrf}
    pdf = await client.post(
        "/courier/handoffs",
        data={**form, "client_event_id": new_id()},
        files={"seal_photo": ("seal.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
        headers=headers,
    )
    assert pdf.status_code == 415
    assert await CustodyEvent.count() == 0
    done = await client.post(
        "/courier/handoffs",
        data={**form, "client_event_id": new_id()},
        files={"seal_photo": ("seal.jpg", _jpeg(), "image/jpeg")},
        headers=headers,
    )
    assert done.status_code == 201, done.text
    assert done.json()["has_seal_photo"] is True
    row = await CustodyEvent.select(CustodyEvent.seal_photo_key).first()
    assert row is not None
    stored = await storage_for(get_settings()).get(row["seal_photo_key"])
    assert stored.startswith(b"\xff\xd8")
