"""The SMS adapter against the simulated gateway, over HTTP."""

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.settings import get_settings
from notifications.clients.sms import SmsClient, SmsSendError


async def test_a_sent_message_is_readable_at_the_gateway_newest_first(
    app: Litestar, client: AsyncTestClient[Litestar]
) -> None:
    sms = SmsClient.from_settings(get_settings(), app.state.http_client)
    first = await sms.send("+84912000222", "Ma xac thuc: 111111")
    second = await sms.send("+84912000222", "Ma xac thuc: 222222")
    assert first != second
    listed = (await client.get("/_sim/sms/messages", params={"to": "0912000222"})).json()
    assert [m["text"] for m in listed[:2]] == ["Ma xac thuc: 222222", "Ma xac thuc: 111111"]
    assert listed[0]["id"] == second
    others = (await client.get("/_sim/sms/messages", params={"to": "0912000333"})).json()
    assert others == []


async def test_a_wrong_api_key_is_refused_and_not_retryable(app: Litestar) -> None:
    sms = SmsClient(get_settings().sms_gateway_url, "wrong-key", app.state.http_client)
    with pytest.raises(SmsSendError) as failure:
        await sms.send("+84912000222", "hello")
    assert failure.value.status_code == 401
    assert not failure.value.retryable


async def test_gateway_outages_are_retryable_with_the_gateways_delay(
    app: Litestar, client: AsyncTestClient[Litestar]
) -> None:
    await client.post("/_sim/sms/faults", json={"status": 429, "count": 1, "retry_after": 7})
    sms = SmsClient.from_settings(get_settings(), app.state.http_client)
    with pytest.raises(SmsSendError) as failure:
        await sms.send("+84912000444", "hello")
    assert (failure.value.status_code, failure.value.retryable, failure.value.retry_after) == (429, True, 7.0)
    assert await sms.send("+84912000444", "hello")  # the fault was used up


async def test_an_unreachable_gateway_is_retryable() -> None:
    sms = SmsClient("http://127.0.0.1:9", "key", httpx.AsyncClient(timeout=1))
    with pytest.raises(SmsSendError) as failure:
        await sms.send("+84912000444", "hello")
    assert failure.value.retryable
    assert failure.value.status_code is None
