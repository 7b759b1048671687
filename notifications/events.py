"""The event catalogue: what each notification says, how urgently, and whether it must reach.

Domain code names an event and gives its parameters; this module owns the rest. Parameters are
an allow-list per event: a dossier code, dates, an amount, what is missing — never an ID number,
phone or name, because the same text is shown on a lock screen (`render` refuses other names).
Dates travel as ISO strings and are formatted for the reader's language when shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from i18n import format_date, format_datetime, format_vnd, translate

DAY = 24 * 3600


@dataclass(frozen=True, slots=True)
class Event:
    name: str
    params: tuple[str, ...]
    ttl_s: int = DAY  # how long a push service keeps it for an offline phone
    urgency: str = "normal"  # RFC 8030 Urgency: very-low, low, normal, high
    must_reach: bool = False  # also by SMS, whatever the push does
    optional: bool = False  # the citizen may turn it off in preferences

    @property
    def title_key(self) -> str:
        return f"notify.{self.name}.title"

    @property
    def body_key(self) -> str:
        return f"notify.{self.name}.body"


EVENTS: dict[str, Event] = {
    event.name: event
    for event in (
        Event("dossier.received", ("code", "due_date")),
        Event("dossier.supplement_requested", ("code", "missing"), 3 * DAY, "high", must_reach=True),
        Event("payment.needed", ("code", "amount"), 2 * DAY, "high"),
        Event("payment.confirmed", ("code", "amount")),
        Event("booking.confirmed", ("code", "starts_at")),
        Event("booking.changed", ("code", "starts_at"), DAY, "high", must_reach=True),
        Event("booking.cancelled", ("code", "starts_at"), DAY, "normal"),
        Event("booking.reminder", ("code", "starts_at"), 12 * 3600, "high", optional=True),
        Event("courier.picked_up", ("code",), 12 * 3600, "low", optional=True),
        Event("courier.delivered_to_office", ("code",), 12 * 3600, "low", optional=True),
        # Links to the booking's delivery code, which the citizen shows to receive the result.
        Event("courier.result_on_the_way", ("code",), DAY, "high"),
        Event("dossier.result_ready", ("code",), 3 * DAY, "high", must_reach=True),
        Event("dossier.result_delivered", ("code",), DAY, "low"),
        Event("dossier.overdue", ("code", "new_due_date"), 3 * DAY, "normal", must_reach=True),
        Event("rating.request", ("code",), 3 * DAY, "very-low", optional=True),
    )
}
OPTIONAL_EVENTS = tuple(name for name, event in EVENTS.items() if event.optional)


class UnknownEvent(KeyError):
    pass


def event_named(name: str) -> Event:
    try:
        return EVENTS[name]
    except KeyError:
        raise UnknownEvent(name) from None


def check_params(event: Event, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters as JSON-ready values; any name outside the event's list is refused."""
    extra = set(params) - set(event.params)
    missing = set(event.params) - set(params)
    if extra or missing:
        raise ValueError(f"{event.name}: unexpected {sorted(extra)}, missing {sorted(missing)}")
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in params.items()}


def _shown(name: str, value: Any) -> str:
    if name.endswith("_date"):
        return format_date(date.fromisoformat(str(value)))
    if name.endswith("_at"):
        return format_datetime(datetime.fromisoformat(str(value)))
    if name == "amount":
        return format_vnd(int(value))
    return str(value)


def shown_params(params: dict[str, Any]) -> dict[str, str]:
    return {name: _shown(name, value) for name, value in params.items()}


def render(event_name: str, locale: str, params: dict[str, Any]) -> tuple[str, str]:
    """(title, body) in `locale`, parameters formatted for it."""
    event = event_named(event_name)
    shown = shown_params(params)
    return translate(locale, event.title_key, **shown), translate(locale, event.body_key, **shown)
