"""The Web Push channel through the real worker against the push simulator on a live server:
what the phone decrypts, and what each push-service answer leads to."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from backend.settings import get_settings
from notifications.clients.inbox import InboxChannel
from notifications.clients.webpush import MAX_ATTEMPTS, WebPushChannel
from notifications.notify import Recipient, notify
from notifications.tables import DeliveryAttempt, InboxItem, OutboxMessage, PushReceipt, PushSubscription
from notifications.vapid import b64url_decode, server_key
from notifications.worker import run_once
from tests.notifications.conftest import PushSim

CITIZEN = Recipient(id=41, locale="vi")
RECEIVED = {"code": "G01.05-261123-0007", "due_date": "2026-12-01"}


def channels(timeout_s: float = 5.0) -> dict[str, object]:
    settings = get_settings()
    push = WebPushChannel(server_key(settings), settings.vapid_subject, timeout_s=timeout_s)
    return {"inbox": InboxChannel(), "push": push}


async def _device(sim: PushSim, citizen_id: int = CITIZEN.id) -> dict:
    device = await sim.device()
    await PushSubscription.insert(
        PushSubscription(
            citizen_id=citizen_id,
            endpoint=device["endpoint"],
            p256dh=device["keys"]["p256dh"],
            auth=device["keys"]["auth"],
        )
    )
    return device


async def _push_row() -> OutboxMessage:
    row = await OutboxMessage.objects().where(OutboxMessage.channel == "push").first()
    assert row is not None
    return row


async def _time_passes() -> None:
    await OutboxMessage.update(
        {OutboxMessage.next_attempt_at: datetime.now(UTC) - timedelta(seconds=1)}
    ).where(OutboxMessage.status == "pending")


async def test_the_phone_decrypts_exactly_the_vietnamese_notification(push_sim: PushSim) -> None:
    device = await _device(push_sim)
    await notify(
        "dossier.received", CITIZEN, RECEIVED, link="/dossiers/G01.05-261123-0007", discriminator="7"
    )
    assert await run_once("w1", channels()) == 2  # inbox + push; a device exists, so no SMS

    seen = await push_sim.seen(device["id"])
    assert len(seen["messages"]) == 1
    message = seen["messages"][0]
    assert json.loads(message["payload"]) == {
        "title": "Đã tiếp nhận hồ sơ G01.05-261123-0007",
        "body": "Hẹn trả kết quả ngày 01/12/2026.",
        "url": "/dossiers/G01.05-261123-0007",
        "tag": "dossier.received:7",
    }
    assert (message["ttl"], message["urgency"]) == (86400, "normal")
    row = await _push_row()
    assert row.status == "sent"
    attempt = await DeliveryAttempt.objects().where(DeliveryAttempt.message == row.id).first()
    assert (attempt.outcome, attempt.status_code) == ("sent", 201)
    assert await InboxItem.count() == 1


async def test_urgent_events_carry_their_urgency_and_ttl(push_sim: PushSim) -> None:
    device = await _device(push_sim)
    await notify("dossier.result_ready", CITIZEN, {"code": "A-1"}, link="/dossiers/A-1")
    await run_once("w1", channels())
    message = (await push_sim.seen(device["id"]))["messages"][0]
    assert (message["ttl"], message["urgency"]) == (3 * 86400, "high")
    # A must-reach event also goes by SMS, whatever the push does.
    assert await OutboxMessage.exists().where(OutboxMessage.channel == "sms")


async def test_a_gone_subscription_is_deleted_and_the_message_falls_back_to_sms(push_sim: PushSim) -> None:
    for status in (404, 410):
        device = await _device(push_sim)
        await push_sim.tell(device["id"], status=status)
        await notify("dossier.received", CITIZEN, RECEIVED, link="/d", discriminator=str(status))
        await run_once("w1", channels())
        assert not await PushSubscription.exists().where(PushSubscription.endpoint == device["endpoint"])
        push = await OutboxMessage.objects().where(OutboxMessage.dedupe_key.like(f"%:{status}:%push")).first()
        assert push.status == "failed"
        sms = await OutboxMessage.objects().where(OutboxMessage.dedupe_key.like(f"%:{status}:%sms")).first()
        assert sms is not None
        assert sms.status == "pending"
        attempt = await DeliveryAttempt.objects().where(DeliveryAttempt.message == push.id).first()
        assert attempt.status_code == status


async def test_too_large_sends_the_short_fallback(push_sim: PushSim) -> None:
    device = await _device(push_sim)
    await push_sim.tell(device["id"], max_payload=200)
    await notify(
        "dossier.overdue", CITIZEN, {"code": "B-2", "new_due_date": "2026-12-24"}, link="/dossiers/B-2"
    )
    await run_once("w1", channels())
    seen = await push_sim.seen(device["id"])
    assert [r["status"] for r in seen["requests"]] == [413, 201]
    assert json.loads(seen["messages"][0]["payload"]) == {
        "title": "Xin lỗi: hồ sơ B-2 bị chậm",
        "url": "/dossiers/B-2",
    }
    assert (await _push_row()).status == "sent"


async def test_rate_limited_waits_as_long_as_retry_after_says(push_sim: PushSim) -> None:
    device = await _device(push_sim)
    await push_sim.tell(device["id"], status=429, retry_after=300, times=1)
    await notify("dossier.received", CITIZEN, RECEIVED, link="/d")
    before = datetime.now(UTC)
    await run_once("w1", channels())
    row = await _push_row()
    assert row.status == "pending"
    assert 299 <= (row.next_attempt_at - before).total_seconds() <= 303
    assert await run_once("w1", channels()) == 0, "not before Retry-After"
    await _time_passes()
    await run_once("w1", channels())
    assert (await _push_row()).status == "sent"
    assert len((await push_sim.seen(device["id"]))["messages"]) == 1


async def test_server_errors_retry_with_backoff_then_fall_back_to_sms(push_sim: PushSim) -> None:
    device = await _device(push_sim)
    await push_sim.tell(device["id"], status=500)
    await notify("dossier.received", CITIZEN, RECEIVED, link="/d")
    delays = []
    for _ in range(MAX_ATTEMPTS):
        before = datetime.now(UTC)
        await run_once("w1", channels())
        row = await _push_row()
        if row.status == "pending":
            delays.append((row.next_attempt_at - before).total_seconds())
            await _time_passes()
    assert row.status == "failed"
    assert len(delays) == MAX_ATTEMPTS - 1
    assert delays[-1] > delays[0], "backoff grows"
    attempts = (
        await DeliveryAttempt.select().where(DeliveryAttempt.message == row.id).order_by(DeliveryAttempt.id)
    )
    assert [a["status_code"] for a in attempts] == [500] * MAX_ATTEMPTS
    assert [a["outcome"] for a in attempts] == ["retry"] * (MAX_ATTEMPTS - 1) + ["failed"]
    assert "SMS" in attempts[-1]["error"]
    assert await OutboxMessage.exists().where(
        (OutboxMessage.channel == "sms") & (OutboxMessage.status == "pending")
    )


async def test_a_push_service_that_hangs_times_out_and_is_retried(push_sim: PushSim) -> None:
    device = await _device(push_sim)
    await push_sim.tell(device["id"], hang_s=5)
    await notify("dossier.received", CITIZEN, RECEIVED, link="/d")
    await run_once("w1", channels(timeout_s=0.3))
    row = await _push_row()
    assert row.status == "pending"
    attempt = await DeliveryAttempt.objects().where(DeliveryAttempt.message == row.id).first()
    assert attempt.outcome == "retry"
    assert "timeout" in attempt.error
    await push_sim.tell(device["id"])
    await _time_passes()
    await run_once("w1", channels())
    assert (await _push_row()).status == "sent"
    assert len((await push_sim.seen(device["id"]))["messages"]) == 1


async def test_a_retry_reaches_only_the_device_that_missed_it(push_sim: PushSim) -> None:
    phone = await _device(push_sim)
    tablet = await _device(push_sim)
    await push_sim.tell(tablet["id"], status=503, times=1)
    await notify("payment.needed", CITIZEN, {"code": "C-3", "amount": 150000}, link="/dossiers/C-3/pay")
    await run_once("w1", channels())
    assert (await _push_row()).status == "pending"
    await _time_passes()
    await run_once("w1", channels())
    assert (await _push_row()).status == "sent"
    assert len((await push_sim.seen(phone["id"]))["messages"]) == 1
    tablet_seen = await push_sim.seen(tablet["id"])
    assert len(tablet_seen["messages"]) == 1
    assert (
        json.loads(tablet_seen["messages"][0]["payload"])["body"]
        == "Số tiền 150.000 ₫. Nộp phí trực tuyến trên ứng dụng."
    )
    assert await PushReceipt.count() == 2


async def test_no_device_means_sms(push_sim: PushSim) -> None:
    await notify("dossier.received", CITIZEN, RECEIVED, link="/d")
    channels_queued = {row["channel"] for row in await OutboxMessage.select(OutboxMessage.channel)}
    assert channels_queued == {"inbox", "sms"}


def test_vapid_header_is_signed_once_per_origin_with_a_fresh_claims_dict() -> None:
    settings = get_settings()
    channel = WebPushChannel(server_key(settings), settings.vapid_subject)
    first = channel.authorization("https://fcm.example/send/a")
    assert channel.authorization("https://fcm.example/send/b") == first
    other = channel.authorization("https://push.example:8443/x")
    assert other != first
    for header, origin in ((first, "https://fcm.example"), (other, "https://push.example:8443")):
        scheme, _, rest = header.partition(" ")
        parts = dict(part.split("=", 1) for part in rest.split(","))
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(parts["k"]))
        claims = jwt.decode(parts["t"], key, algorithms=["ES256"], audience=origin)
        assert scheme == "vapid"
        assert claims["sub"] == settings.vapid_subject
        assert claims["exp"] - datetime.now(UTC).timestamp() <= 24 * 3600
