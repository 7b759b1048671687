from litestar import Litestar
from litestar.testing import AsyncTestClient
from piccolo.engine.postgres import PostgresEngine


async def test_health_reports_a_reachable_database(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response.headers["cache-control"] == "no-store"


async def test_health_answers_503_when_the_database_is_unreachable(app: Litestar) -> None:
    # A real engine pointed at a port where nothing listens: the query fails, health says so.
    app.state.engine = PostgresEngine(
        config={"host": "127.0.0.1", "port": 9, "user": "nobody", "database": "none"}
    )
    async with AsyncTestClient(app=app) as client:
        response = await client.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}
