"""A simulated national e-ID provider (VNeID-style OpenID Connect), for dev and tests.

Discovery, JWKS (RS256, with a key id; `POST /_sim/oidc/rotate` switches to a new key), an
authorize page where one picks a demo resident, and a token endpoint that checks the client's
secret, the redirect URI, single use of the code and PKCE (S256 only). The ID token carries the
verified identity: `sub`, `id_number`, `name`, `birthdate`, `gender`, `phone_number`, `address`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
import time
from typing import Annotated, Any
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from litestar import MediaType, Request, Response, Router, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect

from simulators.people import demo_people, person

PREFIX = "/_sim/oidc"
FormBody = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]

_keys: list[tuple[str, rsa.RSAPrivateKey]] = []
_codes: dict[str, dict[str, Any]] = {}


def _current_key() -> tuple[str, rsa.RSAPrivateKey]:
    if not _keys:
        rotate_key()
    return _keys[-1]


def rotate_key() -> str:
    kid = f"sim-{secrets.token_hex(4)}"
    _keys.append((kid, rsa.generate_private_key(public_exponent=65537, key_size=2048)))
    del _keys[:-2]  # the previous key stays published for a while, as real providers do
    return kid


def _issuer(request: Request[Any, Any, Any]) -> str:
    return request.app.state.settings.base_url + PREFIX


def subject_of(id_number: str) -> str:
    """A stable pseudonymous subject per resident (not the ID number itself)."""
    return "vneid-" + hashlib.sha256(f"sim-subject:{id_number}".encode()).hexdigest()[:24]


@get("/.well-known/openid-configuration")
async def discovery(request: Request[Any, Any, Any]) -> dict[str, Any]:
    issuer = _issuer(request)
    return {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/authorize",
        "token_endpoint": f"{issuer}/token",
        "jwks_uri": f"{issuer}/jwks",
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "scopes_supported": ["openid", "profile", "phone", "address"],
    }


@get("/jwks")
async def jwks() -> dict[str, Any]:
    _current_key()
    keys = []
    for kid, private in _keys:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key(), as_dict=True)
        keys.append({**jwk, "kid": kid, "use": "sig", "alg": "RS256"})
    return {"keys": keys}


@post("/rotate", status_code=200)
async def rotate() -> dict[str, str]:
    return {"kid": rotate_key()}


def _check_client(request: Request[Any, Any, Any], client_id: str, redirect_uri: str) -> None:
    settings = request.app.state.settings
    if client_id != settings.oidc_client_id or not redirect_uri.startswith(settings.base_url + "/"):
        raise _error(400, "invalid_client")


def _error(status: int, code: str) -> Exception:
    from litestar.exceptions import HTTPException

    return HTTPException(status_code=status, detail=code)


AUTHORIZE_PARAMS = (
    "client_id",
    "redirect_uri",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "scope",
)


@get("/authorize", media_type=MediaType.HTML)
async def authorize_page(request: Request[Any, Any, Any]) -> str:
    params = {name: request.query_params.get(name, "") for name in AUTHORIZE_PARAMS}
    _check_client(request, params["client_id"], params["redirect_uri"])
    if request.query_params.get("response_type") != "code" or params["code_challenge_method"] != "S256":
        raise _error(400, "unsupported_request")
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(value)}">' for name, value in params.items()
    )
    choices = "".join(
        f'<p><label><input type="radio" name="id_number" value="{p["id_number"]}" required '
        f'data-testid="person-{p["id_number"]}"> {html.escape(p["full_name"])} '
        f"({p['date_of_birth']})</label></p>"
        for p in demo_people()
    )
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>VNeID (mô phỏng)</title></head><body>"
        "<h1>Định danh điện tử (mô phỏng)</h1><p>Chọn một công dân mẫu để đăng nhập.</p>"
        f'<form method="post" action="{PREFIX}/authorize">{hidden}{choices}'
        '<button type="submit" data-testid="approve">Đồng ý</button></form></body></html>'
    )


@post("/authorize", status_code=303)
async def approve(request: Request[Any, Any, Any], data: FormBody) -> Redirect:
    _check_client(request, data.get("client_id", ""), data.get("redirect_uri", ""))
    chosen = person(data.get("id_number", ""))
    if chosen is None or data.get("code_challenge_method") != "S256" or not data.get("code_challenge"):
        raise _error(400, "invalid_request")
    code = secrets.token_urlsafe(24)
    _codes[code] = {
        "client_id": data["client_id"],
        "redirect_uri": data["redirect_uri"],
        "code_challenge": data["code_challenge"],
        "nonce": data.get("nonce", ""),
        "person": chosen,
        "expires": time.time() + 60,
    }
    query = urlencode({"code": code, "state": data.get("state", "")})
    return Redirect(path=f"{data['redirect_uri']}?{query}", status_code=303)


def _token_error(code: str, status: int = 400) -> Response[dict[str, str]]:
    return Response({"error": code}, status_code=status)


def _client_credentials(request: Request[Any, Any, Any], data: dict[str, str]) -> tuple[str, str]:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        raw = base64.b64decode(header[6:]).decode()
        client_id, _, secret = raw.partition(":")
        return client_id, secret
    return data.get("client_id", ""), data.get("client_secret", "")


@post("/token", status_code=200)
async def token(request: Request[Any, Any, Any], data: FormBody) -> Response[dict[str, Any]]:
    settings = request.app.state.settings
    client_id, secret = _client_credentials(request, data)
    if client_id != settings.oidc_client_id or secret != settings.oidc_client_secret:
        return _token_error("invalid_client", 401)
    if data.get("grant_type") != "authorization_code":
        return _token_error("unsupported_grant_type")
    grant = _codes.pop(data.get("code", ""), None)  # single use, even when the rest is wrong
    if grant is None or grant["expires"] < time.time() or grant["client_id"] != client_id:
        return _token_error("invalid_grant")
    if data.get("redirect_uri") != grant["redirect_uri"]:
        return _token_error("invalid_grant")
    verifier = data.get("code_verifier", "")
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    if not verifier or not secrets.compare_digest(challenge, grant["code_challenge"]):
        return _token_error("invalid_grant")
    chosen = grant["person"]
    now = int(time.time())
    claims = {
        "iss": _issuer(request),
        "sub": subject_of(chosen["id_number"]),
        "aud": client_id,
        "iat": now,
        "exp": now + 300,
        "nonce": grant["nonce"],
        "id_number": chosen["id_number"],
        "name": chosen["full_name"],
        "birthdate": chosen["date_of_birth"],
        "gender": chosen["sex"],
        "phone_number": chosen["phone"],
        "phone_number_verified": True,
        "address": {"formatted": chosen["permanent_address"]},
    }
    kid, private = _current_key()
    id_token = jwt.encode(claims, private, algorithm="RS256", headers={"kid": kid})
    return Response(
        {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        },
        headers={"Cache-Control": "no-store"},
    )


router = Router(
    path=PREFIX,
    route_handlers=[discovery, jwks, rotate, authorize_page, approve, token],
    include_in_schema=False,
)
