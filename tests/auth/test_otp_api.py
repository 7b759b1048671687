"""Phone + one-time code: the code arrives by SMS, works once, expires, and resists guessing."""

from datetime import UTC, datetime, timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.tables import AuditEvent, Citizen, OtpChallenge
from tests.auth.helpers import latest_code, otp_login
from tests.factories import make_citizen


async def test_a_known_citizen_logs_in_with_the_code_sent_to_either_form_of_their_number(
    client: AsyncTestClient[Litestar],
) -> None:
    citizen = await make_citizen(phone="+84912345678", full_name="Nguyễn Văn An")
    sent = await client.post("/api/v1/auth/otp", json={"phone": "0912345678"})
    assert sent.status_code == 202
    assert sent.json() == {"status": "sent", "expires_in": 300}
    code = await latest_code(client, "+84912345678")
    pair = (await client.post("/api/v1/auth/otp/verify", json={"phone": "+84912345678", "code": code})).json()
    assert pair["token_type"] == "Bearer"
    assert 0 < pair["expires_in"] <= 900
    me = (await client.get("/api/v1/me", headers={"Authorization": f"Bearer {pair['access_token']}"})).json()
    assert (me["id"], me["citizen"]["full_name"]) == (citizen.id, "Nguyễn Văn An")
    stored = await OtpChallenge.select(OtpChallenge.code_hash).first()
    assert code not in stored["code_hash"], "codes are stored hashed"


async def test_the_answer_does_not_reveal_whether_a_phone_has_an_account(
    client: AsyncTestClient[Litestar],
) -> None:
    await make_citizen(phone="+84912345678")
    known = await client.post("/api/v1/auth/otp", json={"phone": "0912345678"})
    unknown = await client.post("/api/v1/auth/otp", json={"phone": "0987000111"})
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())


async def test_a_new_phone_becomes_an_unverified_citizen_on_first_login(
    client: AsyncTestClient[Litestar],
) -> None:
    pair = await otp_login(client, "0987000222")
    me = (await client.get("/api/v1/me", headers={"Authorization": f"Bearer {pair['access_token']}"})).json()
    assert me["citizen"]["phone"] == "+84987000222"
    assert me["citizen"]["verified"] is False
    assert await Citizen.count() == 1


async def test_a_code_works_once(client: AsyncTestClient[Litestar]) -> None:
    await client.post("/api/v1/auth/otp", json={"phone": "0912000001"})
    code = await latest_code(client, "0912000001")
    body = {"phone": "0912000001", "code": code}
    assert (await client.post("/api/v1/auth/otp/verify", json=body)).status_code == 200
    again = await client.post("/api/v1/auth/otp/verify", json=body)
    assert again.status_code == 400
    assert again.json()["type"].endswith("/otp-invalid")


async def test_an_expired_code_is_refused(client: AsyncTestClient[Litestar]) -> None:
    await client.post("/api/v1/auth/otp", json={"phone": "0912000002"})
    code = await latest_code(client, "0912000002")
    await OtpChallenge.update({OtpChallenge.expires_at: datetime.now(UTC) - timedelta(seconds=1)}).where(
        OtpChallenge.phone == "+84912000002"
    )
    refused = await client.post("/api/v1/auth/otp/verify", json={"phone": "0912000002", "code": code})
    assert refused.status_code == 400
    assert await Citizen.count() == 0


async def test_five_wrong_guesses_kill_the_code_even_the_right_one_after(
    client: AsyncTestClient[Litestar],
) -> None:
    await client.post("/api/v1/auth/otp", json={"phone": "0912000003"})
    code = await latest_code(client, "0912000003")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        response = await client.post("/api/v1/auth/otp/verify", json={"phone": "0912000003", "code": wrong})
        assert response.status_code == 400
    late = await client.post("/api/v1/auth/otp/verify", json={"phone": "0912000003", "code": code})
    assert late.status_code == 400
    assert await Citizen.count() == 0
    failures = await AuditEvent.count().where(AuditEvent.action == "login_failed")
    assert failures == 6


async def test_guessing_past_the_limit_is_throttled_per_phone(client: AsyncTestClient[Litestar]) -> None:
    statuses = []
    for _ in range(12):
        response = await client.post(
            "/api/v1/auth/otp/verify", json={"phone": "0912000004", "code": "000000"}
        )
        statuses.append(response.status_code)
    assert statuses[:10] == [400] * 10
    assert statuses[10:] == [429, 429]
    assert int(response.headers["retry-after"]) > 0


async def test_code_requests_are_limited_per_phone_and_per_client_address(
    client: AsyncTestClient[Litestar],
) -> None:
    for _ in range(3):
        assert (await client.post("/api/v1/auth/otp", json={"phone": "0912000005"})).status_code == 202
    limited = await client.post("/api/v1/auth/otp", json={"phone": "+84912000005"})
    assert limited.status_code == 429
    assert limited.json()["type"].endswith("/too-many-requests")
    messages = (await client.get("/_sim/sms/messages", params={"to": "0912000005"})).json()
    assert len(messages) == 3, "no SMS goes out once limited"
    statuses = [
        (await client.post("/api/v1/auth/otp", json={"phone": f"09130000{n:02d}"})).status_code
        for n in range(20)
    ]
    assert statuses.count(429) >= 3, "one address cannot spray codes at many phones"


async def test_a_malformed_number_is_a_precise_400(client: AsyncTestClient[Litestar]) -> None:
    response = await client.post("/api/v1/auth/otp", json={"phone": "99999"})
    assert response.status_code == 400
    assert response.json()["type"].endswith("/phone-invalid")
    assert "99999" not in response.text
