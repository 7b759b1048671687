"""Refresh tokens rotate; a reused one revokes its whole family; logout revokes; staff log in
with a password and lose everything once disabled."""

from datetime import UTC, datetime, timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.tables import AuditEvent, RefreshToken
from tests.auth.helpers import otp_login
from tests.factories import STAFF_PASSWORD, make_staff


async def _refresh(client: AsyncTestClient[Litestar], token: str) -> tuple[int, dict]:
    response = await client.post("/api/v1/auth/refresh", json={"refresh_token": token})
    return response.status_code, response.json() if response.content else {}


async def _age_rotations(seconds: int = 60) -> None:
    """Move rotations out of the grace window, as if the reuse came a minute later."""
    await RefreshToken.update(
        {RefreshToken.rotated_at: datetime.now(UTC) - timedelta(seconds=seconds)}
    ).where(RefreshToken.rotated_at.is_not_null())


async def test_refreshing_rotates_the_refresh_token(client: AsyncTestClient[Litestar]) -> None:
    first = await otp_login(client, "0912000010")
    status, second = await _refresh(client, first["refresh_token"])
    assert status == 200
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {second['access_token']}"})
    assert me.json()["citizen"]["phone"] == "+84912000010"
    assert "refresh_token" not in str(await RefreshToken.select(RefreshToken.token_hash))
    stored = await RefreshToken.select(RefreshToken.token_hash)
    assert second["refresh_token"] not in {row["token_hash"] for row in stored}


async def test_reusing_a_rotated_refresh_token_revokes_the_whole_family(
    client: AsyncTestClient[Litestar],
) -> None:
    stolen = await otp_login(client, "0912000011")
    _, legit = await _refresh(client, stolen["refresh_token"])
    await _age_rotations()
    status, body = await _refresh(client, stolen["refresh_token"])
    assert status == 401
    assert body["type"].endswith("/refresh-invalid")
    status, _ = await _refresh(client, legit["refresh_token"])
    assert status == 401, "the legitimate holder's newer token died with the family"
    assert await AuditEvent.count().where(AuditEvent.action == "token_reuse") == 1


async def test_a_concurrent_refresh_within_the_grace_window_is_refused_without_revoking(
    client: AsyncTestClient[Litestar],
) -> None:
    pair = await otp_login(client, "0912000012")
    _, winner = await _refresh(client, pair["refresh_token"])
    status, _ = await _refresh(client, pair["refresh_token"])
    assert status == 401
    status, _ = await _refresh(client, winner["refresh_token"])
    assert status == 200, "the winner's token still works"


async def test_logout_revokes_the_refresh_token(client: AsyncTestClient[Litestar]) -> None:
    pair = await otp_login(client, "0912000013")
    out = await client.post("/api/v1/auth/logout", json={"refresh_token": pair["refresh_token"]})
    assert out.status_code == 204
    status, _ = await _refresh(client, pair["refresh_token"])
    assert status == 401
    assert await AuditEvent.count().where(AuditEvent.action == "logout") == 1


async def test_an_expired_refresh_token_answers_401(client: AsyncTestClient[Litestar]) -> None:
    pair = await otp_login(client, "0912000014")
    await RefreshToken.update({RefreshToken.expires_at: datetime.now(UTC) - timedelta(seconds=1)}).where(
        RefreshToken.id > 0
    )
    status, _ = await _refresh(client, pair["refresh_token"])
    assert status == 401


async def test_staff_log_in_with_their_password(client: AsyncTestClient[Litestar]) -> None:
    officer = await make_staff(role="officer")
    response = await client.post(
        "/api/v1/auth/staff/login", json={"username": officer.username, "password": STAFF_PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()["access_token"]
    me = (await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})).json()
    assert (me["kind"], me["roles"]) == ("staff", ["officer"])


async def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(
    client: AsyncTestClient[Litestar],
) -> None:
    officer = await make_staff()
    wrong = await client.post(
        "/api/v1/auth/staff/login", json={"username": officer.username, "password": "x"}
    )
    unknown = await client.post("/api/v1/auth/staff/login", json={"username": "nobody", "password": "x"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["title"] == unknown.json()["title"]
    reasons = (
        await AuditEvent.select(AuditEvent.details)
        .where(AuditEvent.action == "login_failed")
        .output(load_json=True)
    )
    assert sorted(row["details"]["reason"] for row in reasons) == ["unknown_user", "wrong_password"]
    assert "x" not in {str(value) for row in reasons for value in row["details"].values()}


async def test_disabled_staff_can_neither_log_in_nor_refresh_nor_use_their_token(
    client: AsyncTestClient[Litestar],
) -> None:
    courier = await make_staff(role="courier")
    login = {"username": courier.username, "password": STAFF_PASSWORD}
    pair = (await client.post("/api/v1/auth/staff/login", json=login)).json()
    courier.disabled = True
    await courier.save()
    headers = {"Authorization": f"Bearer {pair['access_token']}"}
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 401
    status, _ = await _refresh(client, pair["refresh_token"])
    assert status == 401
    assert (await client.post("/api/v1/auth/staff/login", json=login)).status_code == 401
    courier.disabled = False
    await courier.save()
    status, _ = await _refresh(client, pair["refresh_token"])
    assert status == 401, "re-enabling does not bring the revoked sessions back"
