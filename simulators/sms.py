"""A simulated SMS gateway speaking the protocol of notifications/clients/sms.py.

Sent messages are kept in memory (per process) and readable, newest first, at
`GET /_sim/sms/messages?to=PHONE` (any Vietnamese form of the number). `POST /_sim/sms/faults`
makes the next `count` sends fail with `status` (and `retry_after`), to exercise retries.
"""

from __future__ import annotations

import itertools
from collections import deque
from datetime import UTC, datetime
from typing import Any

import msgspec
from litestar import Request, Response, Router, get, post
from litestar.params import FromQuery, JSONBody

from auth.phones import normalise_phone
from backend.errors import Problem

_sent: deque[dict[str, Any]] = deque(maxlen=1000)
_ids = itertools.count(1)
_faults: list[tuple[int, int | None]] = []


class SmsIn(msgspec.Struct):
    to: str
    text: str


class FaultIn(msgspec.Struct):
    status: int = 503
    count: int = 1
    retry_after: int | None = None


@post("/send", status_code=202)
async def send(request: Request[Any, Any, Any], data: JSONBody[SmsIn]) -> Response[dict[str, str]]:
    if request.headers.get("x-api-key") != request.app.state.settings.sms_api_key:
        raise Problem(401, "unauthorized")
    if _faults:
        status, retry_after = _faults.pop(0)
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        return Response({"status": "failed"}, status_code=status, headers=headers)
    phone = normalise_phone(data.to)
    if phone is None or not data.text:
        raise Problem(400, "bad_request")
    message_id = f"sim-{next(_ids)}"
    _sent.append({"id": message_id, "to": phone, "text": data.text, "at": datetime.now(UTC).isoformat()})
    return Response({"id": message_id, "status": "accepted"}, status_code=202)


@get("/messages")
async def messages(to: FromQuery[str]) -> list[dict[str, Any]]:
    phone = normalise_phone(to)
    return [message for message in reversed(_sent) if message["to"] == phone]


@post("/faults", status_code=204)
async def faults(data: JSONBody[FaultIn]) -> None:
    _faults.extend([(data.status, data.retry_after)] * data.count)


router = Router(path="/_sim/sms", route_handlers=[send, messages, faults], include_in_schema=False)
