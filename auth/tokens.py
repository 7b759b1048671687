"""Access tokens: short-lived JWTs (EdDSA, pinned), every registered claim required.

Verification results are cached by token until the token expires: a verified signature stays
verified, so a busy client pays the Ed25519 cost once per token, not once per request.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from typing import Any

import jwt

from auth.keys import ALGORITHM, AUDIENCE, TOKEN_TYPE, issuer, key_ring
from auth.principal import Principal
from backend import clock
from backend.settings import Settings

REQUIRED_CLAIMS = ["iss", "aud", "sub", "exp", "iat", "jti", "typ"]
MAX_TTL_S = 900
CACHE_SIZE = 10_000


class InvalidToken(Exception):
    """The token is not one we issued, or no longer valid. Callers answer 401."""


def subject_for(principal: Principal) -> str:
    return f"{principal.kind}:{principal.id}"


def issue_access_token(settings: Settings, principal: Principal, now: float | None = None) -> str:
    ring = key_ring(settings)
    issued = int(now if now is not None else clock.timestamp())
    claims: dict[str, Any] = {
        "iss": issuer(settings),
        "aud": AUDIENCE,
        "sub": subject_for(principal),
        "iat": issued,
        "exp": issued + min(settings.access_token_ttl_s, MAX_TTL_S),
        "jti": uuid.uuid4().hex,
        "typ": TOKEN_TYPE,
    }
    if principal.kind == "staff":
        claims["role"] = principal.role
        claims["office"] = principal.office_id
    return jwt.encode(claims, ring.signing_key, algorithm=ALGORITHM, headers={"kid": ring.kid})


_cache: OrderedDict[str, tuple[int, Principal]] = OrderedDict()


def _principal_from(claims: dict[str, Any]) -> Principal:
    kind, _, raw_id = str(claims["sub"]).partition(":")
    if kind not in ("citizen", "staff") or not raw_id.isdigit():
        raise InvalidToken("bad subject")
    if claims.get("typ") != TOKEN_TYPE:
        raise InvalidToken("not an access token")
    if int(claims["exp"]) - int(claims["iat"]) > MAX_TTL_S:
        raise InvalidToken("lifetime too long")
    if kind == "citizen":
        return Principal("citizen", int(raw_id))
    office = claims.get("office")
    return Principal("staff", int(raw_id), role=claims.get("role"), office_id=office)


def verify_access_token(settings: Settings, token: str) -> Principal:
    now = int(clock.timestamp())
    cached = _cache.get(token)
    if cached is not None:
        if cached[0] > now:
            _cache.move_to_end(token)
            return cached[1]
        del _cache[token]
    ring = key_ring(settings)
    try:
        header = jwt.get_unverified_header(token)
        key = ring.verifying_keys.get(str(header.get("kid")))
        if key is None or header.get("alg") != ALGORITHM:
            raise InvalidToken("unknown key or algorithm")
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=issuer(settings),
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(type(exc).__name__) from None
    principal = _principal_from(claims)
    _cache[token] = (int(claims["exp"]), principal)
    if len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return principal
