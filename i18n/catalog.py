"""Gettext catalogs in `i18n/locales/<locale>.po`, read once with Babel.

Message ids are stable keys (`home.title`), not English sentences, so the two catalogs can be
compared key for key and an English edit never orphans a Vietnamese translation.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = ("vi", "en")
DEFAULT_LOCALE = "vi"
LOCALE_DIR = Path(__file__).parent / "locales"


@cache
def catalog(locale: str) -> dict[str, str]:
    with (LOCALE_DIR / f"{locale}.po").open("rb") as handle:
        po = read_po(handle, locale=locale)
    return {str(message.id): str(message.string) for message in po if message.id and message.string}


def translate(locale: str, key: str, **params: object) -> str:
    """The message for `key` in `locale`, falling back to Vietnamese, then to the key itself."""
    text = catalog(locale if locale in LOCALES else DEFAULT_LOCALE).get(key)
    if text is None:
        text = catalog(DEFAULT_LOCALE).get(key, key)
    return text.format(**params) if params else text
