"""What domain code calls: `await notify("dossier.received", citizen, {...}, link="/dossiers/…")`.

Call it inside the transaction of the change that causes the message: it only writes outbox
rows (inbox always; push when the citizen has a device; SMS when the event must reach them,
when they have no device, or when they chose SMS), so the change and its messages commit
together and the worker delivers them. Preferences: an optional event the citizen turned off
still lands in the inbox, but goes to no phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from auth.tables import Citizen
from notifications import outbox
from notifications.events import check_params, event_named
from notifications.tables import NotificationPreference, PushSubscription


class Addressee(Protocol):
    """A Citizen row fits; so does `Recipient` below."""

    @property
    def id(self) -> Any: ...

    @property
    def locale(self) -> Any: ...


@dataclass(frozen=True, slots=True)
class Recipient:
    id: int
    locale: str = "vi"


async def citizen_recipient(citizen_id: int) -> Recipient:
    """The citizen to notify, read as id and language only (no personal data is loaded)."""
    row = await Citizen.select(Citizen.id, Citizen.locale).where(Citizen.id == citizen_id).first()
    if row is None:  # owners are foreign keys: only a broken database gets here
        raise LookupError(f"citizen {citizen_id} has no row")
    return Recipient(int(row["id"]), str(row["locale"] or "vi"))


@dataclass(frozen=True, slots=True)
class Preferences:
    muted_events: frozenset[str] = frozenset()
    channel: str = "push"  # "push" (SMS only as fallback or when it must reach) | "sms"


async def preferences_of(citizen_id: int) -> Preferences:
    row = (
        await NotificationPreference.select()
        .where(NotificationPreference.citizen_id == citizen_id)
        .output(load_json=True)
        .first()
    )
    if row is None:
        return Preferences()
    return Preferences(frozenset(row["muted_events"] or []), row["channel"])


async def channels_for(event_name: str, citizen_id: int) -> list[str]:
    event = event_named(event_name)
    prefs = await preferences_of(citizen_id)
    if event.optional and event.name in prefs.muted_events:
        return ["inbox"]
    if prefs.channel == "sms":
        return ["inbox", "sms"]
    has_device = await PushSubscription.exists().where(PushSubscription.citizen_id == citizen_id)
    channels = ["inbox"]
    if has_device:
        channels.append("push")
    if event.must_reach or not has_device:
        channels.append("sms")
    return channels


async def notify(
    event_name: str,
    recipient: Addressee,
    params: dict[str, Any],
    link: str,
    discriminator: str = "",
) -> int:
    """Queue the message for every channel it should take; returns how many rows were added
    (0 when the same event for the same discriminator was queued before)."""
    event = event_named(event_name)
    if not link.startswith("/") or link.startswith("//"):
        raise ValueError("link must be a path inside the PWA")
    payload = {
        "title_key": event.title_key,
        "body_key": event.body_key,
        "params": check_params(event, params),
        "link": link,
        "locale": str(recipient.locale or "vi"),
        "discriminator": discriminator,
    }
    return await outbox.enqueue(
        event=event.name,
        recipient_kind="citizen",
        recipient_id=int(recipient.id),
        channels=await channels_for(event.name, int(recipient.id)),
        payload=payload,
        discriminator=discriminator,
    )
