"""National e-ID login against the simulated provider: the happy path creates the citizen from
verified claims; a mismatched state, nonce or PKCE verifier logs nobody in."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.cookies import OIDC_STATE_COOKIE
from auth.oidc import s256
from auth.sessions import SESSION_COOKIE
from auth.tables import AuditEvent, Citizen
from simulators.oidc import subject_of
from tests.factories import make_citizen

AN = "001090012345"  # Nguyễn Văn An in simulators/data/demo_people.json


async def start(client: AsyncTestClient[Litestar], next_path: str = "/profile") -> dict[str, str]:
    response = await client.get("/login/eid", params={"next": next_path}, follow_redirects=False)
    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    assert location.path == "/_sim/oidc/authorize"
    return {key: values[0] for key, values in parse_qs(location.query).items()}


async def approve(client: AsyncTestClient[Litestar], params: dict[str, str], id_number: str = AN) -> str:
    """The resident picks themselves on the provider's page; returns the code it sends back."""
    page = await client.get("/_sim/oidc/authorize", params=params)
    assert page.status_code == 200
    assert "Nguyễn Văn An" in page.text
    form = {k: params[k] for k in ("client_id", "redirect_uri", "state", "nonce", "code_challenge", "scope")}
    form.update(code_challenge_method="S256", id_number=id_number)
    answer = await client.post("/_sim/oidc/authorize", data=form, follow_redirects=False)
    assert answer.status_code == 303
    back = urlsplit(answer.headers["location"])
    assert back.path == "/login/eid/callback"
    query = parse_qs(back.query)
    assert query["state"] == [params["state"]]
    return query["code"][0]


async def callback(client: AsyncTestClient[Litestar], code: str, state: str):  # type: ignore[no-untyped-def]
    params = {"code": code, "state": state}
    return await client.get("/login/eid/callback", params=params, follow_redirects=False)


async def test_first_e_id_login_creates_the_citizen_from_verified_claims(
    client: AsyncTestClient[Litestar],
) -> None:
    params = await start(client)
    code = await approve(client, params)
    done = await callback(client, code, params["state"])
    assert done.status_code == 303
    assert done.headers["location"] == "/profile"
    assert SESSION_COOKIE in done.cookies
    citizen = await Citizen.objects().first()
    assert citizen.full_name == "Nguyễn Văn An"
    assert citizen.full_name_search == "nguyen van an"
    assert citizen.id_number == AN
    assert citizen.date_of_birth.isoformat() == "1990-05-12"
    assert citizen.phone == "+84912345678"
    assert citizen.subject == subject_of(AN)
    profile = await client.get("/profile")
    assert profile.status_code == 200
    assert "Nguyễn Văn An" in profile.text
    assert "12/05/1990" in profile.text


async def test_a_later_login_finds_the_same_citizen_and_adopts_a_phone_only_account(
    client: AsyncTestClient[Litestar],
) -> None:
    phone_only = await make_citizen(subject=None, id_number=None, full_name="", phone="+84912345678")
    for _ in range(2):
        params = await start(client)
        done = await callback(client, await approve(client, params), params["state"])
        assert done.status_code == 303
    assert await Citizen.count() == 1
    citizen = await Citizen.objects().first()
    assert (citizen.id, citizen.id_number) == (phone_only.id, AN)


async def test_a_state_that_is_not_this_browsers_is_rejected(client: AsyncTestClient[Litestar]) -> None:
    params = await start(client)
    code = await approve(client, params)
    forged = await callback(client, code, "an-attackers-state")
    assert forged.status_code == 400
    assert SESSION_COOKIE not in forged.cookies
    # A state minted for another browser is refused too, even with its own code.
    client.cookies.set(OIDC_STATE_COOKIE, "something-else", path="/login/eid")
    other = await callback(client, code, params["state"])
    assert other.status_code == 400
    assert await Citizen.count() == 0
    assert await AuditEvent.count().where(AuditEvent.action == "login_failed") == 2


async def test_a_nonce_mismatch_is_rejected(client: AsyncTestClient[Litestar]) -> None:
    params = await start(client)
    code = await approve(client, {**params, "nonce": "a-replayed-nonce"})
    refused = await callback(client, code, params["state"])
    assert refused.status_code == 400
    assert "text/html" in refused.headers["content-type"]
    assert await Citizen.count() == 0


async def test_a_pkce_mismatch_is_rejected(client: AsyncTestClient[Litestar]) -> None:
    params = await start(client)
    code = await approve(client, {**params, "code_challenge": s256("the-attackers-verifier")})
    refused = await callback(client, code, params["state"])
    assert refused.status_code == 400
    assert await Citizen.count() == 0


async def test_the_provider_refuses_a_code_without_the_right_verifier(
    client: AsyncTestClient[Litestar],
) -> None:
    params = await start(client)
    code = await approve(client, params)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": params["redirect_uri"],
        "code_verifier": "not-the-verifier",
        "client_id": "motcua",
        "client_secret": "dev-oidc-client-secret",
    }
    answer = await client.post("/_sim/oidc/token", data=form)
    assert (answer.status_code, answer.json()) == (400, {"error": "invalid_grant"})


async def test_a_callback_replayed_after_success_logs_nobody_in(client: AsyncTestClient[Litestar]) -> None:
    params = await start(client)
    code = await approve(client, params)
    assert (await callback(client, code, params["state"])).status_code == 303
    client.cookies.set(OIDC_STATE_COOKIE, params["state"], path="/login/eid")
    assert (await callback(client, code, params["state"])).status_code == 400


async def test_keys_rotated_at_the_provider_are_fetched_again(client: AsyncTestClient[Litestar]) -> None:
    first = await start(client)
    assert (await callback(client, await approve(client, first), first["state"])).status_code == 303
    await client.post("/_sim/oidc/rotate")
    second = await start(client)
    assert (await callback(client, await approve(client, second), second["state"])).status_code == 303
