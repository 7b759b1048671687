"""Both catalogs hold the same keys, templates use only keys that exist, and the Vietnamese
formatting rules (VND, dd/mm/yyyy, search without diacritics) hold."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from i18n import fold, format_date, format_datetime, format_vnd, negotiate_locale, translate
from i18n.catalog import catalog

ROOT = Path(__file__).resolve().parents[2]
KEY_IN_TEMPLATE = re.compile(r"""_\(\s*["']([a-z0-9_.]+)["']\s*[,)]""")


def test_catalogs_have_the_same_keys_file_by_file() -> None:
    from i18n.catalog import LOCALE_DIR, read_catalog_file

    files = {path.name for path in (LOCALE_DIR / "vi").glob("*.po")}
    assert files == {path.name for path in (LOCALE_DIR / "en").glob("*.po")}
    for name in files:
        vi = set(read_catalog_file(LOCALE_DIR / "vi" / name, "vi"))
        en = set(read_catalog_file(LOCALE_DIR / "en" / name, "en"))
        assert vi - en == set(), f"keys missing in en/{name}"
        assert en - vi == set(), f"keys missing in vi/{name}"
    assert len(catalog("vi")) > 40


def test_every_key_a_template_uses_exists() -> None:
    used: set[str] = set()
    for template in (ROOT / "pwa" / "templates").rglob("*.html"):
        used |= set(KEY_IN_TEMPLATE.findall(template.read_text(encoding="utf-8")))
    assert used, "no keys found: the pattern is wrong"
    assert used - set(catalog("vi")) == set()
    # Built at render time: the language switch names each language in the reader's language.
    assert {"lang.vi", "lang.en"} <= set(catalog("vi"))


def test_every_problem_code_has_a_title_in_both_languages() -> None:
    from backend.errors import _code_for

    for status in (400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 503):
        code = _code_for(Exception(), status)
        for locale in ("vi", "en"):
            assert f"problem.{code}.title" in catalog(locale)


def test_translate_fills_parameters_and_falls_back_to_vietnamese() -> None:
    assert translate("en", "error.code", status=404) == "Error 404"
    assert translate("vi", "error.code", status=404) == "Lỗi 404"
    assert translate("fr", "home.title") == translate("vi", "home.title")


@pytest.mark.parametrize(
    ("cookie", "header", "expected"),
    [
        (None, None, "vi"),
        (None, "en-US,en;q=0.9", "en"),
        (None, "fr-FR, en;q=0.5, vi;q=0.8", "vi"),
        (None, "de", "vi"),
        ("en", "vi", "en"),
        ("xx", "en", "en"),
        (None, "en;q=0, vi;q=0.1", "vi"),
    ],
)
def test_negotiation(cookie: str | None, header: str | None, expected: str) -> None:
    assert negotiate_locale(cookie, header) == expected


def test_money_is_whole_dong_with_dot_grouping() -> None:
    assert format_vnd(200000) == "200.000 ₫"
    assert format_vnd(0) == "0 ₫"
    assert format_vnd(1250000) == "1.250.000 ₫"


def test_dates_are_dd_mm_yyyy_in_vietnam_time() -> None:
    assert format_date(date(2026, 2, 9)) == "09/02/2026"
    # 20:30 UTC on 31/12 is already 1 January in Hà Nội.
    assert format_date(datetime(2026, 12, 31, 20, 30, tzinfo=UTC)) == "01/01/2027"
    assert format_datetime(datetime(2026, 12, 31, 20, 30, tzinfo=UTC)) == "03:30 01/01/2027"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Văn Đức", "nguyen van duc"),
        ("Lý lịch tư pháp", "ly lich tu phap"),
        ("  TRẦN   Thị  Ánh ", "tran thi anh"),
        ("Phường Bến Nghé", "phuong ben nghe"),
    ],
)
def test_fold_lets_nguyen_find_nguyen(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert fold("nguyen") in fold("Nguyễn Thị Hoa")
