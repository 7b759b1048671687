"""Bodies of the login API (`/api/v1/auth/...`)."""

from __future__ import annotations

from typing import Annotated

import msgspec


class OtpRequestIn(msgspec.Struct, frozen=True):
    phone: Annotated[str, msgspec.Meta(max_length=32)]


class OtpRequestOut(msgspec.Struct, frozen=True):
    status: str  # always "sent": the answer never says whether the phone has an account
    expires_in: int


class OtpVerifyIn(msgspec.Struct, frozen=True):
    phone: Annotated[str, msgspec.Meta(max_length=32)]
    code: Annotated[str, msgspec.Meta(min_length=1, max_length=12)]


class StaffLoginIn(msgspec.Struct, frozen=True):
    username: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=256)]


class RefreshIn(msgspec.Struct, frozen=True):
    refresh_token: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class TokenPairOut(msgspec.Struct, frozen=True):
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int
