"""/api/v1/push/... and /api/v1/notifications/...: the citizen's devices, inbox and preferences.

The public key is public (the PWA needs it before subscribing); everything else is the
caller's own, and another citizen's id answers 404.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, post, put
from litestar.params import FromPath, JSONBody

from auth.guards import principal_of, require_citizen
from backend.web import request_locale
from notifications import inbox
from notifications.notify import preferences_of
from notifications.schemas import InboxItemOut, PreferencesIO, PublicKeyOut, SubscriptionIn, SubscriptionOut
from notifications.subscriptions import remove_subscription, save_subscription, subscriptions_of
from notifications.vapid import public_key


def _out(row: dict[str, Any]) -> SubscriptionOut:
    return SubscriptionOut(
        id=row["id"], device=row["device"], created_at=row["created_at"], last_seen_at=row["last_seen_at"]
    )


class PushPublicKeyApi(Controller):
    tags = ["notifications"]

    @get("/api/v1/push/public-key", sync_to_thread=False)
    def public_key(self, request: Request[Any, Any, Any]) -> PublicKeyOut:
        return PublicKeyOut(public_key=public_key(request.app.state.settings))


class NotificationsApi(Controller):
    tags = ["notifications"]
    guards = [require_citizen]

    @get("/api/v1/push/subscriptions")
    async def list_subscriptions(self, request: Request[Any, Any, Any]) -> list[SubscriptionOut]:
        return [_out(row) for row in await subscriptions_of(principal_of(request).id)]

    @post("/api/v1/push/subscriptions", status_code=201)
    async def subscribe(
        self, request: Request[Any, Any, Any], data: JSONBody[SubscriptionIn]
    ) -> SubscriptionOut:
        row = await save_subscription(principal_of(request).id, data, request.app.state.settings)
        return _out(row)

    @delete("/api/v1/push/subscriptions/{subscription_id:int}", status_code=204)
    async def unsubscribe(self, request: Request[Any, Any, Any], subscription_id: FromPath[int]) -> None:
        await remove_subscription(principal_of(request).id, subscription_id)

    @get("/api/v1/notifications")
    async def list_inbox(self, request: Request[Any, Any, Any]) -> list[InboxItemOut]:
        items = await inbox.inbox_of(principal_of(request).id, request_locale(request))
        return [
            InboxItemOut(
                id=i["id"],
                event=i["event"],
                title=i["title"],
                body=i["body"],
                link=i["link"],
                read=i["read"],
                created_at=i["created_at"],
            )
            for i in items
        ]

    @post("/api/v1/notifications/{item_id:int}/read", status_code=204)
    async def read(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> None:
        await inbox.mark_read(principal_of(request).id, item_id)

    @get("/api/v1/notifications/preferences")
    async def get_preferences(self, request: Request[Any, Any, Any]) -> PreferencesIO:
        prefs = await preferences_of(principal_of(request).id)
        return PreferencesIO(muted_events=sorted(prefs.muted_events), channel=prefs.channel)

    @put("/api/v1/notifications/preferences")
    async def put_preferences(
        self, request: Request[Any, Any, Any], data: JSONBody[PreferencesIO]
    ) -> PreferencesIO:
        prefs = await inbox.save_preferences(principal_of(request).id, data.muted_events, data.channel)
        return PreferencesIO(muted_events=sorted(prefs.muted_events), channel=prefs.channel)
