"""One outbox row per message per channel, every delivery attempt, and the in-app inbox."""

from __future__ import annotations

from piccolo.columns import JSON, Boolean, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

STATUSES = ("pending", "sending", "sent", "failed")


class OutboxMessage(Table, tablename="notification_outbox"):
    """A message to deliver on one channel. `dedupe_key` = event + recipient + channel, unique,
    so a retried domain action cannot enqueue the same message twice."""

    id: Serial
    event = Varchar(length=64)
    recipient_kind = Varchar(length=16)
    recipient_id = Integer(index=True)
    channel = Varchar(length=16)
    dedupe_key = Varchar(length=200, unique=True)
    payload = JSON()
    status = Varchar(length=16, default="pending", index=True, index_method=IndexMethod.btree)
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(default=TimestamptzNow(), index=True)
    claimed_by = Varchar(length=64, null=True, default=None)
    claimed_at = Timestamptz(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None)
    last_error = Text(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class DeliveryAttempt(Table, tablename="notification_attempt"):
    message = ForeignKey(OutboxMessage, index=True)
    attempt = Integer()
    outcome = Varchar(length=16)
    status_code = Integer(null=True, default=None)
    error = Text(null=True, default=None)
    worker = Varchar(length=64)
    at = Timestamptz(default=TimestamptzNow())


class InboxItem(Table, tablename="notification_inbox"):
    """What the citizen sees in the app. Stored as catalog keys and parameters, so the inbox is
    shown in whichever language the reader uses now."""

    recipient_kind = Varchar(length=16)
    recipient_id = Integer(index=True)
    event = Varchar(length=64)
    dedupe_key = Varchar(length=200, unique=True)
    title_key = Varchar(length=120)
    body_key = Varchar(length=120)
    params = JSON()
    link = Varchar(length=300, default="")
    read = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())


class PushSubscription(Table, tablename="push_subscription"):
    """One browser's push endpoint (RFC 8030) and its encryption keys (RFC 8291). A citizen has
    one per device; the PWA re-sends it on each start, so `endpoint` is unique and upserted."""

    citizen_id = Integer(index=True)
    endpoint = Varchar(length=1000, unique=True)
    p256dh = Varchar(length=120)
    auth = Varchar(length=40)
    device = Varchar(length=80, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    last_seen_at = Timestamptz(default=TimestamptzNow())


class PushReceipt(Table, tablename="push_receipt"):
    """A push message accepted (201) by one subscription's push service, so that a retry of the
    same outbox row does not send it to that device again."""

    message = ForeignKey(OutboxMessage, index=True)
    subscription_id = Integer()
    key = Varchar(length=40, unique=True)  # "<message id>:<subscription id>"
    at = Timestamptz(default=TimestamptzNow())


class NotificationPreference(Table, tablename="notification_preference"):
    """What a citizen chose: optional events they turned off, and push (with SMS fallback) or
    SMS for everything. No row = the defaults (all events, push first)."""

    citizen_id = Integer(unique=True)
    muted_events = JSON(default=[])
    channel = Varchar(length=8, default="push")  # "push" | "sms"
