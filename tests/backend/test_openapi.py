from litestar import Litestar
from litestar.testing import AsyncTestClient


async def test_the_api_is_described_at_schema_openapi_json(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["info"]["title"] == "MotCua API"
    assert "/api/v1/meta" in spec["paths"]
    assert "/health" in spec["paths"]
    # Pages are not part of the API description.
    assert "/" not in spec["paths"]
    assert "/sw.js" not in spec["paths"]
