"""The installable shell: home page, manifest, service worker, language switch."""

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient
from PIL import Image

from backend.home.shell import STATIC_DIR
from tests.factories import make_citizen
from tests.logins import citizen_login


async def test_home_is_vietnamese_by_default_and_mobile_ready(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="vi">' in html
    assert "Làm thủ tục hành chính ngay trên điện thoại" in html
    assert 'name="viewport" content="width=device-width, initial-scale=1' in html
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png">' in html
    assert '<meta name="apple-mobile-web-app-capable" content="yes">' in html
    assert '<meta name="apple-mobile-web-app-title" content="MotCua">' in html
    # The ways in: find a procedure, log in (citizens and staff), the inbox.
    for target in ("/procedures", "/login", "/staff/login", "/notifications"):
        assert f'href="{target}"' in html


async def test_accept_language_english_gets_english(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/", headers={"Accept-Language": "en-US,en;q=0.8,vi;q=0.5"})
    assert '<html lang="en">' in response.text
    assert "Do your administrative procedures from your phone" in response.text


async def test_language_switch_persists_in_a_cookie_and_beats_accept_language(
    client: AsyncTestClient[Litestar],
) -> None:
    switched = await client.get("/lang/en?next=/offline", follow_redirects=False)
    assert switched.status_code == 302
    assert switched.headers["location"] == "/offline"
    assert "lang=en" in switched.headers["set-cookie"]
    assert "Max-Age=31536000" in switched.headers["set-cookie"]
    page = await client.get("/", headers={"Accept-Language": "vi"})
    assert '<html lang="en">' in page.text


async def test_language_switch_never_redirects_off_site(client: AsyncTestClient[Litestar]) -> None:
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        response = await client.get("/lang/en", params={"next": target}, follow_redirects=False)
        assert response.headers["location"] == "/"


async def test_unknown_language_changes_nothing(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/lang/fr", follow_redirects=False)
    assert response.status_code == 302
    assert "lang" not in response.cookies  # (the CSRF cookie may be set; the language is not)


async def test_manifest_makes_the_app_installable(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["lang"] == "vi"
    assert manifest["short_name"] == "MotCua"
    assert manifest["name"] == "MotCua – Dịch vụ công một cửa"
    assert manifest["display"] == "standalone"
    assert manifest["scope"] == "/"
    assert manifest["start_url"].startswith("/")
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["background_color"])
    by_purpose = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= by_purpose
    for icon in manifest["icons"]:
        served = await client.get(icon["src"])
        assert served.status_code == 200
        width, height = (int(x) for x in icon["sizes"].split("x"))
        with Image.open(STATIC_DIR / icon["src"].removeprefix("/static/")) as image:
            assert image.size == (width, height)


async def test_service_worker_is_served_at_root_scope_and_precaches_the_shell(
    client: AsyncTestClient[Litestar],
) -> None:
    response = await client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    script = response.text
    version = re.search(r'const VERSION = "([0-9a-f]{12})";', script)
    assert version
    precache = re.search(r"const PRECACHE = (\[.*?\]);", script)
    assert precache
    entries = precache.group(1)
    assert '"/offline?lang=vi"' in entries
    assert '"/offline?lang=en"' in entries
    assert "/api/" not in entries
    for path in re.findall(r'"(/[^"]*)"', entries):
        assert (await client.get(path)).status_code == 200, path
    # The courier's QR decoder (56 KB compressed) is kept only on couriers' devices.
    assert "jsQR" not in entries
    assert "/courier/offline" not in entries
    courier = (await client.get("/sw.js", params={"for": "courier"})).text
    assert "/static/vendor/jsqr-1.4.0/jsQR.js" in courier
    assert '"/courier/offline"' in courier
    other = re.search(r'const VERSION = "([0-9a-f]{12})";', courier)
    assert other
    assert other.group(1) != version.group(1), "a device changing role replaces its cache"


async def test_the_offline_page_follows_the_language_and_names_nobody(
    client: AsyncTestClient[Litestar],
) -> None:
    assert "Không có kết nối mạng" in (await client.get("/offline", params={"lang": "vi"})).text
    english = await client.get("/offline", params={"lang": "en"})
    assert '<html lang="en"' in english.text
    assert "Không có kết nối mạng" not in english.text
    await make_citizen(full_name="Trần Thị Ẩn Danh", phone="+84912000999")
    await citizen_login(client, "+84912000999")
    assert "Trần Thị Ẩn Danh" in (await client.get("/wallet")).text
    cached = await client.get("/offline", params={"lang": "vi"})
    assert "Trần Thị Ẩn Danh" not in cached.text
    assert 'data-testid="account-nav"' not in cached.text


async def test_offline_page_holds_nothing_personal_and_is_vietnamese(
    client: AsyncTestClient[Litestar],
) -> None:
    response = await client.get("/offline")
    assert response.status_code == 200
    assert "Không có kết nối mạng" in response.text


async def test_pages_are_gzipped_for_slow_phone_networks(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert "Làm thủ tục hành chính" in response.text
