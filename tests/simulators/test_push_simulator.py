"""The push simulator refuses what a real push service refuses (RFC 8030, 8291, 8292)."""

from __future__ import annotations

import time
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from litestar import Litestar
from litestar.testing import AsyncTestClient
from py_vapid import Vapid
from pywebpush import WebPusher

from notifications.vapid import b64url

ORIGIN = "http://testserver.local"


def _vapid_header(key: Vapid, **claims: Any) -> str:
    claims = {"sub": "mailto:ops@motcua.gov.vn", "aud": ORIGIN, "exp": int(time.time()) + 3600, **claims}
    return str(key.sign(claims)["Authorization"])


async def _register(client: AsyncTestClient[Litestar]) -> dict[str, Any]:
    response = await client.post("/_sim/push/subscriptions", json={})
    assert response.status_code == 201
    return dict(response.json())


async def _post(
    client: AsyncTestClient[Litestar], device: dict[str, Any], authorization: str, **headers: str
) -> int:
    body = WebPusher(device).encode(b'{"title": "x"}', "aes128gcm")["body"]
    path = device["endpoint"].removeprefix(ORIGIN)
    sent = {"TTL": "60", "Content-Encoding": "aes128gcm", "Authorization": authorization, **headers}
    response = await client.post(path, content=body, headers=sent)
    return response.status_code


def _key() -> Vapid:
    key = Vapid()
    key.generate_keys()
    return key


async def test_a_valid_request_is_accepted_and_decrypted(client: AsyncTestClient[Litestar]) -> None:
    client.base_url = ORIGIN  # type: ignore[misc]
    device = await _register(client)
    assert await _post(client, device, _vapid_header(_key())) == 201
    seen = (await client.get(f"/_sim/push/subscriptions/{device['id']}/messages")).json()
    assert seen["messages"][0]["payload"] == '{"title": "x"}'


async def test_bad_credentials_are_refused(client: AsyncTestClient[Litestar]) -> None:
    client.base_url = ORIGIN  # type: ignore[misc]
    device = await _register(client)
    key = _key()
    assert await _post(client, device, _vapid_header(key, aud="https://elsewhere.example")) == 401
    assert await _post(client, device, _vapid_header(key, exp=int(time.time()) + 25 * 3600)) == 401
    assert await _post(client, device, _vapid_header(key, exp=int(time.time()) - 10)) == 401
    assert await _post(client, device, _vapid_header(key).replace("vapid ", "WebPush ", 1)) == 401
    # A token signed by one key but presented with another's public key.
    header = _vapid_header(key)
    other = _key().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    assert await _post(client, device, header.split(",k=")[0] + ",k=" + b64url(other)) == 401
    # HS256 with the public key as secret (the classic algorithm confusion) is refused too.
    forged = jwt.encode(
        {"aud": ORIGIN, "exp": int(time.time()) + 60, "sub": "mailto:a@b.c"}, "k" * 32, algorithm="HS256"
    )
    assert await _post(client, device, f"vapid t={forged},k={header.split(',k=')[1]}") == 401
    seen = (await client.get(f"/_sim/push/subscriptions/{device['id']}/messages")).json()
    assert seen["messages"] == []


async def test_protocol_errors_and_told_answers(client: AsyncTestClient[Litestar]) -> None:
    client.base_url = ORIGIN  # type: ignore[misc]
    device = await _register(client)
    header = _vapid_header(_key())
    assert await _post(client, device, header, TTL="soon") == 400
    assert await _post(client, device, header, Urgency="urgent") == 400
    assert await _post(client, device, header, **{"Content-Encoding": "aesgcm"}) == 415
    await client.put(
        f"/_sim/push/subscriptions/{device['id']}/behaviour", json={"status": 429, "retry_after": 7}
    )
    response = await client.post(device["endpoint"].removeprefix(ORIGIN), content=b"x", headers={"TTL": "0"})
    assert (response.status_code, response.headers["retry-after"]) == (429, "7")
    assert (await client.post("/_sim/push/send/nobody", content=b"x")).status_code == 404
