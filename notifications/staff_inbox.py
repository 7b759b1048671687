"""Staff alerts: the inbox rows addressed to an office (`recipient_kind="office"`) or to one staff
member (`"staff"`), such as `dossier.became_overdue` from the overdue job. Read-only for now:
`/counter/alerts` lists them newest first; the counter queue itself shows what is overdue."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from auth.guards import principal_of, require_role
from auth.principal import Principal
from backend.web import page_context, request_locale
from notifications.inbox import rendered
from notifications.tables import InboxItem


async def alerts_for(principal: Principal, locale: str, limit: int = 100) -> list[dict[str, Any]]:
    mine: Any = (InboxItem.recipient_kind == "staff") & (InboxItem.recipient_id == principal.id)
    if principal.office_id is not None:
        mine = mine | (
            (InboxItem.recipient_kind == "office") & (InboxItem.recipient_id == principal.office_id)
        )
    rows = (
        await InboxItem.select()
        .where(mine)
        .order_by(InboxItem._meta.primary_key, ascending=False)
        .limit(limit)
        .output(load_json=True)
    )
    return [rendered(row, locale) for row in rows]


class StaffAlertPages(Controller):
    path = "/counter/alerts"
    include_in_schema = False
    guards = [require_role("officer", "supervisor")]

    @get("/")
    async def alerts_page(self, request: Request[Any, Any, Any]) -> Template:
        items = await alerts_for(principal_of(request), request_locale(request))
        return Template("notifications/staff_alerts.html", context=page_context(request, items=items))
