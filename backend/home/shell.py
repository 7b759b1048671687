"""The installable shell: web app manifest and the service worker at root scope.

The service worker's cache name carries a hash of every precached file, so a deploy that
changes any of them replaces the whole cache on the next visit.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.response import Template

from backend.settings import ROOT
from i18n import LOCALES, translate

STATIC_DIR = ROOT / "pwa" / "static"
TEMPLATE_DIR = ROOT / "pwa" / "templates"
THEME_COLOUR = "#b71c1c"
BACKGROUND_COLOUR = "#ffffff"

# Files the shell needs offline, for everyone. Nothing here carries personal data. Every byte
# here is downloaded on a citizen's first visit: keep it to what every page uses (the first load,
# precache included, stays under 60 KB compressed: tests/browser/test_first_load_browser.py).
PRECACHE_STATIC = (
    "css/app.css",
    "js/app.mjs",
    "js/push-subscribe.mjs",
    "icons/icon-192.png",
)
# The offline page in each language: the service worker answers with the reader's (sw.js).
PRECACHE_PAGES = tuple(f"/offline?lang={locale}" for locale in LOCALES)
# Only couriers' devices (sw.js?for=courier, registered by the pages a courier sees) also keep
# the courier app offline: its shell page, the queue, the scanner and its 56 KB decoder.
COURIER_STATIC = ("js/offline-queue.mjs", "js/qr-scan.mjs", "vendor/jsqr-1.4.0/jsQR.js")
COURIER_PAGES = ("/courier/offline",)
ROLES = ("everyone", "courier")


def precache_for(role: str) -> list[str]:
    static = PRECACHE_STATIC + (COURIER_STATIC if role == "courier" else ())
    pages = PRECACHE_PAGES + (COURIER_PAGES if role == "courier" else ())
    return [*pages, "/manifest.webmanifest", *(f"/static/{path}" for path in static)]


@cache
def shell_version(role: str = "everyone") -> str:
    digest = hashlib.sha256(role.encode())
    for relative in PRECACHE_STATIC + (COURIER_STATIC if role == "courier" else ()):
        digest.update((STATIC_DIR / relative).read_bytes())
    for name in ("offline.html", "base.html", "sw.js", "courier/offline.html", "courier/queue.html"):
        digest.update((TEMPLATE_DIR / name).read_bytes())
    return digest.hexdigest()[:12]


def manifest(locale: str = "vi") -> dict[str, Any]:
    icon = "/static/icons/{}"
    return {
        "name": translate(locale, "app.name_long"),
        "short_name": "MotCua",
        "description": translate(locale, "app.description"),
        "lang": locale,
        "dir": "ltr",
        "start_url": "/?source=pwa",
        "scope": "/",
        "id": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        # Couriers install the same app and go straight to their route.
        "shortcuts": [
            {
                "name": translate(locale, "courier.title"),
                "short_name": translate(locale, "courier.title"),
                "url": "/courier?source=pwa",
                "icons": [{"src": icon.format("icon-192.png"), "sizes": "192x192", "type": "image/png"}],
            }
        ],
        "icons": [
            {"src": icon.format("icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": icon.format("icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": icon.format("icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }


class ShellRoutes(Controller):
    include_in_schema = False

    @get("/manifest.webmanifest")
    async def web_manifest(self) -> Response[dict[str, Any]]:
        return Response(
            manifest("vi"),
            media_type="application/manifest+json",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    @get("/favicon.ico")
    async def favicon(self) -> Response[bytes]:
        """Browsers ask for it on pages that name no icon (the simulators' pages among them)."""
        return Response(
            (STATIC_DIR / "icons" / "icon-192.png").read_bytes(),
            media_type="image/png",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    @get("/sw.js")
    async def service_worker(self, request: Request[Any, Any, Any]) -> Template:
        """`?for=courier`: the courier's variant (base.html names it on a courier's pages)."""
        role = request.query_params.get("for", "everyone")
        role = role if role in ROLES else "everyone"
        return Template(
            "sw.js",
            context={"version": shell_version(role), "precache": precache_for(role)},
            media_type="text/javascript",
            headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
        )
