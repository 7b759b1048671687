"""The login flows both faces share (JSON API and pages): phone + code, staff password.

Each returns the `Principal` that logged in, or raises a Problem; each writes its audit row.
Limits (attempts per window) hold per phone / username and per client address.
"""

from __future__ import annotations

from typing import Any

import structlog
from litestar.datastructures import State

from auth import audit
from auth.otp import CODE_TTL, check_code, citizen_for_phone, new_challenge, sms_text
from auth.passwords import verify_password
from auth.phones import normalise_phone
from auth.principal import Principal
from auth.ratelimit import enforce
from auth.tables import StaffUser
from backend.errors import Problem
from notifications.clients.sms import SmsClient, SmsSendError

log = structlog.get_logger("motcua.auth")

OTP_SEND_PER_PHONE = (3, 15 * 60)
OTP_SEND_PER_CLIENT = (20, 60 * 60)
OTP_VERIFY_PER_PHONE = (10, 15 * 60)
OTP_VERIFY_PER_CLIENT = (60, 15 * 60)
STAFF_LOGIN_PER_USERNAME = (10, 15 * 60)
STAFF_LOGIN_PER_CLIENT = (60, 15 * 60)


def _phone(raw: str) -> str:
    phone = normalise_phone(raw)
    if phone is None:
        raise Problem(400, "phone_invalid")
    return phone


async def send_code(state: State, raw_phone: str, ip: str, locale: str) -> int:
    """Send a new code; returns its lifetime in seconds. Same answer for every valid number."""
    limiter = state.rate_limiter
    await enforce(limiter, f"otp-send:ip:{ip}", *OTP_SEND_PER_CLIENT)
    phone = _phone(raw_phone)
    await enforce(limiter, f"otp-send:phone:{phone}", *OTP_SEND_PER_PHONE)
    code = await new_challenge(state.settings, phone)
    sms = SmsClient.from_settings(state.settings, state.http_client)
    try:
        await sms.send(phone, sms_text(code, locale))
    except SmsSendError as exc:
        log.warning("otp sms failed", status_code=exc.status_code)
        raise Problem(503, "sms_unavailable") from None
    return int(CODE_TTL.total_seconds())


async def verify_code(state: State, raw_phone: str, code: str, ip: str) -> Principal:
    limiter = state.rate_limiter
    await enforce(limiter, f"otp-verify:ip:{ip}", *OTP_VERIFY_PER_CLIENT)
    phone = _phone(raw_phone)
    await enforce(limiter, f"otp-verify:phone:{phone}", *OTP_VERIFY_PER_PHONE)
    if not await check_code(state.settings, phone, code.strip()):
        await audit.record("login_failed", ip=ip, method="otp", reason="wrong_or_expired_code")
        raise Problem(400, "otp_invalid")
    citizen = await citizen_for_phone(phone)
    principal = Principal("citizen", citizen.id)
    await audit.record("login", actor=principal, ip=ip, method="otp")
    return principal


async def staff_password_login(state: State, username: str, password: str, ip: str) -> Principal:
    limiter = state.rate_limiter
    await enforce(limiter, f"staff-login:ip:{ip}", *STAFF_LOGIN_PER_CLIENT)
    await enforce(limiter, f"staff-login:user:{username.lower()}", *STAFF_LOGIN_PER_USERNAME)
    row: dict[str, Any] | None = (
        await StaffUser.select(
            StaffUser.id, StaffUser.password_hash, StaffUser.role, StaffUser.office, StaffUser.disabled
        )
        .where(StaffUser.username == username)
        .first()
    )
    ok = verify_password(row["password_hash"] if row else None, password)
    if row is None or not ok or row["disabled"]:
        reason = "unknown_user" if row is None else ("disabled" if ok else "wrong_password")
        actor = Principal("staff", row["id"]) if row else None
        await audit.record("login_failed", actor=actor, ip=ip, method="password", reason=reason)
        raise Problem(401, "invalid_credentials")
    principal = Principal("staff", row["id"], role=row["role"], office_id=row["office"])
    await audit.record("login", actor=principal, ip=ip, method="password")
    return principal
