"""GET /api/v1/meta: public facts about this service (name, version, languages)."""

from __future__ import annotations

import msgspec
from litestar import get

from i18n import DEFAULT_LOCALE, LOCALES

VERSION = "0.1.0"


class ServiceInfo(msgspec.Struct, frozen=True):
    name: str
    version: str
    locales: tuple[str, ...]
    default_locale: str
    currency: str


@get("/api/v1/meta", tags=["service"], sync_to_thread=False)
def service_info() -> ServiceInfo:
    return ServiceInfo(
        name="MotCua", version=VERSION, locales=LOCALES, default_locale=DEFAULT_LOCALE, currency="VND"
    )
