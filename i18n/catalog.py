"""Gettext catalogs in `i18n/locales/<locale>/<domain>.po`, read once with Babel.

Message ids are stable keys (`home.title`), not English sentences, so the two catalogs can be
compared key for key and an English edit never orphans a Vietnamese translation. Each domain
keeps its own file (core.po, auth.po, dossiers.po, ...); a key must be unique across files.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = ("vi", "en")
DEFAULT_LOCALE = "vi"
LOCALE_DIR = Path(__file__).parent / "locales"


def read_catalog_file(path: Path, locale: str) -> dict[str, str]:
    with path.open("rb") as handle:
        po = read_po(handle, locale=locale)
    return {str(message.id): str(message.string) for message in po if message.id and message.string}


@cache
def catalog(locale: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / locale).glob("*.po")):
        entries = read_catalog_file(path, locale)
        clash = set(entries) & set(merged)
        if clash:
            raise ValueError(f"{path.name} repeats keys defined in another catalog file: {sorted(clash)[:5]}")
        merged.update(entries)
    return merged


def translate(locale: str, key: str, **params: object) -> str:
    """The message for `key` in `locale`, falling back to Vietnamese, then to the key itself."""
    text = catalog(locale if locale in LOCALES else DEFAULT_LOCALE).get(key)
    if text is None:
        text = catalog(DEFAULT_LOCALE).get(key, key)
    return text.format(**params) if params else text
