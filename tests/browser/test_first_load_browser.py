"""A citizen's first load stays within 60 KB compressed, service-worker precache included,
counted as the bytes the server really sends (a relay in front of it counts them); the
courier's QR decoder is never fetched or kept for a citizen, only on a courier's device."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Browser

from tests.byte_meter import ByteMeter

BUDGET = 60 * 1024
INSTALLED = """async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) =>
            navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    }
    const names = await caches.keys();
    const urls = [];
    for (const name of names) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
            const url = new URL(request.url);
            urls.push(url.pathname + url.search);
        }
    }
    return { script: registration.active.scriptURL, cached: urls };
}"""


def test_a_citizens_first_load_with_the_precache_stays_under_60_kb(
    browser: Browser, live_server: str
) -> None:
    meter = ByteMeter(int(urlsplit(live_server).port or 80))
    with meter.running():
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, is_mobile=True, locale="vi-VN", device_scale_factor=2
        )
        try:
            page = context.new_page()
            requested: list[str] = []
            page.on("request", lambda request: requested.append(urlsplit(request.url).path))
            page.goto(f"http://127.0.0.1:{meter.port}/", wait_until="load")
            installed = page.evaluate(INSTALLED)
            page.wait_for_load_state("networkidle")
            sent = meter.received
        finally:
            context.close()
    print(f"first load: {sent} bytes ({sent / 1024:.1f} KB) compressed, precache included")
    assert installed["script"].endswith("/sw.js")
    cached = installed["cached"]
    assert "/offline?lang=vi" in cached
    assert "/offline?lang=en" in cached
    assert not [url for url in cached if "jsqr" in url.lower() or "qr-scan" in url]
    assert not [path for path in requested if "jsqr" in path.lower()]
    assert sent <= BUDGET, f"{sent} bytes over the {BUDGET}-byte budget"
