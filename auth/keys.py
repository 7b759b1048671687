"""Signing keys for access tokens: Ed25519 derived from the secret key, with a key id.

The current secret signs; previous secrets (MOTCUA_PREVIOUS_SECRET_KEYS) still verify, so
keys rotate without logging everybody out. Other services verify with the public key alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from backend.settings import Settings

ALGORITHM = "EdDSA"  # pinned: verification accepts this algorithm and no other
AUDIENCE = "motcua-api"
TOKEN_TYPE = "access"  # noqa: S105 - a claim value, not a secret


@dataclass(frozen=True)
class KeyRing:
    kid: str
    signing_key: Ed25519PrivateKey
    verifying_keys: dict[str, Ed25519PublicKey]


def _derive(secret: str) -> tuple[str, Ed25519PrivateKey]:
    seed = hashlib.sha256(f"motcua-access-token:{secret}".encode()).digest()
    private = Ed25519PrivateKey.from_private_bytes(seed)
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16], private


@cache
def _ring(secret: str, previous: tuple[str, ...]) -> KeyRing:
    kid, private = _derive(secret)
    verifying = {kid: private.public_key()}
    for old in previous:
        old_kid, old_private = _derive(old)
        verifying[old_kid] = old_private.public_key()
    return KeyRing(kid=kid, signing_key=private, verifying_keys=verifying)


def key_ring(settings: Settings) -> KeyRing:
    return _ring(settings.secret_key, settings.previous_secret_keys)


def issuer(settings: Settings) -> str:
    return settings.base_url
