"""Logging a test client in through the real login pages, as a browser does: the form's CSRF
token, then the staff password or the SMS code read from the simulator. Each returns the CSRF
token that the test's next form posts carry."""

from __future__ import annotations

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.tables import Citizen, StaffUser
from tests.auth.helpers import latest_code
from tests.factories import STAFF_PASSWORD

Client = AsyncTestClient[Litestar]


async def csrf_token(client: Client, path: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', (await client.get(path)).text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


async def staff_login(client: Client, staff: StaffUser | str) -> str:
    username = staff if isinstance(staff, str) else staff.username
    token = await csrf_token(client, "/staff/login")
    done = await client.post(
        "/staff/login",
        data={"username": username, "password": STAFF_PASSWORD, "_csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    return token


async def citizen_login(client: Client, who: Citizen | str, next_path: str = "") -> str:
    phone = who if isinstance(who, str) else str(who.phone)
    token = await csrf_token(client, "/login")
    await client.post("/login/phone", data={"phone": phone, "_csrf_token": token})
    code = await latest_code(client, phone)
    form = {"phone": phone, "code": code, "_csrf_token": token}
    if next_path:
        form["next"] = next_path
    done = await client.post("/login/phone/verify", data=form, follow_redirects=False)
    assert done.status_code == 303, done.text
    return token
