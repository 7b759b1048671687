"""Vietnamese phone numbers in one form: "+84" and the national number without its leading 0.

0912345678, 84912345678, +84 912 345 678 and +84912345678 are the same person.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s.\-()]")


def normalise_phone(raw: str) -> str | None:
    """The "+84xxxxxxxxx" form, or None when `raw` is not a Vietnamese number."""
    digits = _SEPARATORS.sub("", raw or "")
    if digits.startswith("+84"):
        national = digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        return None
    # Mobile numbers have 9 digits after the 0; fixed lines (02x) have 10.
    if not national.isdigit() or national.startswith("0") or len(national) not in (9, 10):
        return None
    return "+84" + national
