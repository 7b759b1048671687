"""The in-app inbox: always available, so no message depends on a push being seen."""

from __future__ import annotations

from typing import Any

from notifications.outbox import Outcome
from notifications.tables import InboxItem


class InboxChannel:
    name = "inbox"

    async def send(self, message: dict[str, Any]) -> Outcome:
        payload = message["payload"]
        await InboxItem.insert(
            InboxItem(
                recipient_kind=message["recipient_kind"],
                recipient_id=message["recipient_id"],
                event=message["event"],
                dedupe_key=message["dedupe_key"],
                title_key=payload["title_key"],
                body_key=payload["body_key"],
                params=payload.get("params", {}),
                link=payload.get("link", ""),
            )
        ).on_conflict(target=InboxItem.dedupe_key, action="DO NOTHING")
        return Outcome("sent")
