"""Attacks on access tokens: each forged or stale token is refused with 401 on /api/v1/me."""

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.keys import ALGORITHM, AUDIENCE, key_ring
from auth.principal import Principal
from auth.tokens import issue_access_token
from backend.settings import get_settings
from tests.factories import make_citizen


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _claims(citizen_id: int, **changes: Any) -> dict[str, Any]:
    settings = get_settings()
    now = int(time.time())
    claims = {
        "iss": settings.base_url,
        "aud": AUDIENCE,
        "sub": f"citizen:{citizen_id}",
        "iat": now,
        "exp": now + 300,
        "jti": "j1",
        "typ": "access",
    }
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


def _signed(claims: dict[str, Any]) -> str:
    ring = key_ring(get_settings())
    return jwt.encode(claims, ring.signing_key, algorithm=ALGORITHM, headers={"kid": ring.kid})


async def _status(client: AsyncTestClient[Litestar], token: str) -> int:
    return (await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})).status_code


async def test_a_token_we_issued_works(client: AsyncTestClient[Litestar]) -> None:
    citizen = await make_citizen()
    assert await _status(client, _signed(_claims(citizen.id))) == 200


async def test_alg_none_is_refused(client: AsyncTestClient[Litestar]) -> None:
    citizen = await make_citizen()
    header = _b64(json.dumps({"alg": "none", "typ": "JWT", "kid": key_ring(get_settings()).kid}).encode())
    payload = _b64(json.dumps(_claims(citizen.id)).encode())
    assert await _status(client, f"{header}.{payload}.") == 401


async def test_hs256_signed_with_the_public_key_is_refused(client: AsyncTestClient[Litestar]) -> None:
    citizen = await make_citizen()
    ring = key_ring(get_settings())
    public = ring.signing_key.public_key()
    for encoding, fmt in (
        (Encoding.Raw, PublicFormat.Raw),
        (Encoding.PEM, PublicFormat.SubjectPublicKeyInfo),
    ):
        secret = public.public_bytes(encoding, fmt)
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": ring.kid}).encode())
        payload = _b64(json.dumps(_claims(citizen.id)).encode())
        signature = _b64(hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest())
        assert await _status(client, f"{header}.{payload}.{signature}") == 401


@pytest.mark.parametrize(
    "changes",
    [
        {"aud": "another-service"},
        {"iss": "https://evil.example"},
        {"exp": int(time.time()) - 10},
        {"exp": None},
        {"iat": None},
        {"jti": None},
        {"typ": None},
        {"typ": "refresh"},
        {"exp": int(time.time()) + 3600},  # longer than 15 minutes
        {"sub": "admin"},
    ],
    ids=[
        "wrong-aud",
        "wrong-iss",
        "expired",
        "no-exp",
        "no-iat",
        "no-jti",
        "no-type",
        "wrong-type",
        "too-long",
        "bad-sub",
    ],
)
async def test_tokens_with_wrong_or_missing_claims_are_refused(
    client: AsyncTestClient[Litestar], changes: dict[str, Any]
) -> None:
    citizen = await make_citizen()
    assert await _status(client, _signed(_claims(citizen.id, **changes))) == 401


async def test_a_tampered_payload_is_refused(client: AsyncTestClient[Litestar]) -> None:
    victim = await make_citizen()
    attacker = await make_citizen()
    token = issue_access_token(get_settings(), Principal("citizen", attacker.id))
    header, _, signature = token.split(".")
    forged = _b64(json.dumps(_claims(victim.id)).encode())
    assert await _status(client, f"{header}.{forged}.{signature}") == 401


async def test_a_token_from_an_unknown_key_is_refused_and_a_retired_key_still_verifies(
    client: AsyncTestClient[Litestar],
) -> None:
    from dataclasses import replace

    from auth.tokens import verify_access_token

    citizen = await make_citizen()
    settings = get_settings()
    old = replace(settings, secret_key="an-older-secret-key-that-was-rotated-out")
    token = issue_access_token(old, Principal("citizen", citizen.id))
    assert await _status(client, token) == 401
    rotated = replace(settings, previous_secret_keys=(old.secret_key,))
    assert verify_access_token(rotated, token) == Principal("citizen", citizen.id)


async def test_a_bearer_token_is_not_accepted_as_another_scheme(client: AsyncTestClient[Litestar]) -> None:
    citizen = await make_citizen()
    token = _signed(_claims(citizen.id))
    response = await client.get("/api/v1/me", headers={"Authorization": f"Basic {token}"})
    assert response.status_code == 401
