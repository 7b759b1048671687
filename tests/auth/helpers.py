"""Steps several auth tests share: read the code the simulated SMS gateway received."""

from __future__ import annotations

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient


async def latest_code(client: AsyncTestClient[Litestar], phone: str) -> str:
    messages = (await client.get("/_sim/sms/messages", params={"to": phone})).json()
    assert messages, "no SMS reached the gateway"
    found = re.search(r"\b(\d{6})\b", messages[0]["text"])
    assert found, messages[0]["text"]
    return found.group(1)


async def otp_login(client: AsyncTestClient[Litestar], phone: str) -> dict[str, str]:
    sent = await client.post("/api/v1/auth/otp", json={"phone": phone})
    assert sent.status_code == 202, sent.text
    code = await latest_code(client, phone)
    verified = await client.post("/api/v1/auth/otp/verify", json={"phone": phone, "code": code})
    assert verified.status_code == 200, verified.text
    return verified.json()
