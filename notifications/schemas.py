"""The API boundary of notifications/: push subscriptions, inbox items, preferences."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec


class PushKeys(msgspec.Struct, frozen=True):
    p256dh: Annotated[str, msgspec.Meta(min_length=80, max_length=100)]
    auth: Annotated[str, msgspec.Meta(min_length=16, max_length=40)]


class SubscriptionIn(msgspec.Struct, frozen=True):
    """What `PushSubscription.toJSON()` gives in the browser, plus an optional device label."""

    endpoint: Annotated[str, msgspec.Meta(min_length=10, max_length=1000)]
    keys: PushKeys
    expirationTime: int | None = None
    device: Annotated[str, msgspec.Meta(max_length=80)] = ""


class SubscriptionOut(msgspec.Struct, frozen=True):
    id: int
    device: str
    created_at: datetime
    last_seen_at: datetime


class PublicKeyOut(msgspec.Struct, frozen=True):
    public_key: str


class InboxItemOut(msgspec.Struct, frozen=True):
    id: int
    event: str
    title: str
    body: str
    link: str
    read: bool
    created_at: datetime


class PreferencesIO(msgspec.Struct, frozen=True):
    muted_events: list[str] = []
    channel: str = "push"
