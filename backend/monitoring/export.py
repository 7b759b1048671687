"""CSV exports that open safely in Excel: UTF-8 with a BOM (Vietnamese names intact), and any
text cell starting with = + - @ (or a tab / carriage return) prefixed with an apostrophe so a
spreadsheet never runs it as a formula (OWASP "CSV injection")."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from backend.monitoring.dashboard import FIGURES, format_figure
from i18n import format_datetime

BOM = "\ufeff"
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return (BOM + out.getvalue()).encode("utf-8")


Translate = Callable[[str], str]


def figures_csv(data: dict[str, Any], period_text: str, _: Translate, locale: str) -> bytes:
    rows: list[list[Any]] = [
        [
            _(f"dashboard.group.{group}"),
            _(f"dashboard.figure.{name}"),
            format_figure(data[group][name], kind, locale),
        ]
        for group, name, kind in FIGURES
    ]
    for p in data["per_procedure"]:
        name = p["name_en"] if locale == "en" else p["name_vi"]
        rows.append([_("dashboard.per_procedure"), f"{p['code']} {name}", p["received"]])
    return to_csv([_("dashboard.csv.group"), _("dashboard.csv.figure"), period_text], rows)


def overdue_csv(rows: list[dict[str, Any]], _: Translate, locale: str) -> bytes:
    return to_csv(
        [_("lookup.code"), _("procedures.title"), _("lookup.status"), _("lookup.due")],
        (
            [
                r["code"],
                r["procedure_name_en"] if locale == "en" else r["procedure_name_vi"],
                _(f"status.{r['status']}"),
                format_datetime(r["due_at"]) if r["due_at"] else "",
            ]
            for r in rows
        ),
    )
