"""The pickup token in the QR and the short code a person can type.

Token: ``MC1.<payload>.<tag>`` (base64url, no padding). The 17-byte payload is one purpose byte
(1 pickup, 2 delivery), a 12-byte random id and the expiry as 4-byte big-endian Unix seconds; the
tag is the first 16 bytes of HMAC-SHA256(key, "MC1." + payload). It names no dossier and no
person: the id only finds a `PickupCode` row, and without the key nobody can make one.

Short code: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), derived from the
same id with the key, shown as ``ABCD-EFGH``. Only its SHA-256 is stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from dataclasses import dataclass
from datetime import UTC, datetime

from backend.settings import Settings

PREFIX = "MC1"
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SHORT_LENGTH = 8
PURPOSE_BYTES = {"pickup": 1, "delivery": 2}
PURPOSE_NAMES = {value: name for name, value in PURPOSE_BYTES.items()}


class TokenInvalid(ValueError):
    """Not a token we signed: malformed, tampered with, or signed under an unknown key."""


@dataclass(frozen=True, slots=True)
class TokenClaims:
    token_id: str  # hex
    purpose: str
    expires_at: datetime


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def keys(settings: Settings) -> list[bytes]:
    """The signing key first, then keys that still verify (secret-key rotation)."""
    if settings.pickup_code_key:
        return [settings.pickup_code_key.encode()]
    secrets_ = (settings.secret_key, *settings.previous_secret_keys)
    return [hmac.new(s.encode(), b"motcua/pickup-code/v1", hashlib.sha256).digest() for s in secrets_]


def new_token_id() -> str:
    return secrets.token_hex(12)


def _tag(key: bytes, signed: str) -> bytes:
    return hmac.new(key, signed.encode(), hashlib.sha256).digest()[:16]


def sign(settings: Settings, token_id: str, purpose: str, expires_at: datetime) -> str:
    payload = (
        bytes([PURPOSE_BYTES[purpose]])
        + bytes.fromhex(token_id)
        + struct.pack(">I", int(expires_at.timestamp()))
    )
    signed = f"{PREFIX}.{_b64(payload)}"
    return f"{signed}.{_b64(_tag(keys(settings)[0], signed))}"


def verify(settings: Settings, token: str) -> TokenClaims:
    """The claims of a token we signed (expired or not: the caller decides), or TokenInvalid."""
    parts = token.strip().split(".")
    if len(parts) != 3 or parts[0] != PREFIX or len(token) > 100:
        raise TokenInvalid("format")
    signed = f"{parts[0]}.{parts[1]}"
    try:
        payload, tag = _unb64(parts[1]), _unb64(parts[2])
    except (ValueError, TypeError):
        raise TokenInvalid("encoding") from None
    if not any(hmac.compare_digest(tag, _tag(key, signed)) for key in keys(settings)):
        raise TokenInvalid("signature")
    if len(payload) != 17 or payload[0] not in PURPOSE_NAMES:
        raise TokenInvalid("payload")
    (expiry,) = struct.unpack(">I", payload[13:])
    return TokenClaims(payload[1:13].hex(), PURPOSE_NAMES[payload[0]], datetime.fromtimestamp(expiry, UTC))


def short_code(key: bytes, token_id: str) -> str:
    digest = hmac.new(key, b"short:" + bytes.fromhex(token_id), hashlib.sha256).digest()
    return "".join(ALPHABET[byte % len(ALPHABET)] for byte in digest[:SHORT_LENGTH])


def normalise_short(text: str) -> str | None:
    """Upper case without spaces or dashes; None when it cannot be a short code."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -")
    if len(cleaned) != SHORT_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def short_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def shown(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"
