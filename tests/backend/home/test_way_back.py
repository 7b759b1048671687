"""Always a way back: logged in, every page's header says who is there and leads to their
dossiers, wallet, notifications (with the unread count) and logging out; the home page shows the
open dossiers and what each asks; login lands where the citizen was going, or on their dossiers;
staff tapping a citizen's link get their own home; anyone looks a dossier up by its code."""

from __future__ import annotations

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from notifications.tables import InboxItem
from tests.auth.helpers import latest_code
from tests.backend.dossiers.helpers import ANSWERS, LLTP, catalogue, officer, submitted_dossier
from tests.factories import auth_headers, make_citizen
from tests.logins import citizen_login, csrf_token, staff_login

Client = AsyncTestClient[Litestar]


async def _inbox(citizen_id: int, n: int, *, read: bool = False) -> None:
    for i in range(n):
        await InboxItem.insert(
            InboxItem(
                recipient_kind="citizen",
                recipient_id=citizen_id,
                event="dossier.received",
                dedupe_key=f"test:{citizen_id}:{read}:{i}",
                title_key="notify.dossier.received.title",
                body_key="notify.dossier.received.body",
                params={},
                read=read,
            )
        )


async def test_every_page_header_names_the_citizen_and_leads_back(client: Client) -> None:
    await catalogue()
    who = await make_citizen(full_name="Nguyễn Thị Bình")
    await _inbox(who.id, 3)
    await _inbox(who.id, 2, read=True)
    stranger = await client.get("/procedures")
    assert 'data-testid="account-nav"' not in stranger.text
    await citizen_login(client, who)
    for path in ("/", "/procedures", f"/procedures/{LLTP}", "/wallet", "/notifications/settings"):
        page = await client.get(path)
        assert page.status_code == 200, path
        nav = re.search(r'<nav class="account-nav".*?</nav>', page.text, re.S)
        assert nav, path
        assert "Nguyễn Thị Bình" in nav.group(0)
        for link in ('href="/dossiers"', 'href="/wallet"', 'href="/notifications"', 'action="/logout"'):
            assert link in nav.group(0), (path, link)
        assert re.search(r'data-testid="nav-unread">3<', nav.group(0)), path


async def test_a_phone_login_without_a_name_shows_the_phone_end_only(client: Client) -> None:
    who = await make_citizen(full_name="", phone="+84912000123")
    await citizen_login(client, who)
    nav = re.search(r'<nav class="account-nav".*?</nav>', (await client.get("/wallet")).text, re.S)
    assert nav
    assert "••• 0123" in nav.group(0)
    assert "0912000123" not in nav.group(0)
    assert "+84912000123" not in nav.group(0)


async def test_login_lands_where_the_citizen_was_going_or_on_their_dossiers(client: Client) -> None:
    await catalogue()
    who = await make_citizen()
    token = await csrf_token(client, "/login")
    assert 'name="next" value="/dossiers"' in (await client.get("/login")).text
    await client.post("/login/phone", data={"phone": str(who.phone), "_csrf_token": token})
    code = await latest_code(client, str(who.phone))
    done = await client.post(
        "/login/phone/verify",
        data={"phone": str(who.phone), "code": code, "_csrf_token": token},
        follow_redirects=False,
    )
    assert done.headers["location"] == "/dossiers"
    # Sent to log in from a page: back to that page.
    other = await make_citizen()
    client.cookies.clear()
    await citizen_login(client, other, next_path=f"/procedures/{LLTP}")
    gone = await client.get("/wallet", follow_redirects=False)
    assert gone.status_code == 200


async def test_the_home_page_shows_open_dossiers_and_what_each_asks(client: Client) -> None:
    await catalogue()
    who = await make_citizen()
    submitted = await submitted_dossier(client, who)  # counter, with a fee not paid yet
    headers = await auth_headers(who)
    draft = await client.post(
        "/api/v1/dossiers",
        json={"procedure_code": LLTP, "answers": ANSWERS, "channel": "postal_pickup"},
        headers=headers,
    )
    pickup = await client.post(f"/api/v1/dossiers/{draft.json()['id']}/submit", headers=headers)
    assert pickup.status_code == 200
    unfinished = await client.post(
        "/api/v1/dossiers", json={"procedure_code": LLTP, "answers": {}}, headers=headers
    )
    await citizen_login(client, who)
    home = await client.get("/")
    assert 'data-testid="home-login"' not in home.text
    asks = {
        code: re.search(rf'data-testid="asks-{code}".*?</ul>', home.text, re.S)
        for code in (submitted["code"], pickup.json()["code"], unfinished.json()["code"])
    }
    assert all(asks.values()), asks
    assert "Nộp lệ phí" in asks[submitted["code"]].group(0)  # type: ignore[union-attr]
    assert "Đặt lịch" not in asks[submitted["code"]].group(0)  # type: ignore[union-attr]  # counter: optional
    pickup_asks = asks[pickup.json()["code"]].group(0)  # type: ignore[union-attr]
    assert "Nộp lệ phí" in pickup_asks
    assert "Đặt lịch bưu điện đến lấy hồ sơ" in pickup_asks
    assert f'href="/dossiers/{pickup.json()["id"]}/booking"' in pickup_asks
    draft_asks = asks[unfinished.json()["code"]].group(0)  # type: ignore[union-attr]
    assert f'href="/dossiers/{unfinished.json()["id"]}/review"' in draft_asks
    # Another citizen's home shows none of these.
    client.cookies.clear()
    await citizen_login(client, await make_citizen())
    assert submitted["code"] not in (await client.get("/")).text


async def test_staff_tapping_a_citizens_link_get_their_own_home(client: Client) -> None:
    await catalogue()
    who = await make_citizen()
    dossier = await submitted_dossier(client, who)
    staff = await officer()
    await staff_login(client, staff)
    for path in (f"/dossiers/{dossier['id']}", "/dossiers", "/wallet", "/notifications", "/"):
        answer = await client.get(path, follow_redirects=False)
        assert (answer.status_code, answer.headers.get("location")) == (303, "/counter"), path
    # The API still answers 403, and a form post is not redirected.
    assert (await client.get("/api/v1/dossiers", headers=await auth_headers(staff))).status_code == 403
    token = await csrf_token(client, "/counter")
    posted = await client.post(f"/dossiers/{dossier['id']}/withdraw", data={"_csrf_token": token})
    assert posted.status_code == 403


async def test_anyone_looks_a_dossier_up_by_its_code(client: Client) -> None:
    await catalogue()
    dossier = await submitted_dossier(client, await make_citizen())
    form = await client.get("/lookup")
    assert form.status_code == 200
    assert 'action="/lookup"' in form.text
    assert 'name="code"' in form.text
    found = await client.get("/lookup", params={"code": f" {dossier['code'].lower()} "})
    assert found.status_code == 200
    assert 'data-testid="lookup-status">Đã nộp, chờ tiếp nhận<' in found.text
    missing = await client.get("/lookup", params={"code": "STP-000000-9999"})
    assert missing.status_code == 404
    assert 'data-testid="lookup-not-found"' in missing.text
    assert 'value="STP-000000-9999"' in missing.text
