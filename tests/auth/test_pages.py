"""Login pages over plain HTTP forms: CSRF required, phone + code to the profile, staff landing,
logout, and pages sending strangers to the right login page."""

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.auth.helpers import latest_code
from tests.factories import STAFF_PASSWORD, make_staff


async def _csrf(client: AsyncTestClient[Litestar], path: str) -> str:
    page = await client.get(path)
    assert page.status_code == 200
    found = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert found
    return found.group(1)


async def test_a_form_post_without_the_csrf_token_is_refused(client: AsyncTestClient[Litestar]) -> None:
    await client.get("/login")
    response = await client.post("/login/phone", data={"phone": "0912000020"})
    assert response.status_code == 403
    assert (await client.get("/_sim/sms/messages", params={"to": "0912000020"})).json() == []


async def test_phone_login_through_the_pages_then_logout(client: AsyncTestClient[Litestar]) -> None:
    token = await _csrf(client, "/login")
    sent = await client.post(
        "/login/phone", data={"phone": "0912000021", "next": "/profile", "_csrf_token": token}
    )
    assert sent.status_code == 200
    assert 'name="code"' in sent.text
    code = await latest_code(client, "0912000021")
    wrong = await client.post(
        "/login/phone/verify", data={"phone": "+84912000021", "code": "000000", "_csrf_token": token}
    )
    assert wrong.status_code == 400
    assert 'role="alert"' in wrong.text
    done = await client.post(
        "/login/phone/verify",
        data={"phone": "+84912000021", "code": code, "next": "/profile", "_csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "httponly" in done.headers["set-cookie"].lower()
    assert "samesite=lax" in done.headers["set-cookie"].lower()
    profile = await client.get("/profile")
    assert "+84912000021" in profile.text
    out = await client.post("/logout", data={"_csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    after = await client.get("/profile", follow_redirects=False)
    assert after.status_code == 303
    assert after.headers["location"].startswith("/login?next=")


async def test_staff_land_on_their_area_and_see_their_office(client: AsyncTestClient[Litestar]) -> None:
    officer = await make_staff(role="officer", full_name="Lê Thị Hằng")
    assert (
        (await client.get("/counter", follow_redirects=False)).headers["location"].startswith("/staff/login")
    )
    token = await _csrf(client, "/staff/login")
    done = await client.post(
        "/staff/login",
        data={"username": officer.username, "password": STAFF_PASSWORD, "_csrf_token": token},
        follow_redirects=False,
    )
    assert done.headers["location"] == "/counter"
    counter = await client.get("/counter")
    assert "Lê Thị Hằng" in counter.text
    assert "Bộ phận Một cửa thử nghiệm" in counter.text
    assert (await client.get("/courier")).status_code == 403
