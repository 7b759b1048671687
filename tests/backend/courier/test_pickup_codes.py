"""Pickup codes: the citizen's own code, and scans that refuse reused, expired, tampered and
foreign codes with a clear reason, each scan audited without the code itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.tables import AuditEvent
from backend.courier.tables import PickupCode
from backend.courier.tokens import verify
from backend.settings import get_settings
from tests.backend.courier.helpers import pickup_body, pickup_code, problem, scene
from tests.backend.dossiers.helpers import officer
from tests.factories import auth_headers, make_citizen, make_office, make_staff

Client = AsyncTestClient[Litestar]


async def test_the_citizen_gets_one_code_per_booking_that_names_no_dossier_or_person(client: Client) -> None:
    s = await scene(client)
    first = await pickup_code(client, s)
    again = await pickup_code(client, s)
    assert first == again
    assert first["purpose"] == "pickup"
    assert len(first["short_code"]) == 9
    assert first["short_code"][4] == "-"
    for secret in (s.dossier["code"], s.citizen.phone or "", "Nguyễn"):
        assert secret not in first["token"]
    stored = await PickupCode.select().first()
    assert stored is not None
    claims = verify(get_settings(), first["token"])  # purpose, a random id and the expiry: no more
    assert (claims.purpose, claims.token_id) == ("pickup", stored["token_id"])
    assert first["short_code"].replace("-", "") not in str(stored.values())  # only a hash is kept


async def test_another_citizen_and_staff_cannot_read_the_code(client: Client) -> None:
    s = await scene(client)
    other = await make_citizen()
    answer = await client.get(
        f"/api/v1/bookings/{s.booking['id']}/pickup-code", headers=await auth_headers(other)
    )
    assert answer.status_code == 404
    answer = await client.get(
        f"/api/v1/bookings/{s.booking['id']}/pickup-code", headers=await s.courier_headers()
    )
    assert answer.status_code == 403


async def test_the_courier_of_the_unit_scans_and_sees_who_what_and_the_fee(client: Client) -> None:
    s = await scene(client)
    code = await pickup_code(client, s)
    answer = await client.post(
        "/api/v1/courier/scan", json={"token": code["token"]}, headers=await s.courier_headers()
    )
    assert answer.status_code == 200, answer.text
    card = answer.json()
    assert card["dossier_code"] == s.dossier["code"]
    assert card["citizen_name"] == s.citizen.full_name
    assert card["contact_phone"] == "+84912345678"
    assert card["address"] == "Số 12 Phố Hàng Bạc"
    assert [d["key"] for d in card["documents"]] == s.documents
    assert card["fee_vnd"] == s.dossier["fee_vnd"] > 0
    assert card["next_step"] == "picked_up"
    typed = await client.post(
        "/api/v1/courier/scan",
        json={"short_code": code["short_code"].lower().replace("-", " ")},
        headers=await s.courier_headers(),
    )
    assert typed.status_code == 200
    assert typed.json()["booking_id"] == s.booking["id"]


async def test_a_tampered_token_or_a_made_up_code_is_refused(client: Client) -> None:
    s = await scene(client)
    token = (await pickup_code(client, s))["token"]
    head, payload, tag = token.split(".")
    flipped = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1]
    headers = await s.courier_headers()
    for bad, status, code in (
        (f"{head}.{flipped}.{tag}", 422, "pickup_code_invalid"),
        (f"{head}.{payload}.{tag[:-1]}", 422, "pickup_code_invalid"),
        ("HN-STP-261123-0001", 422, "pickup_code_invalid"),
    ):
        answer = await client.post("/api/v1/courier/scan", json={"token": bad}, headers=headers)
        assert answer.status_code == status, bad
        assert problem(answer) == code
    typed = await client.post("/api/v1/courier/scan", json={"short_code": "AAAA-AAAA"}, headers=headers)
    assert typed.status_code == 404
    assert problem(typed) == "pickup_code_not_found"


async def test_an_expired_code_is_refused(client: Client) -> None:
    s = await scene(client)
    code = await pickup_code(client, s)
    await PickupCode.update({PickupCode.expires_at: datetime.now(UTC) - timedelta(minutes=1)}).where(
        PickupCode.booking == s.booking["id"]
    )
    answer = await client.post(
        "/api/v1/courier/scan", json={"token": code["token"]}, headers=await s.courier_headers()
    )
    assert answer.status_code == 410
    assert problem(answer) == "pickup_code_expired"
    fresh = await pickup_code(client, s)  # the citizen's page issues a new one
    assert fresh["token"] != code["token"]


async def test_a_used_code_is_refused_after_the_pickup(client: Client) -> None:
    s = await scene(client)
    code = await pickup_code(client, s)
    headers = await s.courier_headers()
    done = await client.post("/api/v1/courier/handoffs", json=pickup_body(s, code), headers=headers)
    assert done.status_code == 201, done.text
    again = await client.post("/api/v1/courier/scan", json={"token": code["token"]}, headers=headers)
    assert again.status_code == 409
    assert problem(again) == "pickup_code_used"
    reuse = await client.post("/api/v1/courier/handoffs", json=pickup_body(s, code), headers=headers)
    assert reuse.status_code == 409


async def test_a_courier_of_another_unit_or_an_officer_gets_404(client: Client) -> None:
    s = await scene(client)
    code = await pickup_code(client, s)
    stranger = await make_staff(role="courier", office=await make_office(kind="postal_unit"))
    officer_of_office = await officer("HN-STP")
    for who in (stranger, officer_of_office):
        answer = await client.post(
            "/api/v1/courier/scan", json={"token": code["token"]}, headers=await auth_headers(who)
        )
        assert answer.status_code == 404
        assert problem(answer) == "courier_booking_not_found"
    citizen = await client.post(
        "/api/v1/courier/scan", json={"token": code["token"]}, headers=await s.citizen_headers()
    )
    assert citizen.status_code == 403


async def test_a_visiting_officer_scans_a_home_appointment_of_their_office(client: Client) -> None:
    s = await scene(client, kind="home_appointment")
    code = await pickup_code(client, s)
    visitor = await officer("HN-STP")
    answer = await client.post(
        "/api/v1/courier/scan", json={"token": code["token"]}, headers=await auth_headers(visitor)
    )
    assert answer.status_code == 200
    assert answer.json()["kind"] == "home_appointment"
    courier = await client.post(
        "/api/v1/courier/scan", json={"token": code["token"]}, headers=await s.courier_headers()
    )
    assert courier.status_code == 404


async def test_every_scan_attempt_is_audited_with_ids_only(client: Client) -> None:
    s = await scene(client)
    code = await pickup_code(client, s)
    headers = await s.courier_headers()
    await client.post("/api/v1/courier/scan", json={"token": code["token"]}, headers=headers)
    await client.post("/api/v1/courier/scan", json={"token": code["token"] + "x"}, headers=headers)
    await client.post("/api/v1/courier/scan", json={"short_code": "ZZZZ-ZZZZ"}, headers=headers)
    rows = (
        await AuditEvent.select()
        .where(AuditEvent.action == "pickup_code_scan")
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )
    assert [r["details"]["outcome"] for r in rows] == ["ok", "pickup_code_invalid", "pickup_code_not_found"]
    assert rows[0]["target_id"] == s.booking["id"]
    assert rows[0]["actor_id"] == s.courier.id
    text = str(rows)
    assert code["token"] not in text
    assert code["short_code"] not in text
    assert "ZZZZ" not in text
