"""The SMS channel through the real worker and the SMS adapter, against the gateway simulator."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.settings import get_settings
from notifications.clients.inbox import InboxChannel
from notifications.clients.sms import SmsClient
from notifications.clients.sms_channel import SmsChannel
from notifications.notify import notify
from notifications.tables import DeliveryAttempt, OutboxMessage
from notifications.worker import run_once
from tests.factories import make_citizen


def channels(app: Litestar) -> dict[str, object]:
    settings = get_settings()
    sms = SmsChannel(SmsClient.from_settings(settings, app.state.http_client), settings.base_url)
    return {"inbox": InboxChannel(), "sms": sms}


async def test_a_citizen_without_a_device_gets_the_text_by_sms(
    app: Litestar, client: AsyncTestClient[Litestar]
) -> None:
    citizen = await make_citizen(phone="+84912345001")
    await notify("dossier.result_ready", citizen, {"code": "H29-0001"}, link="/dossiers/H29-0001")
    assert await run_once("w1", channels(app)) == 2
    sent = (await client.get("/_sim/sms/messages", params={"to": "0912345001"})).json()
    base = get_settings().base_url
    assert [m["text"] for m in sent] == [
        f"MotCua: Đã có kết quả hồ sơ H29-0001. Chạm để xem cách nhận kết quả. {base}/dossiers/H29-0001"
    ]
    assert citizen.id_number not in sent[0]["text"]
    assert citizen.full_name not in sent[0]["text"]


async def test_english_speakers_get_english_and_a_gateway_outage_is_retried(
    app: Litestar, client: AsyncTestClient[Litestar]
) -> None:
    citizen = await make_citizen(phone="+84912345002", locale="en")
    await client.post("/_sim/sms/faults", json={"status": 503, "count": 1, "retry_after": 30})
    await notify("dossier.received", citizen, {"code": "E-1", "due_date": "2026-12-01"}, link="/dossiers/E-1")
    await run_once("w1", channels(app))
    row = await OutboxMessage.objects().where(OutboxMessage.channel == "sms").first()
    assert row.status == "pending"
    attempt = await DeliveryAttempt.objects().where(DeliveryAttempt.message == row.id).first()
    assert (attempt.outcome, attempt.status_code) == ("retry", 503)
    await OutboxMessage.update({OutboxMessage.next_attempt_at: row.created_at}).where(
        OutboxMessage.id == row.id
    )
    await run_once("w1", channels(app))
    sent = (await client.get("/_sim/sms/messages", params={"to": "+84912345002"})).json()
    assert [m["text"].split(".")[0] for m in sent] == ["MotCua: Dossier E-1 received"]


async def test_a_citizen_without_a_phone_fails_without_retrying(app: Litestar) -> None:
    citizen = await make_citizen(phone=None)
    await notify("dossier.result_ready", citizen, {"code": "N-1"}, link="/dossiers/N-1")
    await run_once("w1", channels(app))
    row = await OutboxMessage.objects().where(OutboxMessage.channel == "sms").first()
    assert (row.status, row.last_error) == ("failed", "no phone number")
