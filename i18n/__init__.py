"""Message catalogs (vi default, en), locale negotiation and Vietnamese formatting."""

from i18n.catalog import DEFAULT_LOCALE, LOCALES, translate
from i18n.formatting import fold, format_date, format_datetime, format_vnd, parse_day
from i18n.negotiation import negotiate_locale

__all__ = [
    "DEFAULT_LOCALE",
    "LOCALES",
    "fold",
    "format_date",
    "format_datetime",
    "format_vnd",
    "negotiate_locale",
    "parse_day",
    "translate",
]
