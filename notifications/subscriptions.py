"""A citizen's push subscriptions (one per device): save on each app start, list, remove.

An endpoint is unique: the PWA re-sends its subscription on every start, which refreshes the
row; the same browser used by another citizen moves to them. Only the owner sees or removes a
subscription; anyone else's id answers 404.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec

from backend import clock
from backend.errors import Problem
from backend.settings import Settings
from notifications.schemas import SubscriptionIn
from notifications.tables import PushSubscription
from notifications.vapid import b64url_decode


def _check(data: SubscriptionIn, settings: Settings) -> None:
    endpoint = urlsplit(data.endpoint)
    secure = endpoint.scheme == "https"
    # Plain http only for the local push simulator (dev and tests; production has none).
    if not endpoint.netloc or not (secure or (settings.simulators_enabled and endpoint.scheme == "http")):
        raise Problem(422, "push_subscription_invalid", params={"field": "endpoint"})
    try:
        point = b64url_decode(data.keys.p256dh)
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        auth = b64url_decode(data.keys.auth)
    except ValueError:
        raise Problem(422, "push_subscription_invalid", params={"field": "keys"}) from None
    if len(point) != 65 or len(auth) != 16:
        raise Problem(422, "push_subscription_invalid", params={"field": "keys"})


async def save_subscription(citizen_id: int, data: SubscriptionIn, settings: Settings) -> dict[str, Any]:
    _check(data, settings)
    refreshed = [
        PushSubscription.citizen_id,
        PushSubscription.p256dh,
        PushSubscription.auth,
        PushSubscription.device,
        PushSubscription.last_seen_at,
    ]
    rows = (
        await PushSubscription.insert(
            PushSubscription(
                citizen_id=citizen_id,
                endpoint=data.endpoint,
                p256dh=data.keys.p256dh,
                auth=data.keys.auth,
                device=data.device,
                last_seen_at=clock.now(),
            )
        )
        .on_conflict(target=PushSubscription.endpoint, action="DO UPDATE", values=refreshed)
        .returning(*PushSubscription.all_columns())
    )
    return dict(rows[0])


async def subscriptions_of(citizen_id: int) -> list[dict[str, Any]]:
    return list(
        await PushSubscription.select()
        .where(PushSubscription.citizen_id == citizen_id)
        .order_by(PushSubscription.created_at)
    )


async def remove_subscription(citizen_id: int, subscription_id: int) -> None:
    pk = PushSubscription._meta.primary_key
    removed = (
        await PushSubscription.delete()
        .where((pk == subscription_id) & (PushSubscription.citizen_id == citizen_id))
        .returning(pk)
    )
    if not removed:
        raise Problem(404, "not_found")
