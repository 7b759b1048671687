"""Identity's periodic jobs (scheduled in backend/schedule.py): the retention purges of what logins
leave behind and of the audit log (periods and their reasons: docs/retention.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

from auth.tables import AuditEvent, OidcLogin, OtpChallenge, RefreshToken, WebSession
from backend import clock
from backend.db import delete_in_batches

# After a login artefact can no longer be used, it is kept this long for investigating an incident
# (a reused refresh token, a session stolen), then deleted.
ENDED_SESSIONS_KEPT = timedelta(days=30)  # page sessions and refresh tokens, after expiry or revocation
OTP_CODES_KEPT = timedelta(days=1)  # SMS codes (valid 5 minutes), after expiry
OIDC_LOGINS_KEPT = timedelta(days=1)  # e-ID logins in flight (minutes), after they started
# Who read or changed whose data: kept three years, the time a citizen has to claim damages for
# an unlawful processing of their data (Civil Code 2015, Art. 588).
AUDIT_KEPT = timedelta(days=3 * 365)


async def purge_logins(now: datetime) -> dict[str, int]:
    ended = now - ENDED_SESSIONS_KEPT
    return {
        "web_sessions": await delete_in_batches(
            WebSession, (WebSession.expires_at < ended) | (WebSession.revoked_at < ended)
        ),
        "refresh_tokens": await delete_in_batches(
            RefreshToken, (RefreshToken.expires_at < ended) | (RefreshToken.revoked_at < ended)
        ),
        "otp_codes": await delete_in_batches(OtpChallenge, OtpChallenge.expires_at < now - OTP_CODES_KEPT),
        "oidc_logins": await delete_in_batches(OidcLogin, OidcLogin.created_at < now - OIDC_LOGINS_KEPT),
    }


async def purge_audit(now: datetime) -> int:
    return await delete_in_batches(AuditEvent, AuditEvent.at < now - AUDIT_KEPT)


async def purge_expired_logins() -> dict[str, int]:
    return await purge_logins(clock.now())


async def purge_old_audit() -> int:
    return await purge_audit(clock.now())
