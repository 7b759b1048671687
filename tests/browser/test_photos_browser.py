"""Issue 6's journey in real Chromium on a phone viewport: a citizen photographs the two sides
of their ID card for one dossier (downscaled in the browser, the first send lost to the network
and sent again without re-taking it), sees both pages, then in a second dossier reuses the card
from their wallet with one tap."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import BrowserContext, Route, expect

from backend.offices.demo import load_offices
from backend.procedures.demo import load_procedures
from backend.uploads.tables import StoredFile
from tests.backend.uploads import images
from tests.browser.pages import ApplyJourney, ConsoleWatch, DocumentsPage, LoginPage
from tests.conftest import run_in_thread
from tests.factories import make_citizen

LLTP = "2.001417"
PHONE = "0912000088"


def _catalogue_and_citizen() -> None:
    async def create() -> None:
        await load_offices()
        await load_procedures()
        await make_citizen(
            phone="+84912000088", id_number="001090012346", full_name="Trần Thị Bình", subject=None
        )

    run_in_thread(create())


def _stored(dossier_id: int) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []

    async def read() -> None:
        out.extend(
            await StoredFile.select(StoredFile.source, StoredFile.width, StoredFile.height)
            .where(StoredFile.dossier_id == dossier_id)
            .order_by(StoredFile.id)
        )

    run_in_thread(read())
    return out


def _photo(seed: int) -> bytes:
    """A 12-megapixel phone photo of a paper (4000 × 3000), made here."""
    return images.encode(images.page_photo((4000, 3000), colour=f"#f{seed}f{seed}f0"), "JPEG", quality=92)


def _new_draft(journey: ApplyJourney) -> int:
    journey.open_procedure(LLTP).apply()
    found = re.search(r"/dossiers/(\d+)/steps/1", journey.page.url)
    assert found
    return int(found.group(1))


def test_a_citizen_photographs_two_pages_and_reuses_them_from_the_wallet(
    phone: BrowserContext, live_server: str, artifacts: Path
) -> None:
    _catalogue_and_citizen()
    page = phone.new_page()
    console = ConsoleWatch(page)
    login = LoginPage(page, live_server).open()
    login.with_phone(PHONE)
    journey = ApplyJourney(page, live_server)
    first = _new_draft(journey)
    documents = DocumentsPage(page, live_server).open_from_dossier(first)
    first_code = page.get_by_role("link", name=re.compile(r"^STP-")).inner_text()

    # The first send is lost on a bad network; "send again" re-sends the prepared photo.
    lost: list[str] = []

    def drop_first_upload(route: Route) -> None:
        if route.request.method == "POST" and not lost:
            lost.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(f"**/dossiers/{first}/files", drop_first_upload)
    documents.photograph("id_card", "IMG_0001.jpg", _photo(1))
    expect(page.get_by_test_id("retry-id_card")).to_be_visible()
    assert "Chưa gửi được ảnh" in documents.status_of("id_card")
    page.screenshot(path=str(artifacts / "photos-retry-360.png"), full_page=True)
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/files")) as sent:
        documents.send_again("id_card")
    assert sent.value.headers.get("accept") == "application/json"  # the module, not the plain form
    assert 'filename="photo.jpg"' in (sent.value.post_data_buffer or b"").decode("latin-1")
    expect(documents.pages_of("id_card")).to_have_count(1)
    page.unroute(f"**/dossiers/{first}/files")
    documents.photograph("id_card", "IMG_0002.jpg", _photo(2))
    expect(documents.pages_of("id_card")).to_have_count(2)
    for thumbnail in documents.pages_of("id_card").locator("img").all():
        expect(thumbnail).to_have_js_property("complete", True)
        assert thumbnail.evaluate("img => img.naturalWidth") > 0
    page.screenshot(path=str(artifacts / "photos-two-pages-360.png"), full_page=True)
    stored = _stored(first)
    assert [row["source"] for row in stored] == ["uploaded", "uploaded"]
    assert all(max(int(row["width"]), int(row["height"])) <= 2000 for row in stored)  # type: ignore[call-overload]

    second = _new_draft(journey)
    documents.open_from_dossier(second)
    assert documents.pages_of("id_card").count() == 0
    documents.reuse_from_wallet("id_card")
    expect(documents.pages_of("id_card")).to_have_count(2)
    assert documents.provenance("id_card") == [f"Dùng lại từ hồ sơ {first_code}"] * 2
    page.screenshot(path=str(artifacts / "photos-reused-360.png"), full_page=True)
    assert [row["source"] for row in _stored(second)] == ["reused", "reused"]

    page.goto(f"{live_server}/wallet")
    expect(page.get_by_test_id("wallet-id_card").get_by_test_id("wallet-file")).to_have_count(2)
    page.screenshot(path=str(artifacts / "photos-wallet-360.png"), full_page=True)
    assert [e for e in console.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []
