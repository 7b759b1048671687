"""Who can log in (citizens, staff) and what their logins leave behind (tokens, codes, audit).

Secrets are never stored: refresh tokens, page sessions and one-time codes are kept as SHA-256
hashes, passwords as argon2id hashes.
"""

from __future__ import annotations

from piccolo.columns import JSON, Boolean, Date, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from backend.offices.tables import Office

ROLES = ("officer", "courier", "supervisor", "admin")
KINDS = ("citizen", "staff")


class Citizen(Table, tablename="citizen"):
    id: Serial
    subject = Varchar(length=255, unique=True, null=True, default=None)  # the e-ID provider's `sub`
    id_number = Varchar(length=12, unique=True, null=True, default=None)  # 12-digit citizen ID
    full_name = Varchar(length=200, default="")
    full_name_search = Varchar(length=200, default="", index=True)  # i18n.fold(full_name)
    date_of_birth = Date(null=True, default=None)
    sex = Varchar(length=16, default="")
    phone = Varchar(length=16, unique=True, null=True, default=None)  # "+84xxxxxxxxx"
    permanent_address = Varchar(length=300, default="")
    locale = Varchar(length=5, default="vi")
    created_at = Timestamptz(default=TimestamptzNow())


class StaffUser(Table, tablename="staff_user"):
    id: Serial
    username = Varchar(length=64, unique=True)
    password_hash = Varchar(length=200)
    full_name = Varchar(length=200, default="")
    role = Varchar(length=16)
    office = ForeignKey(Office, index=True)
    disabled = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())


class RefreshToken(Table, tablename="auth_refresh_token"):
    """One opaque refresh token. Tokens of one login share a `family`; using a rotated token
    again (outside the grace window) revokes the whole family."""

    token_hash = Varchar(length=64, unique=True)
    family = Varchar(length=32, index=True)
    subject_kind = Varchar(length=16)
    subject_id = Integer()
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    rotated_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)


class WebSession(Table, tablename="auth_web_session"):
    """A page session: the cookie holds a random token, this row its hash."""

    token_hash = Varchar(length=64, unique=True)
    subject_kind = Varchar(length=16)
    subject_id = Integer(index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)


class OtpChallenge(Table, tablename="auth_otp"):
    """A one-time code sent by SMS: hashed, expiring, with a count of wrong tries."""

    phone = Varchar(length=16, index=True)
    code_hash = Varchar(length=64)
    attempts = Integer(default=0)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)


class OidcLogin(Table, tablename="auth_oidc_login"):
    """An e-ID login in flight: state (hashed), nonce and PKCE verifier until the callback."""

    state_hash = Varchar(length=64, unique=True)
    nonce = Varchar(length=64)
    code_verifier = Varchar(length=128)
    next_path = Varchar(length=300, default="/")
    created_at = Timestamptz(default=TimestamptzNow())
    used_at = Timestamptz(null=True, default=None)


class AuditEvent(Table, tablename="audit_event"):
    """Append-only: who did what to which object, when, from where. Ids only, no secrets or PII."""

    at = Timestamptz(default=TimestamptzNow(), index=True)
    actor_kind = Varchar(length=16, default="")
    actor_id = Integer(null=True, default=None)
    action = Varchar(length=48, index=True)
    target_kind = Varchar(length=32, default="")
    target_id = Integer(null=True, default=None)
    client_ip = Varchar(length=64, default="")
    details = JSON(default={})
