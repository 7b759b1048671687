"""Retention purges (docs/retention.md): what is past its period goes, everything else stays,
and the documented table says what the code does."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from auth import jobs as auth_jobs
from auth.tables import AuditEvent, OidcLogin, OtpChallenge, RefreshToken, WebSession
from backend import clock
from backend.dossiers import jobs as dossier_jobs
from backend.dossiers.tables import IdempotencyKey
from backend.jobs import housekeeping
from backend.schedule import SCHEDULE
from notifications import jobs as notification_jobs
from notifications.outbox import enqueue
from notifications.tables import DeliveryAttempt, OutboxMessage, PushReceipt

ROOT = Path(__file__).resolve().parents[3]
DAY = timedelta(days=1)


async def _message(status: str, age: timedelta, n: int) -> int:
    await enqueue(
        event="dossier.received", recipient_kind="citizen", recipient_id=n, channels=["push"], payload={}
    )
    row = await OutboxMessage.select(OutboxMessage.id).where(OutboxMessage.recipient_id == n).first()
    assert row is not None
    await OutboxMessage.update(
        {OutboxMessage.status: status, OutboxMessage.created_at: clock.now() - age}
    ).where(OutboxMessage.id == row["id"])
    await DeliveryAttempt.insert(DeliveryAttempt(message=row["id"], attempt=1, outcome="sent", worker="w"))
    await PushReceipt.insert(PushReceipt(message=row["id"], subscription_id=1, key=f"{row['id']}:1"))
    return int(row["id"])


async def test_done_messages_go_with_their_attempts_after_90_days_and_pending_ones_stay() -> None:
    old_sent = await _message("sent", 91 * DAY, 1)
    old_failed = await _message("failed", 91 * DAY, 2)
    old_pending = await _message("pending", 200 * DAY, 3)
    recent_sent = await _message("sent", 89 * DAY, 4)
    assert await notification_jobs.purge_done_messages(clock.now()) == 2
    kept = {row["id"] for row in await OutboxMessage.select(OutboxMessage.id)}
    assert kept == {old_pending, recent_sent}
    assert {row["message"] for row in await DeliveryAttempt.select(DeliveryAttempt.message)} == kept
    assert {row["message"] for row in await PushReceipt.select(PushReceipt.message)} == kept
    assert old_sent not in kept
    assert old_failed not in kept
    assert await notification_jobs.purge_done_messages(clock.now()) == 0


async def test_login_artefacts_go_once_unusable_for_their_period() -> None:
    now = clock.now()
    for n, (expires, revoked) in enumerate(
        [(now - 31 * DAY, None), (now + 20 * DAY, now - 31 * DAY), (now - 29 * DAY, None), (now + DAY, None)]
    ):
        await WebSession.insert(
            WebSession(
                token_hash=f"s{n}",
                subject_kind="citizen",
                subject_id=1,
                expires_at=expires,
                revoked_at=revoked,
            )
        )
        await RefreshToken.insert(
            RefreshToken(
                token_hash=f"r{n}",
                family="f",
                subject_kind="citizen",
                subject_id=1,
                expires_at=expires,
                revoked_at=revoked,
            )
        )
    await OtpChallenge.insert(
        OtpChallenge(phone="+84912000001", code_hash="a", expires_at=now - 2 * DAY),
        OtpChallenge(phone="+84912000001", code_hash="b", expires_at=now - timedelta(hours=2)),
    )
    await OidcLogin.insert(
        OidcLogin(state_hash="old", nonce="n", code_verifier="v", created_at=now - 2 * DAY),
        OidcLogin(state_hash="new", nonce="n", code_verifier="v", created_at=now - timedelta(minutes=3)),
    )
    assert await auth_jobs.purge_logins(now) == {
        "web_sessions": 2,
        "refresh_tokens": 2,
        "otp_codes": 1,
        "oidc_logins": 1,
    }
    assert sorted(r["token_hash"] for r in await WebSession.select(WebSession.token_hash)) == ["s2", "s3"]
    assert sorted(r["token_hash"] for r in await RefreshToken.select(RefreshToken.token_hash)) == ["r2", "r3"]
    assert [r["code_hash"] for r in await OtpChallenge.select(OtpChallenge.code_hash)] == ["b"]
    assert [r["state_hash"] for r in await OidcLogin.select(OidcLogin.state_hash)] == ["new"]


async def test_audit_rows_are_kept_three_years() -> None:
    now = clock.now()
    await AuditEvent.insert(
        AuditEvent(action="login", at=now - 3 * 366 * DAY),
        AuditEvent(action="citizen_read", at=now - 2 * 365 * DAY),
    )
    assert await auth_jobs.purge_audit(now) == 1
    assert [r["action"] for r in await AuditEvent.select(AuditEvent.action)] == ["citizen_read"]


async def test_idempotency_keys_go_after_30_days() -> None:
    now = clock.now()
    await IdempotencyKey.insert(
        IdempotencyKey(scope="1:submit:old", created_at=now - 31 * DAY),
        IdempotencyKey(scope="1:submit:new", created_at=now - 29 * DAY),
    )
    assert await dossier_jobs.purge_idempotency_keys(now) == 1
    assert [r["scope"] for r in await IdempotencyKey.select(IdempotencyKey.scope)] == ["1:submit:new"]


async def test_many_rows_go_in_batches() -> None:
    now = clock.now()
    await IdempotencyKey.insert(
        *(IdempotencyKey(scope=f"1:submit:{n}", created_at=now - 40 * DAY) for n in range(2501))
    )
    assert await dossier_jobs.purge_idempotency_keys(now) == 2501
    assert await IdempotencyKey.count() == 0


def test_the_documented_periods_are_the_code_and_every_purge_is_scheduled() -> None:
    table = (ROOT / "docs" / "retention.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| [^|]+ \| [^|]+ \| ([0-9]+) (days?|years?) \| [^|]+ \| `([^`]+)` \| `([^`]+)` \|$", table, re.M
    )
    assert len(rows) == 9, "the table's rows changed shape: update this test"
    modules = {
        "notifications/jobs.py": notification_jobs,
        "auth/jobs.py": auth_jobs,
        "backend/dossiers/jobs.py": dossier_jobs,
        "backend/jobs/housekeeping.py": housekeeping,
    }
    scheduled = {entry.name for entry in SCHEDULE} | {"jobs.remove_finished"}
    for amount, unit, constant, job in rows:
        path, name = constant.split(":")
        value = getattr(modules[path], name)
        days = int(amount) * (365 if unit.startswith("year") else 1)
        kept = value if isinstance(value, timedelta) else timedelta(hours=value)
        assert kept == timedelta(days=days), constant
        assert job in scheduled, job
