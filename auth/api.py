"""The login API: phone + code, staff password, refresh, logout (`/api/v1/auth/...`).

Every answer that hands out tokens is the same pair: {access_token, refresh_token, token_type,
expires_in}. These routes are public (auth/access.py): they are how one logs in.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.datastructures import State
from litestar.params import JSONBody

from auth import audit
from auth.login import send_code, staff_password_login, verify_code
from auth.login_schemas import OtpRequestIn, OtpRequestOut, OtpVerifyIn, RefreshIn, StaffLoginIn, TokenPairOut
from auth.principal import Principal
from auth.refresh import RefreshRefused, TokenPair, issue_pair, revoke, rotate
from backend.errors import Problem
from backend.web import request_locale


def _out(pair: TokenPair) -> TokenPairOut:
    return TokenPairOut(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        token_type="Bearer",  # noqa: S106 - the scheme's name
        expires_in=pair.expires_in,
    )


class AuthApi(Controller):
    path = "/api/v1/auth"
    tags = ["identity"]

    @post("/otp", status_code=202)
    async def request_code(
        self, request: Request[Any, Any, Any], state: State, data: JSONBody[OtpRequestIn]
    ) -> OtpRequestOut:
        """Send a 6-digit code by SMS. The answer is the same whether or not the phone is known."""
        expires_in = await send_code(state, data.phone, audit.client_ip(request), request_locale(request))
        return OtpRequestOut(status="sent", expires_in=expires_in)

    @post("/otp/verify", status_code=200)
    async def verify(
        self, request: Request[Any, Any, Any], state: State, data: JSONBody[OtpVerifyIn]
    ) -> TokenPairOut:
        principal = await verify_code(state, data.phone, data.code, audit.client_ip(request))
        return _out(await issue_pair(state.settings, principal))

    @post("/staff/login", status_code=200)
    async def staff_login(
        self, request: Request[Any, Any, Any], state: State, data: JSONBody[StaffLoginIn]
    ) -> TokenPairOut:
        principal = await staff_password_login(state, data.username, data.password, audit.client_ip(request))
        return _out(await issue_pair(state.settings, principal))

    @post("/refresh", status_code=200)
    async def refresh(
        self, request: Request[Any, Any, Any], state: State, data: JSONBody[RefreshIn]
    ) -> TokenPairOut:
        try:
            pair = await rotate(state.settings, data.refresh_token)
        except RefreshRefused as refused:
            if refused.reuse:
                await audit.record("token_reuse", actor=refused.principal, ip=audit.client_ip(request))
            raise Problem(401, "refresh_invalid") from None
        return _out(pair)

    @post("/logout", status_code=204)
    async def logout(self, request: Request[Any, Any, Any], data: JSONBody[RefreshIn]) -> None:
        """Revoke the refresh token and every token rotated from the same login."""
        owner: Principal | None = await revoke(data.refresh_token)
        if owner is not None:
            await audit.record("logout", actor=owner, ip=audit.client_ip(request))
