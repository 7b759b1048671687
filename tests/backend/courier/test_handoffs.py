"""Custody handoffs: exactly once per device event, in the only allowed order, each on the
citizen's timeline with a notification, and the result handed over against the citizen's code."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.courier.tables import CustodyEvent
from backend.dossiers.tables import Dossier, DossierEvent
from backend.scheduling.tables import Booking
from notifications.tables import OutboxMessage as Outbox
from tests.backend.courier.helpers import new_id, pickup_body, pickup_code, problem, scene
from tests.factories import auth_headers, make_office, make_staff

Client = AsyncTestClient[Litestar]
HANDOFFS = "/api/v1/courier/handoffs"


async def test_the_same_offline_submission_twice_makes_one_event(client: Client) -> None:
    s = await scene(client)
    body = pickup_body(s, await pickup_code(client, s))
    headers = await s.courier_headers()
    first = await client.post(HANDOFFS, json=body, headers=headers)
    second = await client.post(HANDOFFS, json=body, headers=headers)
    assert (first.status_code, second.status_code) == (201, 200), second.text
    assert first.json() == second.json()
    assert await CustodyEvent.count() == 1
    assert await DossierEvent.count().where(DossierEvent.action == "custody_picked_up") == 1
    booking = await Booking.select(Booking.status).where(Booking.id == s.booking["id"]).first()
    assert booking == {"status": "picked_up"}


async def test_the_pickup_shows_on_the_citizens_timeline_and_they_are_told(client: Client) -> None:
    s = await scene(client)
    answer = await client.post(
        HANDOFFS, json=pickup_body(s, await pickup_code(client, s)), headers=await s.courier_headers()
    )
    assert answer.status_code == 201
    event = answer.json()
    assert event["seal_number"] == "NP-000123"
    assert event["documents_checked"] == sorted(s.documents)
    dossier = await client.get(f"/api/v1/dossiers/{s.dossier['id']}", headers=await s.citizen_headers())
    actions = [e["action"] for e in dossier.json()["timeline"]]
    assert actions[-1] == "custody_picked_up"
    messages = await Outbox.select(Outbox.event, Outbox.payload).where(Outbox.recipient_id == s.citizen.id)
    picked = [m for m in messages if m["event"] == "courier.picked_up"]
    assert picked, messages
    assert s.citizen.full_name not in str(picked)
    assert "+849" not in str(picked)
    stored = await CustodyEvent.select().first()
    assert stored is not None
    assert (stored["actor"], stored["device_id"], stored["latitude"]) == (s.courier.id, "phone-1", 21.0285)
    assert stored["client_at"] is not None
    assert stored["at"] is not None


async def test_a_pickup_needs_a_seal_number_and_exactly_the_procedures_documents(client: Client) -> None:
    s = await scene(client)
    code = await pickup_code(client, s)
    headers = await s.courier_headers()
    for extra, expected in (
        ({"seal_number": " "}, "seal_number_required"),
        ({"documents_checked": []}, "documents_mismatch"),
        ({"documents_checked": [*s.documents, "passport"]}, "documents_mismatch"),
        ({"token": None}, "pickup_code_required"),
        ({"kind": "teleported"}, "custody_kind_unknown"),
    ):
        answer = await client.post(HANDOFFS, json=pickup_body(s, code, **extra), headers=headers)
        assert answer.status_code == 422, extra
        assert problem(answer) == expected
    assert await CustodyEvent.count() == 0
    assert (
        await client.post("/api/v1/courier/scan", json={"token": code["token"]}, headers=headers)
    ).status_code == 200


async def test_steps_out_of_order_are_refused_with_nothing_changed(client: Client) -> None:
    s = await scene(client, returns_result=True)
    headers = await s.courier_headers()
    early = await client.post(
        HANDOFFS,
        json={"client_event_id": new_id(), "kind": "delivered_to_office", "booking_id": s.booking["id"]},
        headers=headers,
    )
    assert early.status_code == 409
    assert problem(early) == "custody_out_of_order"
    code = await pickup_code(client, s)
    assert (await client.post(HANDOFFS, json=pickup_body(s, code), headers=headers)).status_code == 201
    collect = {"client_event_id": new_id(), "kind": "result_collected", "booking_id": s.booking["id"]}
    too_soon = await client.post(HANDOFFS, json=collect, headers=headers)
    assert too_soon.status_code == 409
    assert problem(too_soon) == "custody_out_of_order"
    office = {"client_event_id": new_id(), "kind": "delivered_to_office", "booking_id": s.booking["id"]}
    assert (await client.post(HANDOFFS, json=office, headers=headers)).status_code == 201
    twice = await client.post(HANDOFFS, json={**office, "client_event_id": new_id()}, headers=headers)
    assert twice.status_code == 409
    not_ready = await client.post(HANDOFFS, json=collect, headers=headers)
    assert not_ready.status_code == 409
    assert problem(not_ready) == "result_not_ready"
    assert await CustodyEvent.count() == 2


async def test_the_result_goes_back_only_against_the_citizens_delivery_code(client: Client) -> None:
    s = await scene(client, returns_result=True)
    headers = await s.courier_headers()
    booking_id = s.booking["id"]
    pickup = await pickup_code(client, s)
    assert (await client.post(HANDOFFS, json=pickup_body(s, pickup), headers=headers)).status_code == 201
    step = {"booking_id": booking_id}
    await client.post(
        HANDOFFS, json={**step, "client_event_id": new_id(), "kind": "delivered_to_office"}, headers=headers
    )
    await Dossier.update({Dossier.status: "result_ready"}).where(Dossier.id == s.dossier["id"])
    collected = await client.post(
        HANDOFFS, json={**step, "client_event_id": new_id(), "kind": "result_collected"}, headers=headers
    )
    assert collected.status_code == 201, collected.text
    delivery = await pickup_code(client, s)
    assert delivery["purpose"] == "delivery"
    hand_over = {"client_event_id": new_id(), "kind": "result_delivered"}
    with_pickup_code = await client.post(
        HANDOFFS, json={**hand_over, "token": pickup["token"]}, headers=headers
    )
    assert with_pickup_code.status_code == 409
    assert problem(with_pickup_code) == "pickup_code_used"
    done = await client.post(
        HANDOFFS, json={**hand_over, "short_code": delivery["short_code"]}, headers=headers
    )
    assert done.status_code == 201, done.text
    dossier = await Dossier.select(Dossier.status).where(Dossier.id == s.dossier["id"]).first()
    booking = await Booking.select(Booking.status).where(Booking.id == booking_id).first()
    assert (dossier, booking) == ({"status": "returned"}, {"status": "completed"})
    gone = await client.get(f"/api/v1/bookings/{booking_id}/pickup-code", headers=await s.citizen_headers())
    assert gone.status_code == 404


async def test_a_queue_is_never_sent_under_another_couriers_login(client: Client) -> None:
    s = await scene(client)
    code = await pickup_code(client, s)
    colleague = await make_staff(role="courier", office=s.unit)
    body = pickup_body(s, code, owner_id=s.courier.id)
    refused = await client.post(HANDOFFS, json=body, headers=await auth_headers(colleague))
    assert refused.status_code == 409
    assert problem(refused) == "queue_owner_mismatch"
    assert (await client.post(HANDOFFS, json=body, headers=await s.courier_headers())).status_code == 201
    replay = await client.post(
        HANDOFFS, json={**body, "owner_id": colleague.id}, headers=await auth_headers(colleague)
    )
    assert replay.status_code == 404  # someone else's event id: nothing to see


async def test_a_courier_outside_the_unit_cannot_record_or_list(client: Client) -> None:
    s = await scene(client)
    stranger = await make_staff(role="courier", office=await make_office(kind="postal_unit"))
    step = {"client_event_id": new_id(), "kind": "delivered_to_office", "booking_id": s.booking["id"]}
    answer = await client.post(HANDOFFS, json=step, headers=await auth_headers(stranger))
    assert answer.status_code == 404
    listed = await client.get("/api/v1/courier/today", headers=await auth_headers(stranger))
    assert listed.json() == []
    mine = await client.get("/api/v1/courier/today", headers=await s.courier_headers())
    assert [c["booking_id"] for c in mine.json()] == [s.booking["id"]]


async def test_the_route_is_by_ward_then_window(client: Client) -> None:
    s = await scene(client, ward="Phường Hàng Trống", starts="10:00")
    dossier_id = s.dossier["id"]
    from tests.factories import make_booking

    later = await make_booking(dossier_id, unit=s.unit, ward="Phường Cửa Nam", starts="14:00")
    earlier = await make_booking(dossier_id, unit=s.unit, ward="Phường Cửa Nam", starts="08:00")
    listed = await client.get("/api/v1/courier/today", headers=await s.courier_headers())
    assert [c["booking_id"] for c in listed.json()] == [earlier["id"], later["id"], s.booking["id"]]


async def test_two_devices_recording_the_same_step_at_once_make_one_event(client: Client) -> None:
    import asyncio

    s = await scene(client, returns_result=True)
    headers = await s.courier_headers()
    assert (
        await client.post(HANDOFFS, json=pickup_body(s, await pickup_code(client, s)), headers=headers)
    ).status_code == 201
    step = {"kind": "delivered_to_office", "booking_id": s.booking["id"]}
    answers = await asyncio.gather(
        *(
            client.post(HANDOFFS, json={**step, "client_event_id": new_id()}, headers=headers)
            for _ in range(4)
        )
    )
    assert sorted(a.status_code for a in answers) == [201, 409, 409, 409]
    assert await CustodyEvent.count().where(CustodyEvent.kind == "delivered_to_office") == 1
    assert await DossierEvent.count().where(DossierEvent.action == "custody_delivered_to_office") == 1


async def test_the_route_carries_open_errands_and_a_result_only_once_it_is_ready(client: Client) -> None:
    s = await scene(client, returns_result=True)
    headers = await s.courier_headers()

    async def steps() -> list[str | None]:
        return [c["next_step"] for c in (await client.get("/api/v1/courier/today", headers=headers)).json()]

    assert await steps() == ["picked_up"]
    await client.post(HANDOFFS, json=pickup_body(s, await pickup_code(client, s)), headers=headers)
    assert await steps() == ["delivered_to_office"]
    office = {"client_event_id": new_id(), "kind": "delivered_to_office", "booking_id": s.booking["id"]}
    await client.post(HANDOFFS, json=office, headers=headers)
    assert await steps() == []
    await Dossier.update({Dossier.status: "result_ready"}).where(Dossier.id == s.dossier["id"])
    assert await steps() == ["result_collected"]
