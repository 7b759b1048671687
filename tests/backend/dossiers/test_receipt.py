"""The receipt page and PDF: the owner and the office's staff see it once the dossier is
received; its QR opens the public lookup; anyone else gets 404."""

from __future__ import annotations

import io
import re
from datetime import datetime

import zxingcpp
from litestar import Litestar
from litestar.testing import AsyncTestClient
from PIL import Image, ImageDraw

from backend.dossiers.receipt import qr_png
from backend.offices.tables import Office
from backend.settings import get_settings
from i18n import format_date
from tests.backend.dossiers.helpers import catalogue, citizen, officer, submitted_dossier
from tests.factories import auth_headers, make_citizen, make_staff
from tests.logins import citizen_login, staff_login

Client = AsyncTestClient[Litestar]


async def test_owner_and_office_see_the_receipt_with_due_date_fee_and_qr(
    app: Litestar, client: Client
) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)
    staff = await officer()
    await staff_login(client, staff.username)
    assert (await client.get(f"/receipts/{dossier['id']}")).status_code == 404  # not received yet
    received = await client.post(
        f"/api/v1/counter/dossiers/{dossier['id']}/receive",
        json={"documents": [{"key": "id_card", "pages": 2}]},
        headers=await auth_headers(staff),
    )
    due = format_date(datetime.fromisoformat(received.json()["due_at"]))
    page = await client.get(f"/receipts/{dossier['id']}")
    assert page.status_code == 200
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in page.text
    assert dossier["code"] in page.text
    assert due in page.text
    assert "205.000 ₫" in page.text
    assert "Thẻ Căn cước / Căn cước công dân (bản chụp hai mặt): 2 trang" in page.text
    assert "<dd>Tại Bộ phận Một cửa</dd>" in page.text
    assert "<svg" in page.text
    assert f"{get_settings().base_url}/lookup/{dossier['code']}" in page.text
    pdf = await client.get(f"/receipts/{dossier['id']}/pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert b"/Subtype /Image" in pdf.content
    async with AsyncTestClient(app=app) as owner:
        await citizen_login(owner, str(who.phone))
        assert (await owner.get(f"/receipts/{dossier['id']}")).status_code == 200
        # The QR opens the public lookup, which shows the status and the same due date.
        lookup = await owner.get(f"/lookup/{dossier['code']}")
        assert due in lookup.text


async def test_strangers_get_404(app: Litestar, client: Client) -> None:
    await catalogue()
    dossier = await submitted_dossier(client, await citizen())
    staff = await officer()
    await client.post(f"/api/v1/counter/dossiers/{dossier['id']}/receive", headers=await auth_headers(staff))
    stranger = await make_citizen()
    await citizen_login(client, str(stranger.phone))
    assert (await client.get(f"/receipts/{dossier['id']}")).status_code == 404
    assert (await client.get(f"/receipts/{dossier['id']}/pdf")).status_code == 404
    other = await Office.objects().where(Office.code != "HN-STP").first()
    assert other is not None
    async with AsyncTestClient(app=app) as other_staff:
        await staff_login(other_staff, (await make_staff(office=other)).username)
        assert (await other_staff.get(f"/receipts/{dossier['id']}")).status_code == 404
    async with AsyncTestClient(app=app) as nobody:
        assert (await nobody.get(f"/receipts/{dossier['id']}", follow_redirects=False)).status_code == 303


def _raster(svg: str, scale: int = 10) -> Image.Image:
    """The receipt's SVG QR drawn as pixels: its path is one `M x,y H x2 V y2 H x z` per module."""
    size = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))  # type: ignore[union-attr]
    image = Image.new("L", (round(size * scale), round(size * scale)), 255)
    draw = ImageDraw.Draw(image)
    squares = re.findall(r"M([\d.]+),([\d.]+)H([\d.]+)V([\d.]+)H[\d.]+z", svg)
    assert squares
    for x1, y1, x2, y2 in squares:
        box = [round(float(v) * scale) for v in (x1, y1, x2, y2)]
        draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=0)
    return image


async def test_the_receipt_qr_decodes_to_the_public_lookup_of_its_dossier(client: Client) -> None:
    await catalogue()
    dossier = await submitted_dossier(client, await citizen())
    staff = await officer()
    await client.post(f"/api/v1/counter/dossiers/{dossier['id']}/receive", headers=await auth_headers(staff))
    await staff_login(client, staff.username)
    page = await client.get(f"/receipts/{dossier['id']}")
    svg = re.search(r'<figure class="qr"[^>]*>(<svg.*?</svg>)', page.text, re.S)
    assert svg
    found = zxingcpp.read_barcodes(_raster(svg.group(1)))
    assert [(code.format, code.text) for code in found] == [
        (zxingcpp.BarcodeFormat.QRCode, f"{get_settings().base_url}/lookup/{dossier['code']}")
    ]
    # The PDF carries the same code as a PNG.
    assert [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(found[0].text))))] == [
        found[0].text
    ]
    lookup = await client.get(found[0].text.removeprefix(get_settings().base_url))
    assert lookup.status_code == 200
    assert dossier["code"] in lookup.text
