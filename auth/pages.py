"""Citizen pages: log in (national e-ID, or phone + code), see one's verified profile, log out.

Forms post back to the server and work without JavaScript; every POST carries the CSRF token.
"""

from __future__ import annotations

from typing import Annotated, Any

import structlog
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from litestar.response import Redirect, Template

from auth import audit
from auth.citizens import citizen_from_claims
from auth.cookies import OIDC_STATE_COOKIE, clear_session_cookie, set_session_cookie, set_state_cookie
from auth.guards import principal_of, require_citizen
from auth.login import send_code, verify_code
from auth.oidc import OidcClient, OidcError
from auth.phones import normalise_phone
from auth.principal import Principal
from auth.profiles import profile_of
from auth.sessions import SESSION_COOKIE, close_session, open_session
from backend.errors import Problem
from backend.home.pages import safe_next
from backend.web import page_context, request_locale

FormBody = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
log = structlog.get_logger("motcua.auth")
# Where a citizen lands after logging in when they were not on their way somewhere.
LANDING = "/dossiers"


def oidc_client(state: State) -> OidcClient:
    return OidcClient(state.settings, state.http_client, state.oidc_cache)


async def logged_in(state: State, principal: Principal, next_path: str) -> Redirect:
    response = Redirect(path=safe_next(next_path), status_code=303)
    set_session_cookie(response, await open_session(principal), state.settings)
    return response


def _form_page(request: Request[Any, Any, Any], name: str, status: int = 200, **context: Any) -> Template:
    return Template(
        name,
        context=page_context(request, **context),
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )


def _error_text(request: Request[Any, Any, Any], problem: Problem) -> str:
    return page_context(request)["_"](f"problem.{problem.code}.title")


class CitizenLoginPages(Controller):
    include_in_schema = False

    @get("/login")
    async def login(self, request: Request[Any, Any, Any], next: FromQuery[str] = LANDING) -> Template:
        return _form_page(request, "auth/login.html", next=safe_next(next))

    @post("/login/phone")
    async def send_phone_code(
        self, request: Request[Any, Any, Any], state: State, data: FormBody
    ) -> Template:
        next_path = safe_next(data.get("next") or LANDING)
        try:
            await send_code(state, data.get("phone", ""), audit.client_ip(request), request_locale(request))
        except Problem as problem:
            return _form_page(
                request,
                "auth/login.html",
                problem.status_code,
                next=next_path,
                error=_error_text(request, problem),
            )
        phone = normalise_phone(data.get("phone", "")) or ""
        return _form_page(request, "auth/login_code.html", phone=phone, next=next_path)

    @post("/login/phone/verify")
    async def verify_phone_code(
        self, request: Request[Any, Any, Any], state: State, data: FormBody
    ) -> Template | Redirect:
        next_path = safe_next(data.get("next") or LANDING)
        phone = data.get("phone", "")
        try:
            principal = await verify_code(state, phone, data.get("code", ""), audit.client_ip(request))
        except Problem as problem:
            return _form_page(
                request,
                "auth/login_code.html",
                problem.status_code,
                phone=normalise_phone(phone) or "",
                next=next_path,
                error=_error_text(request, problem),
            )
        return await logged_in(state, principal, next_path)

    @get("/login/eid")
    async def start_eid(self, state: State, next: FromQuery[str] = LANDING) -> Redirect:
        try:
            url, login_state = await oidc_client(state).start(safe_next(next))
        except OidcError as exc:
            log.warning("e-ID login could not start", reason=str(exc))
            raise Problem(503, "oidc_failed") from None
        response = Redirect(path=url, status_code=302)
        set_state_cookie(response, login_state, state.settings)
        return response

    @get("/login/eid/callback")
    async def eid_callback(
        self,
        request: Request[Any, Any, Any],
        state: State,
        code: FromQuery[str] = "",
    ) -> Redirect:
        oauth_state = request.query_params.get("state", "")  # `state` is Litestar's app state
        try:
            claims, next_path = await oidc_client(state).finish(
                code, oauth_state, request.cookies.get(OIDC_STATE_COOKIE, "")
            )
        except OidcError as exc:
            log.warning("e-ID login refused", reason=str(exc))
            await audit.record(
                "login_failed", ip=audit.client_ip(request), method="oidc", reason=str(exc)[:60]
            )
            raise Problem(400, "oidc_failed") from None
        citizen = await citizen_from_claims(claims)
        principal = Principal("citizen", citizen.id)
        await audit.record("login", actor=principal, ip=audit.client_ip(request), method="oidc")
        response = await logged_in(state, principal, next_path)
        response.delete_cookie(OIDC_STATE_COOKIE, path="/login/eid")
        return response

    @post("/logout")
    async def logout(self, request: Request[Any, Any, Any]) -> Response[Any]:
        token = request.cookies.get(SESSION_COOKIE)
        who = request.scope.get("user")
        if token:
            await close_session(token)
        if isinstance(who, Principal):
            await audit.record("logout", actor=who, ip=audit.client_ip(request))
        response: Response[Any] = Redirect(path="/", status_code=303)
        clear_session_cookie(response)
        return response


class AccountPages(Controller):
    """The citizen's own pages (a controller-level guard covers OPTIONS too)."""

    include_in_schema = False
    guards = [require_citizen]

    @get("/profile")
    async def profile(self, request: Request[Any, Any, Any]) -> Template:
        me = await profile_of(principal_of(request))
        return _form_page(request, "auth/profile.html", me=me)
