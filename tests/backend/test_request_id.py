from litestar import Litestar
from litestar.testing import AsyncTestClient
from structlog.testing import capture_logs


async def test_each_request_gets_an_id_echoed_in_the_response(client: AsyncTestClient[Litestar]) -> None:
    first = await client.get("/health")
    second = await client.get("/health")
    assert len(first.headers["x-request-id"]) == 32
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_a_sane_incoming_request_id_is_kept_and_junk_is_replaced(
    client: AsyncTestClient[Litestar],
) -> None:
    kept = await client.get("/health", headers={"X-Request-ID": "lb-7f3a9c21"})
    assert kept.headers["x-request-id"] == "lb-7f3a9c21"
    replaced = await client.get("/health", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert replaced.headers["x-request-id"] != "<script>alert(1)</script>"
    assert len(replaced.headers["x-request-id"]) == 32


async def test_access_log_names_the_route_not_the_raw_path_or_query(
    client: AsyncTestClient[Litestar],
) -> None:
    with capture_logs() as logs:
        await client.get("/lang/en?next=/ho-so/079912345678", follow_redirects=False)
    lines = [entry for entry in logs if entry.get("event") == "request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["route"] == "/lang/{locale}"
    assert line["status"] == 302
    assert "079912345678" not in repr(line)
    assert line["request_id"]
