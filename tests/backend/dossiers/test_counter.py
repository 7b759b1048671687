"""Officers receive and decide dossiers of their own office; the process is a strict machine."""

import asyncio
from datetime import datetime

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.principal import Principal
from auth.tables import AuditEvent
from backend.calendar.rules import build_calendar, due_at
from backend.dossiers.access import dossier_for
from backend.dossiers.codes import next_code
from backend.dossiers.rules import apply
from backend.dossiers.tables import Dossier, DossierEvent
from backend.errors import Problem
from i18n.formatting import VIETNAM
from notifications.tables import OutboxMessage
from tests.backend.dossiers.helpers import catalogue, citizen, officer, pay_fee, submitted_dossier
from tests.factories import auth_headers, principal_for

Client = AsyncTestClient[Litestar]
QUEUE = "/api/v1/counter/dossiers"


async def test_reception_sets_the_due_date_from_the_working_day_rules(
    client: AsyncTestClient[Litestar],
) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)
    staff = await auth_headers(await officer())
    received = await client.post(f"/api/v1/counter/dossiers/{dossier['id']}/receive", headers=staff)
    assert received.status_code == 200
    body = received.json()
    assert body["status"] == "received"
    at = datetime.fromisoformat(body["received_at"])
    assert datetime.fromisoformat(body["due_at"]) == due_at(at, 10, build_calendar())
    # The citizen sees it, with the same due date, and has a message in their inbox.
    mine = (await client.get(f"/api/v1/dossiers/{dossier['id']}", headers=await auth_headers(who))).json()
    assert (mine["status"], mine["due_at"]) == ("received", body["due_at"])
    assert [e["action"] for e in mine["timeline"]] == ["submit", "receive"]
    # "Dossier received, result due dd/mm/yyyy": inbox, and SMS since they have no push device.
    messages = await OutboxMessage.select().where(OutboxMessage.recipient_id == who.id).output(load_json=True)
    assert {m["channel"] for m in messages} == {"inbox", "sms"}
    # (At submission they were told the fee is due: payment.needed.)
    assert {m["event"] for m in messages} == {"payment.needed", "dossier.received"}
    messages = [m for m in messages if m["event"] == "dossier.received"]
    due_local = datetime.fromisoformat(body["due_at"]).astimezone(VIETNAM).date().isoformat()
    assert messages[0]["payload"]["params"] == {"code": dossier["code"], "due_date": due_local}


async def test_a_supplement_request_tells_the_citizen_what_is_missing(client: Client) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)
    staff = await auth_headers(await officer())
    base = f"/api/v1/counter/dossiers/{dossier['id']}"
    assert (await client.post(f"{base}/receive", headers=staff)).status_code == 200
    asked = await client.post(
        f"{base}/request_supplement", json={"note": "Thiếu bản sao giấy khai sinh"}, headers=staff
    )
    assert asked.status_code == 200, asked.text
    rows = (
        await OutboxMessage.select()
        .where(OutboxMessage.event == "dossier.supplement_requested")
        .output(load_json=True)
    )
    # It must reach them: SMS as well as the inbox.
    assert {row["channel"] for row in rows} == {"inbox", "sms"}
    assert rows[0]["payload"]["params"]["missing"] == "Thiếu bản sao giấy khai sinh"


async def test_another_offices_officer_and_citizens_get_nothing(client: Client) -> None:
    await catalogue()
    dossier = await submitted_dossier(client, await citizen())
    elsewhere = await auth_headers(await officer("HN-CUANAM"))
    assert (
        await client.get(f"/api/v1/counter/dossiers/{dossier['id']}", headers=elsewhere)
    ).status_code == 404
    refused = await client.post(f"/api/v1/counter/dossiers/{dossier['id']}/receive", headers=elsewhere)
    assert refused.status_code == 404
    assert (await client.get(QUEUE, headers=elsewhere)).json() == []
    courier = await auth_headers(await officer("HN-STP", role="courier"))
    assert (await client.get(QUEUE, headers=courier)).status_code == 403
    as_citizen = await auth_headers(await citizen())
    assert (await client.get(QUEUE, headers=as_citizen)).status_code == 403
    row = await Dossier.select(Dossier.status).where(Dossier.id == dossier["id"]).first()
    assert row == {"status": "submitted"}


