"""Guards: plain functions `(connection, handler) -> None`.

401 (NotAuthorizedException) when nobody is logged in, 403 (PermissionDeniedException) when
the caller is logged in but of the wrong kind or role. Object-level access is not a guard: each
domain filters its queries by owner / office / assigned unit and answers 404 otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from auth.principal import Principal

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], None]


def principal_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    user = connection.scope.get("user")
    if not isinstance(user, Principal):
        raise NotAuthorizedException()
    return user


def require_login(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    principal_of(connection)


class NotForStaff(PermissionDeniedException):
    """A staff member on a citizen's route: 403 in the API; a page sends them to their own home
    (auth/redirects.py), since they most likely tapped a link meant for the citizen."""


def require_citizen(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    if principal_of(connection).kind != "citizen":
        raise NotForStaff()


def require_staff(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    if principal_of(connection).kind != "staff":
        raise PermissionDeniedException()


def require_role(*roles: str) -> Guard:
    """Staff with one of `roles` (e.g. `require_role("officer", "supervisor")`)."""
    allowed = frozenset(roles)

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        principal = principal_of(connection)
        if principal.kind != "staff" or principal.role not in allowed:
            raise PermissionDeniedException()

    guard.__name__ = f"require_role({', '.join(sorted(allowed))})"
    return guard
