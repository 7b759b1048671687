"""The citizen's notification pages: the inbox (read/unread) and the settings page (which
optional events, which channel, this device's push button, the list of devices).

Forms carry the CSRF token like every page form. The PWA's push module and the service worker
(which has no page to read a token from) post the subscription as JSON to /push/subscriptions
with the session cookie; that one route is outside the CSRF token check and instead refuses any
post whose Origin (or Referer) names another site.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from auth.guards import principal_of, require_citizen
from backend.errors import Problem
from backend.web import page_context, request_locale
from notifications import inbox
from notifications.events import OPTIONAL_EVENTS, event_named
from notifications.notify import preferences_of
from notifications.schemas import SubscriptionIn
from notifications.subscriptions import remove_subscription, save_subscription, subscriptions_of


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _same_origin(request: Request[Any, Any, Any]) -> None:
    sent = request.headers.get("origin") or request.headers.get("referer") or ""
    allowed = {_origin(request.app.state.settings.base_url), _origin(str(request.base_url))}
    if not sent or _origin(sent) not in allowed:
        raise Problem(403, "forbidden")


class NotificationPages(Controller):
    include_in_schema = False
    guards = [require_citizen]

    @get("/notifications")
    async def inbox_page(self, request: Request[Any, Any, Any]) -> Template:
        citizen = principal_of(request).id
        items = await inbox.inbox_of(citizen, request_locale(request))
        unread = sum(1 for item in items if not item["read"])
        return Template("notifications/inbox.html", context=page_context(request, items=items, unread=unread))

    @post("/notifications/{item_id:int}/open")
    async def open_item(self, request: Request[Any, Any, Any], item_id: FromPath[int]) -> Redirect:
        link = await inbox.mark_read(principal_of(request).id, item_id)
        return Redirect(path=link if link.startswith("/") and not link.startswith("//") else "/notifications")

    @post("/notifications/read-all")
    async def read_all(self, request: Request[Any, Any, Any]) -> Redirect:
        await inbox.mark_read(principal_of(request).id)
        return Redirect(path="/notifications")

    @get("/notifications/settings")
    async def settings_page(
        self, request: Request[Any, Any, Any], saved: FromQuery[bool] = False
    ) -> Template:
        citizen = principal_of(request).id
        prefs = await preferences_of(citizen)
        optional = [event_named(name) for name in OPTIONAL_EVENTS]
        devices = await subscriptions_of(citizen)
        context = page_context(request, prefs=prefs, optional=optional, devices=devices, saved=saved)
        return Template("notifications/settings.html", context=context)

    @post("/notifications/settings")
    async def save_settings(self, request: Request[Any, Any, Any]) -> Redirect:
        form = await request.form()
        wanted = set(form.getall("events")) if "events" in form else set()
        muted = [name for name in OPTIONAL_EVENTS if name not in wanted]
        await inbox.save_preferences(principal_of(request).id, muted, str(form.get("channel", "push")))
        return Redirect(path="/notifications/settings?saved=true")

    @post("/notifications/devices/{subscription_id:int}/remove")
    async def remove_device(
        self, request: Request[Any, Any, Any], subscription_id: FromPath[int]
    ) -> Redirect:
        await remove_subscription(principal_of(request).id, subscription_id)
        return Redirect(path="/notifications/settings")

    @post("/push/subscriptions", status_code=201)
    async def subscribe_from_page(
        self, request: Request[Any, Any, Any], data: JSONBody[SubscriptionIn]
    ) -> dict[str, int]:
        _same_origin(request)
        row = await save_subscription(principal_of(request).id, data, request.app.state.settings)
        return {"id": int(row["id"])}
