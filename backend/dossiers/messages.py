"""What the citizen is told when staff move their dossier: the notification events of
notifications/events.py where one exists (push, SMS when it must reach them, inbox), and a
plain inbox line for the other moves. Called inside the transaction of the move."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from i18n.formatting import VIETNAM
from notifications.notify import citizen_recipient, notify
from notifications.outbox import enqueue

# Dossier status reached → notification event.
EVENT_FOR_STATUS = {
    "received": "dossier.received",
    "waiting_for_supplement": "dossier.supplement_requested",
    "result_ready": "dossier.result_ready",
    "returned": "dossier.result_delivered",
}


def _params(event: str, dossier: dict[str, Any], due_at: datetime | None, note: str) -> dict[str, Any]:
    params: dict[str, Any] = {"code": dossier["code"]}
    if event == "dossier.received" and due_at is not None:
        params["due_date"] = due_at.astimezone(VIETNAM).date()
    if event == "dossier.supplement_requested":
        params["missing"] = note.strip()[:200]
    return params


async def tell_citizen(
    dossier: dict[str, Any], status: str, *, due_at: datetime | None, note: str, version: int
) -> None:
    link = f"/dossiers/{dossier['id']}"
    discriminator = f"{dossier['id']}:{version}"
    event = EVENT_FOR_STATUS.get(status)
    if event is None:
        await enqueue(
            event=f"dossier.{status}",
            recipient_kind="citizen",
            recipient_id=int(dossier["citizen"]),
            channels=["inbox"],
            payload={
                "title_key": "notify.dossier.title",
                "body_key": f"status.{status}",
                "params": {"code": dossier["code"]},
                "link": link,
            },
            discriminator=discriminator,
        )
        return
    citizen = await citizen_recipient(int(dossier["citizen"]))
    await notify(event, citizen, _params(event, dossier, due_at, note), link, discriminator)
    if status == "returned":
        await notify("rating.request", citizen, {"code": dossier["code"]}, link, discriminator)
