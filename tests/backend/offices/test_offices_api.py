from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.offices.demo import load_offices


async def test_citizens_can_list_offices_of_a_kind_and_search_without_diacritics(
    client: AsyncTestClient[Litestar],
) -> None:
    await load_offices()
    await load_offices()  # idempotent: make run loads it on every start
    everything = (await client.get("/api/v1/offices")).json()
    assert len(everything) == 3
    postal = (await client.get("/api/v1/offices", params={"kind": "postal_unit"})).json()
    assert [office["code"] for office in postal] == ["HN-BC-HOANKIEM"]
    found = (await client.get("/api/v1/offices", params={"q": "cua nam"})).json()
    assert [office["name_vi"] for office in found] == ["Trung tâm Phục vụ hành chính công phường Cửa Nam"]
    assert "Phường Cửa Nam" in found[0]["serves_wards"]
