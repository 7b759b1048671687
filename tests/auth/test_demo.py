from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.demo import DEMO_PASSWORD, load_identities
from auth.tables import Citizen, StaffUser
from backend.offices.demo import load_offices


async def test_demo_identities_load_once_and_can_log_in(client: AsyncTestClient[Litestar]) -> None:
    await load_offices()
    lines = await load_identities()
    await load_identities()
    assert await Citizen.count() == 4
    assert await StaffUser.count() == 4
    assert any("buuta.hoankiem" in line for line in lines)
    login = {"username": "buuta.hoankiem", "password": DEMO_PASSWORD}
    token = (await client.post("/api/v1/auth/staff/login", json=login)).json()["access_token"]
    me = (await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})).json()
    assert (me["roles"], me["staff"]["office_code"]) == (["courier"], "HN-BC-HOANKIEM")
