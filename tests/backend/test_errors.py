"""Every error is problem details in the API and a readable page elsewhere, never a trace.

Routes that only these tests need are registered on the real app (`app.register`), so the
whole middleware and exception stack runs as it does in production.
"""

import msgspec
import pytest
from litestar import Litestar, get, post
from litestar.params import JSONBody
from litestar.testing import AsyncTestClient

PROBLEM = "application/problem+json"


class Echo(msgspec.Struct):
    name: str
    copies: int


@post("/api/v1/_test/echo")
async def echo(data: JSONBody[Echo]) -> Echo:
    return data


@get("/api/v1/_test/boom")
async def boom() -> None:
    raise RuntimeError("database password is hunter2")


@get("/_test/boom-page")
async def boom_page() -> None:
    raise RuntimeError("database password is hunter2")


@pytest.fixture
async def client(app: Litestar):  # type: ignore[no-untyped-def]
    for handler in (echo, boom, boom_page):
        app.register(handler)
    async with AsyncTestClient(app=app, raise_server_exceptions=False) as client:
        yield client


async def test_unknown_api_path_is_a_404_problem(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == 404
    assert body["type"].endswith("/not-found")
    assert body["title"] == "Không tìm thấy trang hoặc dữ liệu"
    assert body["request_id"] == response.headers["x-request-id"]


async def test_problem_titles_follow_accept_language(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/api/v1/does-not-exist", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert response.json()["title"] == "Not found"


async def test_wrong_method_is_a_405_problem(client: AsyncTestClient[Litestar]) -> None:
    response = await client.delete("/api/v1/meta")
    assert response.status_code == 405
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["type"].endswith("/method-not-allowed")


async def test_body_over_the_limit_is_a_413_problem(client: AsyncTestClient[Litestar], app: Litestar) -> None:
    limit = app.state.settings.max_request_body_bytes
    response = await client.post(
        "/api/v1/_test/echo",
        content=b"{" + b" " * (limit + 10) + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["type"].endswith("/too-large")


async def test_schema_violation_is_a_422_problem_naming_the_field(client: AsyncTestClient[Litestar]) -> None:
    response = await client.post("/api/v1/_test/echo", json={"name": "Nguyễn Văn A", "copies": "many"})
    assert response.status_code == 422
    body = response.json()
    assert body["type"].endswith("/validation")
    assert [error["field"] for error in body["errors"]] == ["copies"]


async def test_malformed_json_is_a_400_problem(client: AsyncTestClient[Litestar]) -> None:
    response = await client.post(
        "/api/v1/_test/echo", content=b'{"name": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["type"].endswith("/malformed")


async def test_valid_body_passes(client: AsyncTestClient[Litestar]) -> None:
    response = await client.post("/api/v1/_test/echo", json={"name": "Trần Thị Bình", "copies": 2})
    assert response.status_code == 201
    assert response.json() == {"name": "Trần Thị Bình", "copies": 2}


async def test_server_error_is_a_500_problem_without_trace_or_message(
    client: AsyncTestClient[Litestar],
) -> None:
    response = await client.get("/api/v1/_test/boom")
    assert response.status_code == 500
    assert response.headers["content-type"].startswith(PROBLEM)
    text = response.text
    assert "hunter2" not in text
    assert "Traceback" not in text
    assert "RuntimeError" not in text
    assert response.json()["title"] == "Đã có lỗi xảy ra"


async def test_pages_get_a_readable_vietnamese_error_page(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/khong-ton-tai", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="vi">' in response.text
    assert "Không tìm thấy trang hoặc dữ liệu" in response.text
    assert "Về trang chủ" in response.text


async def test_page_server_error_shows_a_page_without_trace(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/_test/boom-page", headers={"Accept": "text/html"})
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")
    assert "Đã có lỗi xảy ra" in response.text
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text
