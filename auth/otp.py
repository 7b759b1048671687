"""Phone login: a 6-digit code by SMS, stored as an HMAC, valid 5 minutes, 5 wrong tries.

The answer to a code request is the same whether or not the phone belongs to a citizen; the
first correct code for a new phone creates an (unverified) citizen with only that phone.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from auth.tables import Citizen, OtpChallenge
from backend import clock
from backend.settings import Settings
from i18n import translate

CODE_TTL = timedelta(minutes=5)
MAX_WRONG_TRIES = 5


def code_hash(settings: Settings, phone: str, code: str) -> str:
    return hmac.new(settings.secret_key.encode(), f"otp:{phone}:{code}".encode(), hashlib.sha256).hexdigest()


async def new_challenge(settings: Settings, phone: str) -> str:
    """Replace any earlier code for `phone` with a new one; returns the code to send."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    now = clock.now()
    async with OtpChallenge._meta.db.transaction():
        await OtpChallenge.update({OtpChallenge.used_at: now}).where(
            (OtpChallenge.phone == phone) & OtpChallenge.used_at.is_null()
        )
        await OtpChallenge.insert(
            OtpChallenge(phone=phone, code_hash=code_hash(settings, phone, code), expires_at=now + CODE_TTL)
        )
    return code


def sms_text(code: str, locale: str) -> str:
    return translate(locale, "auth.otp.sms", code=code, minutes=int(CODE_TTL.total_seconds() // 60))


async def check_code(settings: Settings, phone: str, code: str) -> bool:
    """True once for the right code within its lifetime; each wrong try counts, the 5th kills it."""
    now = clock.now()
    challenge = (
        await OtpChallenge.objects()
        .where(
            (OtpChallenge.phone == phone)
            & OtpChallenge.used_at.is_null()
            & (OtpChallenge.expires_at > now)
            & (OtpChallenge.attempts < MAX_WRONG_TRIES)
        )
        .order_by(OtpChallenge.id, ascending=False)
        .first()
    )
    if challenge is None:
        return False
    if hmac.compare_digest(challenge.code_hash, code_hash(settings, phone, code)):
        claimed = (
            await OtpChallenge.update({OtpChallenge.used_at: now})
            .where((OtpChallenge.id == challenge.id) & OtpChallenge.used_at.is_null())
            .returning(OtpChallenge.id)
        )
        return bool(claimed)
    await OtpChallenge.update({OtpChallenge.attempts: OtpChallenge.attempts + 1}).where(
        OtpChallenge.id == challenge.id
    )
    return False


async def citizen_for_phone(phone: str) -> Citizen:
    citizen = await Citizen.objects().where(Citizen.phone == phone).first()
    if citizen is None:
        citizen = Citizen(phone=phone)
        await citizen.save()
    return citizen
