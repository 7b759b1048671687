"""GET /api/v1/me: the caller's own profile, for citizens and staff; nothing without a token."""

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.factories import auth_headers, make_citizen, make_staff


async def test_a_citizen_sees_their_own_verified_profile(client: AsyncTestClient[Litestar]) -> None:
    citizen = await make_citizen(full_name="Trần Văn Bảo", phone="+84912000111")
    response = await client.get("/api/v1/me", headers=await auth_headers(citizen))
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "citizen"
    assert body["roles"] == ["citizen"]
    assert body["citizen"]["full_name"] == "Trần Văn Bảo"
    assert body["citizen"]["phone"] == "+84912000111"
    assert body["citizen"]["verified"] is True


async def test_staff_see_their_role_and_office(client: AsyncTestClient[Litestar]) -> None:
    courier = await make_staff(role="courier")
    body = (await client.get("/api/v1/me", headers=await auth_headers(courier))).json()
    assert body["kind"] == "staff"
    assert body["roles"] == ["courier"]
    assert body["staff"]["username"] == courier.username
    assert body["staff"]["office_code"].startswith("TEST-")


async def test_without_a_token_me_answers_401_problem(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    garbage = await client.get("/api/v1/me", headers={"Authorization": "Bearer not-a-token"})
    assert garbage.status_code == 401


async def test_a_disabled_staff_account_loses_access_at_once(client: AsyncTestClient[Litestar]) -> None:
    officer = await make_staff()
    headers = await auth_headers(officer)
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 200
    officer.disabled = True
    await officer.save()
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 401
    assert (await client.get("/api/v1/auth/principal", headers=headers)).status_code == 401


async def test_a_role_change_applies_to_the_next_request(client: AsyncTestClient[Litestar]) -> None:
    officer = await make_staff()
    headers = await auth_headers(officer)
    officer.role = "supervisor"
    await officer.save()
    body = (await client.get("/api/v1/auth/principal", headers=headers)).json()
    assert body["role"] == "supervisor"
