"""The citizen's inbox and preferences: read, mark read, choose events and channel."""

from __future__ import annotations

from typing import Any

from backend.errors import Problem
from i18n import translate
from notifications.events import OPTIONAL_EVENTS, shown_params
from notifications.notify import Preferences, preferences_of
from notifications.tables import InboxItem, NotificationPreference

CHANNELS = ("push", "sms")


def rendered(item: dict[str, Any], locale: str) -> dict[str, Any]:
    shown = shown_params(item["params"] or {})
    return {
        **item,
        "title": translate(locale, item["title_key"], **shown),
        "body": translate(locale, item["body_key"], **shown),
    }


async def inbox_of(citizen_id: int, locale: str, limit: int = 100) -> list[dict[str, Any]]:
    rows = (
        await InboxItem.select()
        .where((InboxItem.recipient_kind == "citizen") & (InboxItem.recipient_id == citizen_id))
        .order_by(InboxItem._meta.primary_key, ascending=False)
        .limit(limit)
        .output(load_json=True)
    )
    return [rendered(row, locale) for row in rows]


async def unread_count(citizen_id: int) -> int:
    return int(
        await InboxItem.count().where(
            (InboxItem.recipient_kind == "citizen")
            & (InboxItem.recipient_id == citizen_id)
            & (InboxItem.read == False)  # noqa: E712
        )
    )


async def mark_read(citizen_id: int, item_id: int | None = None) -> str:
    """Mark one item (or all, when `item_id` is None) read; returns the item's link."""
    owner = (InboxItem.recipient_kind == "citizen") & (InboxItem.recipient_id == citizen_id)
    if item_id is None:
        await InboxItem.update({InboxItem.read: True}).where(owner)
        return "/notifications"
    pk = InboxItem._meta.primary_key
    rows = (
        await InboxItem.update({InboxItem.read: True})
        .where(owner & (pk == item_id))
        .returning(InboxItem.link)
    )
    if not rows:
        raise Problem(404, "not_found")
    return str(rows[0]["link"] or "/notifications")


async def save_preferences(citizen_id: int, muted_events: list[str], channel: str) -> Preferences:
    unknown = set(muted_events) - set(OPTIONAL_EVENTS)
    if unknown or channel not in CHANNELS:
        raise Problem(
            422, "preferences_invalid", params={"field": "channel" if not unknown else "muted_events"}
        )
    muted = sorted(set(muted_events))
    await NotificationPreference.insert(
        NotificationPreference(citizen_id=citizen_id, muted_events=muted, channel=channel)
    ).on_conflict(
        target=NotificationPreference.citizen_id,
        action="DO UPDATE",
        values=[NotificationPreference.muted_events, NotificationPreference.channel],
    )
    return await preferences_of(citizen_id)
