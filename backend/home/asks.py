"""What is asked of a citizen now, dossier by dossier: finish a draft, pay, book the pickup or
appointment, send a supplement, rate the service. The home page and the dossier list show it.

Each ask names a link the citizen taps; the decisions are the domains' own (fee status from
backend/dossiers/fees.py, the booking a channel calls for from backend/scheduling/rules.py).
"""

from __future__ import annotations

from typing import Any

from auth.principal import Principal
from backend.dossiers.access import COLUMNS, visible_to
from backend.dossiers.fees import fee_status
from backend.dossiers.tables import Dossier
from backend.scheduling.access import LIVE
from backend.scheduling.rules import AT_HOME, OPEN_DOSSIER
from backend.scheduling.tables import Booking

CLOSED = ("withdrawn", "refused")


def asks_of(row: dict[str, Any], booked: bool) -> list[tuple[str, str]]:
    """(catalog key, link) of each thing the citizen should do for this dossier, most urgent first."""
    link = f"/dossiers/{row['id']}"
    status = row["status"]
    if status == "draft":
        return [("ask.finish", f"{link}/review")]
    asks: list[tuple[str, str]] = []
    if status == "waiting_for_supplement":
        asks.append(("ask.supplement", link))
    if fee_status(row) == "unpaid" and status not in CLOSED:
        asks.append(("ask.pay", f"{link}#fee"))
    # A pickup or home visit needs a time; a counter visit may be booked but need not be.
    if status in OPEN_DOSSIER and row["channel"] in AT_HOME and not booked:
        asks.append((f"ask.book.{row['channel']}", f"{link}/booking"))
    if status == "returned" and row["rating"] is None:
        asks.append(("ask.rate", f"{link}#rating"))
    return asks


def is_open(row: dict[str, Any], asks: list[tuple[str, str]]) -> bool:
    return row["status"] not in (*CLOSED, "returned", "rejected") or bool(asks)


async def dossiers_with_asks(principal: Principal) -> list[dict[str, Any]]:
    """The citizen's dossiers, newest first, each with `asks` and `open`."""
    rows = (
        await Dossier.select(*COLUMNS)
        .where(visible_to(principal))
        .order_by(Dossier.id, ascending=False)
        .output(load_json=True)
    )
    booked = {
        int(b["dossier"])
        for b in await Booking.select(Booking.dossier).where(
            (Booking.citizen == principal.id) & Booking.status.is_in(list(LIVE))
        )
    }
    out = []
    for row in rows:
        asks = asks_of(row, int(row["id"]) in booked)
        out.append({**row, "asks": asks, "open": is_open(row, asks)})
    return out
