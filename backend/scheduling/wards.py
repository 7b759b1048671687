"""The ward an address already names, so that nobody picks it again from a list, and an address
shown once with its ward (never "…, Phường Hoàn Kiếm, Hà Nội, Phường Hoàn Kiếm")."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from i18n.formatting import fold


def _exact(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def ward_in(address: str, wards: Iterable[str]) -> str:
    """The ward among `wards` that `address` names ("" when none does). Diacritics count first
    ("Phường Hà Đông" is not "Phường Hạ Đông"); an address typed without them still matches."""
    candidates = [w for w in wards if w.strip()]
    plain = fold(address) == " ".join(address.lower().split())  # typed without diacritics
    for normalise in (_exact, fold) if plain else (_exact,):
        text = " " + " ".join(normalise(address).replace(",", " , ").split()) + " "
        found = [w for w in candidates if f" {normalise(w)} " in text]
        if found:
            return max(found, key=len)
    return ""


def with_ward(address: str, ward: str) -> str:
    """The address as shown: the ward added only when the address does not already name it."""
    if not ward or ward_in(address, [ward]):
        return address
    return f"{address}, {ward}" if address else ward
