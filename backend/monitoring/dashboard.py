"""All figures of one dashboard (scope × period) in one dict, as pages, CSV and the live stream
use them; and the flat, formatted figures the live stream pushes."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from backend.calendar.store import load_calendar
from backend.monitoring import figures as f
from backend.monitoring.scope import Period, Scope


async def compute(scope: Scope, period: Period, now: datetime, office_codes: list[str]) -> dict[str, Any]:
    # Independent queries, run side by side (each on its own pooled connection).
    rows, groups = await asyncio.gather(
        asyncio.gather(
            f.received_rows(scope, period),
            f.event_rows(scope, period, (*f.DECISIONS, "return")),
            f.open_rows(scope),
            f.commented_rows(scope, period),
        ),
        asyncio.gather(
            f.online_payment(scope, period),
            f.digitisation(scope, period),
            f.publicity(scope, office_codes),
            load_calendar(),
        ),
    )
    received, events, running, commented = rows
    payment, digitisation, publicity, calendar = groups
    decisions = [e for e in events if e["action"] in f.DECISIONS]
    returns = [e for e in events if e["action"] == "return"]
    names = await f.procedure_names({r["procedure"] for r in (*received, *decisions, *running)})
    return {
        "publicity": publicity,
        "progress": f.progress(received, decisions, returns, running, now, calendar),
        "online_service": f.online_service(received),
        "online_payment": payment,
        "satisfaction": f.satisfaction(returns, commented),
        "digitisation": digitisation,
        "per_procedure": f.per_procedure(received, decisions, running, now, names),
        "per_officer": f.per_officer(decisions),
        "daily": f.daily(received, decisions, period),
    }


# (group, name, kind): the figures shown as numbers, in the order of the page and the CSV.
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("progress", "received", "count"),
    ("progress", "in_process", "count"),
    ("progress", "waiting", "count"),
    ("progress", "resolved", "count"),
    ("progress", "on_time", "count"),
    ("progress", "late", "count"),
    ("progress", "on_time_rate", "rate"),
    ("progress", "returned", "count"),
    ("progress", "overdue", "count"),
    ("progress", "due_soon", "count"),
    ("publicity", "procedures", "count"),
    ("publicity", "published", "count"),
    ("publicity", "published_rate", "rate"),
    ("online_service", "online", "count"),
    ("online_service", "online_rate", "rate"),
    ("online_service", "handed_over", "count"),
    ("online_service", "handed_over_rate", "rate"),
    ("online_payment", "with_fee", "count"),
    ("online_payment", "paid_online", "count"),
    ("online_payment", "paid_online_rate", "rate"),
    ("satisfaction", "satisfied", "count"),
    ("satisfaction", "acceptable", "count"),
    ("satisfaction", "not_satisfied", "count"),
    ("satisfaction", "rated", "count"),
    ("satisfaction", "satisfaction_rate", "rate"),
    ("digitisation", "documents", "count"),
    ("digitisation", "reused", "count"),
    ("digitisation", "digitised", "count"),
    ("digitisation", "digitised_rate", "rate"),
)


def format_rate(value: float | None, locale: str) -> str:
    if value is None:
        return "—"
    text = f"{value * 100:.1f}"
    return f"{text.replace('.', ',')} %" if locale == "vi" else f"{text}%"


def format_figure(value: Any, kind: str, locale: str) -> str:
    return format_rate(value, locale) if kind == "rate" else str(value)


def flat(data: dict[str, Any], locale: str) -> dict[str, str]:
    """{"progress.received": "12", "progress.on_time_rate": "75,0 %", ...} for the live stream."""
    return {
        f"{group}.{name}": format_figure(data[group][name], kind, locale) for group, name, kind in FIGURES
    }
