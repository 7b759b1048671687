"""The overdue job marks a late dossier once and tells the office and its supervisor; an officer
sets a new date and the citizen receives the apology with it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.calendar.store import load_calendar
from backend.dossiers.jobs import mark_overdue_dossiers
from backend.dossiers.overdue import mark_overdue
from backend.dossiers.tables import Dossier, DossierEvent, DueDateChange
from backend.schedule import SCHEDULE
from i18n.formatting import VIETNAM
from notifications.tables import OutboxMessage
from tests.backend.dossiers.helpers import ANSWERS, catalogue, citizen, officer, submitted_dossier
from tests.factories import auth_headers

Client = AsyncTestClient[Litestar]


async def _received(client: Client, who: Any = None) -> tuple[dict[str, Any], dict[str, str]]:
    dossier = await submitted_dossier(client, who or await citizen())
    staff = await auth_headers(await officer())
    received = await client.post(f"/api/v1/counter/dossiers/{dossier['id']}/receive", headers=staff)
    assert received.status_code == 200, received.text
    return received.json(), staff


async def _due_at(dossier_id: int) -> datetime:
    row = await Dossier.select(Dossier.due_at).where(Dossier.id == dossier_id).first()
    assert row is not None
    return row["due_at"]


async def _make_late(dossier_id: int, hours: int = 2) -> None:
    await Dossier.update({Dossier.due_at: datetime.now(UTC) - timedelta(hours=hours)}).where(
        Dossier.id == dossier_id
    )


async def test_a_late_dossier_is_marked_once_and_the_office_and_supervisor_are_told(client: Client) -> None:
    await catalogue()
    who = await citizen()
    dossier, _ = await _received(client, who)
    supervisor = await officer(role="supervisor")
    due = await _due_at(dossier["id"])
    assert await mark_overdue(due - timedelta(minutes=1)) == 0
    after = due + timedelta(hours=1)
    assert await mark_overdue(after) == 1
    assert await mark_overdue(after) == 0
    assert await mark_overdue(after + timedelta(days=3)) == 0
    events = await DossierEvent.select().where(
        (DossierEvent.dossier == dossier["id"]) & (DossierEvent.action == "overdue")
    )
    assert len(events) == 1
    assert events[0]["visible_to_citizen"] is False
    alerts = (
        await OutboxMessage.select(
            OutboxMessage.recipient_kind, OutboxMessage.recipient_id, OutboxMessage.payload
        )
        .where(OutboxMessage.event == "dossier.became_overdue")
        .output(load_json=True)
    )
    office_id = (await Dossier.select(Dossier.office).where(Dossier.id == dossier["id"]).first())["office"]
    assert sorted((a["recipient_kind"], a["recipient_id"]) for a in alerts) == [
        ("office", office_id),
        ("staff", supervisor.id),
    ]
    assert alerts[0]["payload"]["params"] == {"code": dossier["code"]}
    # The citizen's timeline does not show the internal mark.
    mine = await client.get(f"/api/v1/dossiers/{dossier['id']}", headers=await auth_headers(who))
    assert "overdue" not in [e["action"] for e in mine.json()["timeline"]]


async def test_runs_side_by_side_mark_once_and_a_paused_clock_is_never_late(client: Client) -> None:
    await catalogue()
    late, _ = await _received(client)
    paused, staff = await _received(client)
    asked = await client.post(
        f"/api/v1/counter/dossiers/{paused['id']}/request_supplement",
        json={"note": "Thiếu ảnh"},
        headers=staff,
    )
    assert asked.status_code == 200
    later = max(await _due_at(late["id"]), await _due_at(paused["id"])) + timedelta(days=1)
    results = await asyncio.gather(mark_overdue(later), mark_overdue(later), mark_overdue(later))
    assert sum(results) == 1
    assert await DossierEvent.count().where(DossierEvent.action == "overdue") == 1
    assert await OutboxMessage.count().where(OutboxMessage.event == "dossier.became_overdue") == 1
    rows = {r["id"]: r for r in await Dossier.select(Dossier.id, Dossier.overdue_at)}
    assert rows[late["id"]]["overdue_at"] == later
    assert rows[paused["id"]]["overdue_at"] is None


def test_the_overdue_job_is_scheduled_every_minute() -> None:
    (entry,) = [entry for entry in SCHEDULE if entry.run is mark_overdue_dossiers]
    assert entry.cron == "* * * * *"


async def test_new_date_sends_the_apology_and_the_clock_restarts(client: Client) -> None:
    await catalogue()
    who = await citizen()
    dossier, staff = await _received(client, who)
    url = f"/api/v1/counter/dossiers/{dossier['id']}/due-date"
    calendar = await load_calendar()
    today = datetime.now(VIETNAM).date()
    new_day = calendar.next_working_day(calendar.next_working_day(today))
    body = {"new_due_date": new_day.isoformat(), "reason": "Chờ xác minh của cơ quan công an"}
    # Ten working days left: too early for an apology.
    too_early = await client.post(url, json=body, headers=staff)
    assert too_early.status_code == 409
    assert too_early.json()["type"].endswith("/new-due-date-not-yet")
    await _make_late(dossier["id"])
    queue = (await client.get("/api/v1/counter/dossiers", headers=staff)).json()
    assert [(d["id"], d["overdue"], d["due_soon"]) for d in queue] == [(dossier["id"], True, False)]
    assert await mark_overdue() == 1
    old_due = await _due_at(dossier["id"])
    weekend = today + timedelta(days=(5 - today.weekday()) % 7 or 7)  # the next Saturday
    for bad in (
        {**body, "new_due_date": today.isoformat()},
        {**body, "new_due_date": weekend.isoformat()} if not calendar.is_working_day(weekend) else None,
        {**body, "reason": "  "},
    ):
        if bad is not None:
            refused = await client.post(url, json=bad, headers=staff)
            assert refused.status_code == 422, bad
    assert await _due_at(dossier["id"]) == old_due
    other_office = await auth_headers(await officer("HN-BC-HOANKIEM"))
    assert (await client.post(url, json=body, headers=other_office)).status_code == 404
    done = await client.post(url, json=body, headers=staff)
    assert done.status_code == 200, done.text
    new_due = datetime.fromisoformat(done.json()["due_at"])
    assert new_due.astimezone(VIETNAM).date() == new_day
    assert [e["note"] for e in done.json()["timeline"] if e["action"] == "new_due_date"] == [body["reason"]]
    # The citizen sees the change on the timeline and gets the apology with the new date.
    mine = (await client.get(f"/api/v1/dossiers/{dossier['id']}", headers=await auth_headers(who))).json()
    assert "new_due_date" in [e["action"] for e in mine["timeline"]]
    apology = (
        await OutboxMessage.select(OutboxMessage.channel, OutboxMessage.payload)
        .where(OutboxMessage.event == "dossier.overdue")
        .output(load_json=True)
    )
    assert {m["channel"] for m in apology} >= {"inbox", "sms"}
    payload = apology[0]["payload"]
    assert payload["params"] == {"code": dossier["code"], "new_due_date": new_day.isoformat()}
    flat = str(payload)
    for personal in (ANSWERS["full_name"], ANSWERS["id_number"], "0912", body["reason"]):
        assert personal not in flat
    assert await DueDateChange.count().where(DueDateChange.dossier == dossier["id"]) == 1
    # Before the new date nothing is late; once it passes, the job marks the dossier again.
    assert await mark_overdue() == 0
    assert await mark_overdue(new_due + timedelta(minutes=5)) == 1
