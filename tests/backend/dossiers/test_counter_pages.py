"""Counter pages: an officer logs in, finds the dossier in their office's queue, acts on it
through form buttons; refused actions show why and change nothing; other offices see nothing."""

from __future__ import annotations

from datetime import datetime

from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.calendar.rules import build_calendar, due_at
from backend.dossiers.tables import Dossier
from backend.offices.tables import Office
from i18n import format_date
from tests.backend.dossiers.helpers import catalogue, citizen, officer, submitted_dossier
from tests.factories import make_staff
from tests.logins import citizen_login, staff_login

Client = AsyncTestClient[Litestar]


async def test_officer_finds_receives_and_asks_for_a_supplement(app: Litestar, client: Client) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)
    token = await staff_login(client, await officer())
    assert 'href="/counter/dossiers"' in (await client.get("/counter")).text
    queue = await client.get("/counter/dossiers")
    assert dossier["code"] in queue.text
    # The search form posts, so the ID number or phone never lands in a URL (history, proxy logs).
    assert 'method="post" action="/counter/dossiers"' in queue.text
    by_id_number = await client.post("/counter/dossiers", data={"q": "001090012345", "_csrf_token": token})
    assert dossier["code"] in by_id_number.text
    by_phone = await client.post("/counter/dossiers", data={"q": "0912345678", "_csrf_token": token})
    assert dossier["code"] in by_phone.text
    nobody = await client.post("/counter/dossiers", data={"q": "0999999999", "_csrf_token": token})
    assert 'data-testid="queue-empty"' in nobody.text
    page_path = f"/counter/dossiers/{dossier['id']}"
    page = await client.get(page_path)
    assert 'data-testid="action-receive"' in page.text
    assert 'data-testid="action-refuse"' in page.text
    assert "Nguyễn Văn An" in page.text
    received = await client.post(f"{page_path}/receive", data={"_csrf_token": token}, follow_redirects=False)
    assert received.status_code == 303
    row = await Dossier.objects().where(Dossier.id == dossier["id"]).first()
    assert row is not None
    assert row.status == "received"
    assert row.due_at == due_at(row.received_at, 10, build_calendar())
    shown = await client.get(page_path)
    assert f'data-testid="dossier-due">{format_date(row.due_at)}' in shown.text
    # A supplement request needs a note: without one nothing changes and the page says why.
    no_note = await client.post(f"{page_path}/request_supplement", data={"_csrf_token": token})
    assert no_note.status_code == 422
    assert "Cần ghi rõ lý do" in no_note.text
    again = await client.post(f"{page_path}/receive", data={"_csrf_token": token})
    assert again.status_code == 409
    asked = await client.post(
        f"{page_path}/request_supplement",
        data={"note": "Bổ sung ảnh CCCD mặt sau", "_csrf_token": token},
        follow_redirects=False,
    )
    assert asked.status_code == 303
    # The citizen's page shows what is asked of them, with the officer's note.
    async with AsyncTestClient(app=app) as citizen_client:
        await citizen_login(citizen_client, str(who.phone))
        mine = await citizen_client.get(f"/dossiers/{dossier['id']}")
    assert 'data-testid="supplement-request"' in mine.text
    assert "Bổ sung ảnh CCCD mặt sau" in mine.text
    assert "Chờ bổ sung hồ sơ" in mine.text


async def test_another_office_sees_nothing_and_citizens_are_kept_out(client: Client) -> None:
    await catalogue()
    dossier = await submitted_dossier(client, await citizen())
    other_office = await Office.objects().where(Office.code != "HN-STP").first()
    assert other_office is not None
    await staff_login(client, await make_staff(role="officer", office=other_office))
    assert dossier["code"] not in (await client.get("/counter/dossiers")).text
    assert (await client.get(f"/counter/dossiers/{dossier['id']}")).status_code == 404
    row = await Dossier.objects().where(Dossier.id == dossier["id"]).first()
    assert row is not None
    assert row.status == "submitted"
    assert isinstance(row.submitted_at, datetime)
