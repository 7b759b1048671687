"""A Web Push service (RFC 8030) on localhost, for dev and tests.

It checks what a real push service checks — the VAPID JWT (RFC 8292: `vapid t=…,k=…`, ES256,
`aud` = this service's origin, `exp` at most 24 h ahead), a TTL header, `Content-Encoding:
aes128gcm`, the 4096-byte limit — and, unlike a real one, decrypts the payload (RFC 8291) with
the subscription's private key, which a test registered or let the simulator generate, and keeps
it for the test to read. A test can tell a subscription to answer 404/410/413/429/5xx or to hang.

State lives in this process's memory: tests reach it over HTTP, like the adapter does.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from dataclasses import dataclass, field
from typing import Any

import http_ece
import jwt
import msgspec
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from litestar import Request, Response, Router, delete, get, post, put
from litestar.params import FromPath, JSONBody

from backend.errors import Problem
from notifications.vapid import b64url, b64url_decode

MAX_PAYLOAD = 4096
MAX_EXP_S = 24 * 3600
URGENCIES = ("very-low", "low", "normal", "high")


@dataclass
class _Subscription:
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    # Told behaviour: answer `status` for the next `times` requests (None: every request).
    status: int | None = None
    times: int | None = None
    retry_after: int | None = None
    hang_s: float = 0.0
    max_payload: int = MAX_PAYLOAD
    messages: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)


_subscriptions: dict[str, _Subscription] = {}
_ids = itertools.count(1)


class Registration(msgspec.Struct):
    """Keys the test holds (base64url: raw 32-byte P-256 private value, 16-byte auth secret);
    both empty → the simulator generates them and answers the public half."""

    private_key: str = ""
    auth: str = ""


class Behaviour(msgspec.Struct):
    status: int | None = None
    times: int | None = None
    retry_after: int | None = None
    hang_s: float = 0.0
    max_payload: int = MAX_PAYLOAD


def _origin(request: Request[Any, Any, Any]) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def _subscription(sub_id: str) -> _Subscription:
    found = _subscriptions.get(sub_id)
    if found is None:
        raise Problem(404, "not_found")
    return found


@post("/subscriptions", status_code=201)
async def register(request: Request[Any, Any, Any], data: JSONBody[Registration]) -> dict[str, Any]:
    if data.private_key:
        value = int.from_bytes(b64url_decode(data.private_key), "big")
        private_key = ec.derive_private_key(value, ec.SECP256R1())
        auth = b64url_decode(data.auth)
    else:
        private_key = ec.generate_private_key(ec.SECP256R1())
        auth = os.urandom(16)
    sub_id = f"s{next(_ids)}"
    _subscriptions[sub_id] = _Subscription(private_key=private_key, auth=auth)
    public = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return {
        "id": sub_id,
        "endpoint": f"{_origin(request)}/_sim/push/send/{sub_id}",
        "keys": {"p256dh": b64url(public), "auth": b64url(auth)},
    }


@put("/subscriptions/{sub_id:str}/behaviour")
async def tell(sub_id: FromPath[str], data: JSONBody[Behaviour]) -> dict[str, Any]:
    sub = _subscription(sub_id)
    sub.status, sub.times, sub.retry_after = data.status, data.times, data.retry_after
    sub.hang_s, sub.max_payload = data.hang_s, data.max_payload
    return msgspec.structs.asdict(data)


@get("/subscriptions/{sub_id:str}/messages")
async def messages(sub_id: FromPath[str]) -> dict[str, Any]:
    sub = _subscription(sub_id)
    return {"messages": sub.messages, "requests": sub.requests}


@delete("/subscriptions", status_code=204)
async def forget_all() -> None:
    _subscriptions.clear()


def _check_vapid(authorization: str, origin: str) -> str | None:
    """None when the header is a valid RFC 8292 credential for this origin; else why not."""
    scheme, _, rest = authorization.partition(" ")
    if scheme.lower() != "vapid":
        return "scheme"
    parts = dict(part.strip().split("=", 1) for part in rest.split(",") if "=" in part)
    if "t" not in parts or "k" not in parts:
        return "missing t or k"
    try:
        point = b64url_decode(parts["k"])
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        claims = jwt.decode(
            parts["t"], key, algorithms=["ES256"], audience=origin, options={"require": ["exp", "aud"]}
        )
    except (ValueError, jwt.PyJWTError) as exc:
        return type(exc).__name__
    if int(claims["exp"]) > time.time() + MAX_EXP_S:
        return "exp more than 24 hours ahead"
    if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
        return "sub"
    return None


def _answer(status: int, retry_after: int | None = None) -> Response[None]:
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    return Response(None, status_code=status, headers=headers)


@post("/send/{sub_id:str}", status_code=201)
async def push(request: Request[Any, Any, Any], sub_id: FromPath[str]) -> Response[None]:
    sub = _subscriptions.get(sub_id)
    if sub is None:
        return _answer(404)
    body = await request.body()
    seen: dict[str, Any] = {
        "ttl": request.headers.get("ttl"),
        "urgency": request.headers.get("urgency"),
        "topic": request.headers.get("topic"),
        "bytes": len(body),
    }
    sub.requests.append(seen)
    if sub.hang_s:
        await asyncio.sleep(sub.hang_s)
        seen["status"] = 504
        return _answer(504)
    if sub.status is not None and sub.times != 0:
        if sub.times is not None:
            sub.times -= 1
        seen["status"] = sub.status
        return _answer(sub.status, sub.retry_after)
    problem = _check_vapid(request.headers.get("authorization", ""), _origin(request))
    if problem is not None:
        seen.update(status=401, error=problem)
        return _answer(401)
    ttl = request.headers.get("ttl", "")
    urgency = request.headers.get("urgency", "normal")
    if not ttl.isdigit() or urgency not in URGENCIES:
        seen.update(status=400, error="ttl or urgency")
        return _answer(400)
    if len(body) > sub.max_payload:
        seen["status"] = 413
        return _answer(413)
    if request.headers.get("content-encoding") != "aes128gcm":
        seen.update(status=415, error="content-encoding")
        return _answer(415)
    try:
        plain = http_ece.decrypt(body, private_key=sub.private_key, auth_secret=sub.auth, version="aes128gcm")
    except Exception as exc:  # a payload that does not decrypt is the sender's bug: 400
        seen.update(status=400, error=type(exc).__name__)
        return _answer(400)
    text = plain.decode("utf-8")
    sub.messages.append({"payload": text, "ttl": int(ttl), "urgency": urgency, "topic": seen["topic"]})
    seen["status"] = 201
    return Response(
        None, status_code=201, headers={"Location": f"/_sim/push/messages/{sub_id}/{len(sub.messages)}"}
    )


router = Router(
    path="/_sim/push",
    route_handlers=[register, tell, messages, forget_all, push],
    include_in_schema=False,
)
