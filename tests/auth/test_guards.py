"""Role guards answer 401 to strangers and 403 to the wrong kind of user."""

from typing import Any

import pytest
from litestar import Litestar, Request, get
from litestar.testing import AsyncTestClient

from auth.guards import principal_of, require_citizen, require_role, require_staff
from tests.factories import auth_headers, make_citizen, make_staff


@get("/api/v1/test/citizen-only", guards=[require_citizen])
async def citizen_only(request: Request[Any, Any, Any]) -> dict[str, int]:
    return {"id": principal_of(request).id}


@get("/api/v1/test/staff-only", guards=[require_staff])
async def staff_only() -> dict[str, bool]:
    return {"ok": True}


@get("/api/v1/test/supervisors", guards=[require_role("supervisor", "admin")])
async def supervisors() -> dict[str, bool]:
    return {"ok": True}


@pytest.fixture
def guarded_app(app: Litestar) -> Litestar:
    for handler in (citizen_only, staff_only, supervisors):
        app.register(handler)
    return app


async def test_guards_sort_callers_by_kind_and_role(guarded_app: Litestar) -> None:
    citizen = await make_citizen()
    officer = await make_staff(role="officer")
    supervisor = await make_staff(role="supervisor")
    as_citizen, as_officer, as_supervisor = [await auth_headers(r) for r in (citizen, officer, supervisor)]
    async with AsyncTestClient(app=guarded_app) as client:
        assert (await client.get("/api/v1/test/citizen-only")).status_code == 401
        ok = await client.get("/api/v1/test/citizen-only", headers=as_citizen)
        assert ok.json() == {"id": citizen.id}
        assert (await client.get("/api/v1/test/citizen-only", headers=as_officer)).status_code == 403
        assert (await client.get("/api/v1/test/staff-only", headers=as_citizen)).status_code == 403
        assert (await client.get("/api/v1/test/staff-only", headers=as_officer)).status_code == 200
        assert (await client.get("/api/v1/test/supervisors", headers=as_officer)).status_code == 403
        assert (await client.get("/api/v1/test/supervisors", headers=as_supervisor)).status_code == 200
