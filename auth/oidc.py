"""OpenID Connect relying party for the national e-ID (authorization code + PKCE S256).

`start()` records a login in flight (state hashed, nonce, PKCE verifier) and gives the URL to
send the browser to; `finish()` checks the returned state against that record and the browser's
cookie, exchanges the code with the verifier, and verifies the ID token: signature against the
provider's JWKS (fetched with httpx, cached, fetched again when a token names an unknown key),
an asymmetric algorithm only, issuer, audience, expiry, issued-at and nonce.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt

from auth.tables import OidcLogin
from backend import clock
from backend.settings import Settings

ALGORITHMS = ["RS256", "ES256"]  # the provider's; never "none" nor a shared-secret HMAC
LOGIN_TTL = timedelta(minutes=10)
DISCOVERY_TTL_S = 3600
CALLBACK_PATH = "/login/eid/callback"


class OidcError(Exception):
    """The login cannot be trusted; the message says why (for logs, never shown verbatim)."""


@dataclass
class ProviderCache:
    """Discovery document and signing keys, one per app (kept in app state)."""

    discovery: dict[str, Any] = field(default_factory=dict)
    discovery_at: float = 0.0
    keys: dict[str, Any] = field(default_factory=dict)


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


class OidcClient:
    def __init__(self, settings: Settings, http: httpx.AsyncClient, cache: ProviderCache) -> None:
        self.settings = settings
        self.http = http
        self.cache = cache

    @property
    def redirect_uri(self) -> str:
        return self.settings.base_url + CALLBACK_PATH

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = await self.http.get(url)
            response.raise_for_status()
            body: dict[str, Any] = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise OidcError(f"provider unreachable: {type(exc).__name__}") from None
        return body

    async def discovery(self) -> dict[str, Any]:
        if not self.cache.discovery or time.monotonic() - self.cache.discovery_at > DISCOVERY_TTL_S:
            self.cache.discovery = await self._get_json(self.settings.oidc_discovery_url)
            self.cache.discovery_at = time.monotonic()
        return self.cache.discovery

    async def _refresh_keys(self) -> None:
        jwks = await self._get_json((await self.discovery())["jwks_uri"])
        keys: dict[str, Any] = {}
        for jwk in jwks.get("keys", []):
            if jwk.get("use", "sig") == "sig" and jwk.get("kid"):
                keys[jwk["kid"]] = jwt.PyJWK(jwk).key
        self.cache.keys = keys

    async def signing_key(self, kid: str) -> Any:
        if kid not in self.cache.keys:
            await self._refresh_keys()  # rotated at the provider: fetch once more
        if kid not in self.cache.keys:
            raise OidcError("unknown signing key")
        return self.cache.keys[kid]

    async def start(self, next_path: str) -> tuple[str, str]:
        """Returns (authorize URL, state). The state also goes into the browser's cookie."""
        meta = await self.discovery()
        state, nonce, verifier = (
            secrets.token_urlsafe(32),
            secrets.token_urlsafe(32),
            secrets.token_urlsafe(64),
        )
        await OidcLogin.insert(
            OidcLogin(state_hash=_hash(state), nonce=nonce, code_verifier=verifier, next_path=next_path)
        )
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.settings.oidc_client_id,
                "redirect_uri": self.redirect_uri,
                "scope": "openid profile phone address",
                "state": state,
                "nonce": nonce,
                "code_challenge": s256(verifier),
                "code_challenge_method": "S256",
            }
        )
        return f"{meta['authorization_endpoint']}?{query}", state

    async def finish(self, code: str, state: str, cookie_state: str) -> tuple[dict[str, Any], str]:
        """Returns (verified ID token claims, the page to go to next)."""
        if not state or not secrets.compare_digest(state, cookie_state or ""):
            raise OidcError("state does not match this browser")
        now = clock.now()
        login = await OidcLogin.objects().where(OidcLogin.state_hash == _hash(state)).first()
        if login is None or login.used_at is not None or login.created_at < now - LOGIN_TTL:
            raise OidcError("unknown, used or stale state")
        claimed = (
            await OidcLogin.update({OidcLogin.used_at: now})
            .where((OidcLogin.id == login.id) & OidcLogin.used_at.is_null())
            .returning(OidcLogin.id)
        )
        if not claimed:
            raise OidcError("state already used")
        meta = await self.discovery()
        try:
            response = await self.http.post(
                meta["token_endpoint"],
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": self.redirect_uri,
                    "code_verifier": login.code_verifier,
                    "client_id": self.settings.oidc_client_id,
                    "client_secret": self.settings.oidc_client_secret,
                },
            )
        except httpx.HTTPError as exc:
            raise OidcError(f"token endpoint unreachable: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise OidcError(f"token endpoint refused the code ({response.status_code})")
        id_token = response.json().get("id_token", "")
        claims = await self.verify_id_token(id_token, meta["issuer"])
        if not secrets.compare_digest(str(claims.get("nonce", "")), login.nonce):
            raise OidcError("nonce does not match")
        return claims, login.next_path

    async def verify_id_token(self, id_token: str, issuer: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(id_token)
            if header.get("alg") not in ALGORITHMS:
                raise OidcError("algorithm not allowed")
            key = await self.signing_key(str(header.get("kid", "")))
            claims: dict[str, Any] = jwt.decode(
                id_token,
                key,
                algorithms=ALGORITHMS,
                audience=self.settings.oidc_client_id,
                issuer=issuer,
                options={"require": ["iss", "aud", "sub", "exp", "iat", "nonce"]},
                leeway=30,
            )
        except jwt.PyJWTError as exc:
            raise OidcError(f"ID token refused: {type(exc).__name__}") from None
        return claims
