"""Uploads over HTTP, as POST /api/v1/dossiers/{id}/files will receive them (a stand-in route
registered on the real app calls the same `receive_upload`), and GET /api/v1/files/{id}."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from litestar import Litestar, Request, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.testing import AsyncTestClient

from auth.guards import require_citizen
from backend.uploads.api import UPLOAD_BODY_LIMIT, receive_upload
from backend.uploads.schemas import StoredFileOut, UploadForm
from tests.backend.uploads import images
from tests.factories import auth_headers, make_citizen

UPLOAD_PATH = "/api/v1/test-uploads"


@post(UPLOAD_PATH, guards=[require_citizen], request_max_body_size=UPLOAD_BODY_LIMIT)
async def upload(
    request: Request[Any, Any, Any],
    data: Annotated[UploadForm, Body(media_type=RequestEncodingType.MULTI_PART)],
) -> StoredFileOut:
    return await receive_upload(request, data)


@pytest.fixture
def app_with_upload(app: Litestar) -> Litestar:
    app.register(upload)
    return app


@pytest.fixture
async def uploader(app_with_upload: Litestar) -> Any:
    async with AsyncTestClient(app=app_with_upload) as client:
        yield client


async def test_a_citizen_uploads_a_photo_and_only_they_can_download_it(
    uploader: AsyncTestClient[Litestar],
) -> None:
    citizen, stranger = await make_citizen(), await make_citizen()
    headers = await auth_headers(citizen)
    sent = await uploader.post(
        UPLOAD_PATH,
        headers=headers | {"Accept-Language": "en"},
        files={"file": ("Giấy khai sinh.jpg", images.jpeg_with_orientation_and_gps(), "image/jpeg")},
        data={"document": "giay_khai_sinh"},
    )
    assert sent.status_code == 201, sent.text
    body = sent.json()
    assert (body["width"], body["height"], body["mime"]) == (300, 400, "image/jpeg")
    assert body["warnings"] == ["too_small"]
    assert body["warning_texts"] == ["The photo is small; the text may be hard to read. Move closer."]

    got = await uploader.get(f"/api/v1/files/{body['id']}", headers=headers)
    assert got.status_code == 200
    assert got.headers["content-type"] == "image/jpeg"
    assert got.headers["content-disposition"] == f'inline; filename="motcua-{body["id"]}.jpg"'
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.content.startswith(b"\xff\xd8")
    assert b"Exif" not in got.content
    thumb = await uploader.get(f"/api/v1/files/{body['id']}", params={"thumbnail": "true"}, headers=headers)
    assert thumb.status_code == 200
    assert len(thumb.content) < len(got.content)
    info = await uploader.get(f"/api/v1/files/{body['id']}/info", headers=headers)
    assert info.json()["sha256"] == body["sha256"]

    theirs = await uploader.get(f"/api/v1/files/{body['id']}", headers=await auth_headers(stranger))
    assert theirs.status_code == 404
    assert theirs.headers["content-type"] == "application/problem+json"
    assert (await uploader.get(f"/api/v1/files/{body['id']}")).status_code == 401
    assert (await uploader.get("/api/v1/files/999999", headers=headers)).status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "declared", "status", "title_vi"),
    [
        ("meo.gif", images.GIF, "image/gif", 415, "Loại tệp này không được chấp nhận."),
        ("scan.jpg", images.encode(images.page_photo((200, 200)), "PNG"), "image/jpeg", 415,
         "Tệp ghi là JPEG nhưng nội dung là PNG."),
        ("scan.jpg", images.truncated_jpeg(), "image/jpeg", 422,
         "Tệp bị hỏng hoặc không đầy đủ, không đọc được."),
        ("bom.png", images.png_bomb(), "image/png", 422, "Ảnh quá lớn (trên 50 triệu điểm ảnh)."),
    ],
    ids=["gif", "png-named-jpg", "truncated", "bomb"],
)  # fmt: skip
async def test_refusals_are_problem_details_in_vietnamese_first(
    uploader: AsyncTestClient[Litestar], name: str, data: bytes, declared: str, status: int, title_vi: str
) -> None:
    headers = await auth_headers(await make_citizen())
    refused = await uploader.post(
        UPLOAD_PATH, headers=headers, files={"file": (name, data, declared)}, data={"document": "cccd"}
    )
    assert refused.status_code == status
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["title"] == title_vi
    assert name not in refused.text


async def test_an_oversized_upload_with_a_length_is_413_before_reading(
    uploader: AsyncTestClient[Litestar],
) -> None:
    headers = await auth_headers(await make_citizen())
    big = b"\xff\xd8\xff" + b"\x00" * UPLOAD_BODY_LIMIT
    refused = await uploader.post(
        UPLOAD_PATH,
        headers=headers,
        files={"file": ("big.jpg", big, "image/jpeg")},
        data={"document": "cccd"},
    )
    assert refused.status_code == 413
    assert refused.json()["type"].endswith("/too-large")


async def test_a_streamed_upload_is_cut_off_once_it_passes_the_limit(app_with_upload: Litestar) -> None:
    """No Content-Length (chunked): the app must stop reading as soon as the limit is passed,
    not swallow the whole body first."""
    citizen = await make_citizen()
    token = (await auth_headers(citizen))["Authorization"]
    chunk = 256 * 1024
    total_chunks = UPLOAD_BODY_LIMIT // chunk + 20
    sent_chunks = 0
    messages: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent_chunks
        sent_chunks += 1
        head = (
            b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n'
            if sent_chunks == 1
            else b""
        )
        return {
            "type": "http.request",
            "body": head + b"\x00" * chunk,
            "more_body": sent_chunks < total_chunks,
        }

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": UPLOAD_PATH, "raw_path": UPLOAD_PATH.encode(), "query_string": b"", "root_path": "",
        "headers": [(b"authorization", token.encode()), (b"content-type", b"multipart/form-data; boundary=b"),
                    (b"host", b"testserver")],
        "client": ("127.0.0.1", 1234), "server": ("testserver", 80), "state": {},
    }  # fmt: skip
    async with AsyncTestClient(app=app_with_upload):  # runs the app's startup
        await app_with_upload(scope, receive, send)  # type: ignore[arg-type]
    start = next(m for m in messages if m["type"] == "http.response.start")
    assert start["status"] == 413
    assert sent_chunks <= UPLOAD_BODY_LIMIT // chunk + 1 < total_chunks
