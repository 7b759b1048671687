"""Pages answer "not logged in" by sending the browser to the right login page; the API keeps
its 401 problem details."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import NotAuthorizedException
from litestar.response import Redirect

from auth.guards import NotForStaff
from auth.principal import Principal
from backend.errors import handle_exception
from backend.web import wants_json

STAFF_AREAS = ("/counter", "/courier", "/staff")


def handle_not_logged_in(request: Request[Any, Any, Any], exc: NotAuthorizedException) -> Response[Any]:
    if wants_json(request) or request.method != "GET":
        return handle_exception(request, exc)
    path = request.url.path
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    login = "/staff/login" if path.startswith(STAFF_AREAS) else "/login"
    return Redirect(path=f"{login}?next={quote(target, safe='')}", status_code=303)


def handle_not_for_staff(request: Request[Any, Any, Any], exc: NotForStaff) -> Response[Any]:
    """Staff opening a citizen's page (a link in a message, a shared URL) go to their own home."""
    principal = request.scope.get("user")
    if wants_json(request) or request.method != "GET" or not isinstance(principal, Principal):
        return handle_exception(request, exc)
    return Redirect(path=principal.home, status_code=303)
