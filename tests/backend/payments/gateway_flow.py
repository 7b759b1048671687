"""A citizen's trip through the gateway simulator, driven over HTTP like a browser would."""

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.principal import Principal
from auth.sessions import SESSION_COOKIE, open_session
from auth.tables import Citizen
from tests.factories import auth_headers

Client = AsyncTestClient[Litestar]


async def start(client: Client, citizen: Citizen, reference: str) -> dict[str, Any]:
    response = await client.post(f"/api/v1/payments/{reference}/start", headers=await auth_headers(citizen))
    assert response.status_code == 200, response.text
    return dict(response.json())


async def pay_at_gateway(
    client: Client, payment_url: str, action: str = "pay", lose_ipn: bool = False
) -> httpx.Response:
    """Open the gateway page, choose `action`, follow the redirect to our Return URL."""
    page = await client.get(payment_url)
    assert page.status_code == 200, page.text
    reference = dict(parse_qsl(urlsplit(payment_url).query))["vnp_TxnRef"]
    form = {"ref": reference, "action": action, **({"lose_ipn": "1"} if lose_ipn else {})}
    redirect = await client.post("/_sim/vnpay/paymentv2/pay", data=form, follow_redirects=False)
    assert redirect.status_code == 303, redirect.text
    return await client.get(redirect.headers["location"])


async def use_page_session(client: Client, citizen: Citizen) -> None:
    """Browse pages as `citizen`: the session cookie the login flows set."""
    client.cookies.set(SESSION_COOKIE, await open_session(Principal("citizen", citizen.id)))