async def test_illegal_transitions_answer_409_and_change_nothing(client: Client) -> None:
    await catalogue()
    dossier = await submitted_dossier(client, await citizen())
    staff = await auth_headers(await officer())
    url = f"/api/v1/counter/dossiers/{dossier['id']}"
    for action in ("approve", "return", "result_ready", "start"):
        response = await client.post(f"{url}/{action}", headers=staff)
        assert response.status_code == 409, action
        assert response.json()["status"] == "submitted"
    refuse_without_reason = await client.post(f"{url}/refuse", json={"note": " "}, headers=staff)
    assert refuse_without_reason.status_code == 422
    assert (await client.post(f"{url}/fly", headers=staff)).status_code == 404
    assert (await client.get(url, headers=staff)).json()["status"] == "submitted"
    assert await DossierEvent.count().where(DossierEvent.dossier == dossier["id"]) == 1


async def test_two_officers_receiving_at_once_cannot_both_win(client: Client) -> None:
    await catalogue()
    dossier = await submitted_dossier(client, await citizen())
    first, second = await officer(), await officer()
    # Both read the dossier before either acts (the race a double click or two desks make).
    seen = [await dossier_for(principal_for(o), dossier["id"]) for o in (first, second)]
    now = datetime.fromisoformat("2026-03-02T09:00:00+07:00")
    await apply(principal_for(first), seen[0], "receive", now=now)
    with pytest.raises(Problem) as lost:
        await apply(principal_for(second), seen[1], "receive", now=now)
    assert lost.value.status_code == 409
    assert await DossierEvent.count().where(DossierEvent.action == "receive") == 1
    # And over HTTP, concurrently: one 200, one 409.
    other = await submitted_dossier(client, await citizen())
    headers = [await auth_headers(o) for o in (first, second)]
    url = f"/api/v1/counter/dossiers/{other['id']}/receive"
    answers = await asyncio.gather(*(client.post(url, headers=h) for h in headers))
    assert sorted(a.status_code for a in answers) == [200, 409]


async def test_codes_stay_unique_under_concurrency() -> None:
    now = datetime.fromisoformat("2026-11-23T09:00:00+07:00")
    codes = await asyncio.gather(*(next_code("STP", now) for _ in range(20)))
    assert len(set(codes)) == 20
    assert sorted(codes)[0] == "STP-261123-0001"
    assert sorted(codes)[-1] == "STP-261123-0020"


async def test_the_whole_process_with_a_supplement_and_one_rating(client: Client) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)
    staff = await auth_headers(await officer())
    mine = await auth_headers(who)
    url = f"/api/v1/counter/dossiers/{dossier['id']}"
    await pay_fee(client, dossier["id"])
    for action, note in (
        ("receive", ""),
        ("start", ""),
        ("request_supplement", "Thiếu bản chụp mặt sau thẻ căn cước"),
    ):
        assert (await client.post(f"{url}/{action}", json={"note": note}, headers=staff)).status_code == 200
    waiting = (await client.get(f"/api/v1/dossiers/{dossier['id']}", headers=mine)).json()
    assert waiting["status"] == "waiting_for_supplement"
    assert waiting["timeline"][-1]["note"] == "Thiếu bản chụp mặt sau thẻ căn cước"
    early_rating = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/rating", json={"rating": "satisfied"}, headers=mine
    )
    assert early_rating.status_code == 409
    resumed = await client.post(f"/api/v1/dossiers/{dossier['id']}/supplement", headers=mine)
    assert resumed.json()["status"] == "processing"
    for action in ("approve", "result_ready", "return"):
        assert (await client.post(f"{url}/{action}", headers=staff)).status_code == 200, action
    rated = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/rating",
        json={"rating": "satisfied", "comment": "Nhanh"},
        headers=mine,
    )
    assert rated.json()["rating"] == "satisfied"
    twice = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/rating", json={"rating": "not_satisfied"}, headers=mine
    )
    assert twice.status_code == 409
    final = (await client.get(f"/api/v1/dossiers/{dossier['id']}", headers=mine)).json()
    assert final["rating"] == "satisfied"
    assert [e["to_status"] for e in final["timeline"]] == [
        "submitted", "submitted", "received", "processing", "waiting_for_supplement", "processing",
        "approved", "result_ready", "returned",
    ]  # fmt: skip


