"""VND amounts, dd/mm/yyyy dates in Vietnam time, and diacritic-folding for search."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def format_vnd(amount: int) -> str:
    """`150000` → `150.000 ₫`: Vietnamese digit grouping, whole đồng (VND has no minor unit)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,}".replace(",", ".") + " ₫"


def format_date(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(VIETNAM) if value.tzinfo else value
    return value.strftime("%d/%m/%Y")


def parse_day(text: str) -> date | None:
    """The reverse of `format_date`: dd/mm/yyyy as shown everywhere, or yyyy-mm-dd from a date
    input; None when unreadable."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def format_datetime(value: datetime) -> str:
    local = value.astimezone(VIETNAM) if value.tzinfo else value
    return local.strftime("%H:%M %d/%m/%Y")


def fold(text: str) -> str:
    """Lower-case, diacritics removed, đ → d: "Nguyễn Văn Đức" → "nguyen van duc".

    Stored beside searchable names so that a citizen typing without diacritics still finds them.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