async def test_the_queue_filters_and_finds_by_code_phone_or_id_number(
    client: AsyncTestClient[Litestar],
) -> None:
    await catalogue()
    first = await submitted_dossier(client, await citizen())
    second = await submitted_dossier(client, await citizen())
    staff = await auth_headers(await officer())
    await client.post(f"/api/v1/counter/dossiers/{second['id']}/receive", headers=staff)
    queue = (await client.get(QUEUE, headers=staff)).json()
    assert [d["id"] for d in queue] == [second["id"], first["id"]]  # due dates first
    submitted = (
        await client.get("/api/v1/counter/dossiers", params={"status": "submitted"}, headers=staff)
    ).json()
    assert [d["id"] for d in submitted] == [first["id"]]
    by_code = (await client.post(f"{QUEUE}/search", json={"q": first["code"].lower()}, headers=staff)).json()
    assert [d["id"] for d in by_code] == [first["id"]]
    by_phone = (await client.post(f"{QUEUE}/search", json={"q": "0912345678"}, headers=staff)).json()
    by_id = (await client.post(f"{QUEUE}/search", json={"q": "001090012345"}, headers=staff)).json()
    assert {d["id"] for d in by_phone} == {d["id"] for d in by_id} == {first["id"], second["id"]}


async def test_public_lookup_shows_status_and_due_date_only(client: Client) -> None:
    await catalogue()
    dossier = await submitted_dossier(client, await citizen())
    body = (await client.get(f"/api/v1/lookup/{dossier['code']}")).json()
    assert set(body) == {"code", "status", "procedure_name", "due_at"}
    assert body["status"] == "submitted"
    assert "Nguyễn" not in str(body)
    assert (await client.get("/api/v1/lookup/STP-000000-0000")).status_code == 404


async def test_lookup_is_rate_limited(client: Client) -> None:
    statuses = [(await client.get(f"/api/v1/lookup/STP-000000-{n:04d}")).status_code for n in range(25)]
    assert statuses[:20] == [404] * 20
    assert statuses[-1] == 429


async def test_a_staff_principal_without_an_office_sees_nothing() -> None:
    await catalogue()
    principal = Principal("staff", 999, role="officer", office_id=None)
    with pytest.raises(Problem) as missing:
        await dossier_for(principal, 1)
    assert missing.value.status_code == 404


async def test_the_lookup_page_shows_status_and_due_date_in_vietnamese(client: Client) -> None:
    await catalogue()
    dossier = await submitted_dossier(client, await citizen())
    staff = await auth_headers(await officer())
    received = (await client.post(f"{QUEUE}/{dossier['id']}/receive", headers=staff)).json()
    page = await client.get(f"/lookup/{dossier['code']}")
    assert page.status_code == 200
    assert "Đã tiếp nhận" in page.text
    due = datetime.fromisoformat(received["due_at"])
    assert due.strftime("%d/%m/%Y") in page.text
    assert "Nguyễn" not in page.text
    assert (await client.get("/lookup/STP-000000-0000")).status_code == 404


async def test_an_officer_reading_a_dossier_is_audited_without_personal_data(client: Client) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)
    reader = await officer()
    seen = await client.get(f"{QUEUE}/{dossier['id']}", headers=await auth_headers(reader))
    assert seen.status_code == 200
    rows = await AuditEvent.select().where(AuditEvent.action == "citizen_read").output(load_json=True)
    assert len(rows) == 1
    row = rows[0]
    assert (row["actor_kind"], row["actor_id"], row["target_kind"], row["target_id"]) == (
        "staff",
        reader.id,
        "citizen",
        who.id,
    )
    assert who.id_number not in str(row)
    assert who.full_name not in str(row)
