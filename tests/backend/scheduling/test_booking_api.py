"""A citizen books a window for a dossier, moves it, cancels it; bad input and other people's
dossiers change nothing; a full window answers 409 with the next free windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backend.offices.tables import Office
from backend.scheduling.tables import Booking, Slot
from notifications.tables import OutboxMessage
from tests.backend.scheduling.helpers import (
    Client,
    body_for,
    dossier_on,
    first_day,
    published,
    quick_dossier,
)
from tests.factories import auth_headers, make_citizen


async def _windows(client: Client, dossier_id: int, headers: dict[str, str]) -> list[dict]:
    answer = await client.get(f"/api/v1/dossiers/{dossier_id}/booking/windows", headers=headers)
    assert answer.status_code == 200, answer.text
    return list(answer.json())


async def test_a_postal_pickup_is_booked_with_the_postal_unit_of_the_ward(client: Client) -> None:
    windows = await published()
    who = await make_citizen()
    headers = await auth_headers(who)
    dossier = await dossier_on(client, who, "postal_pickup")
    free = await _windows(client, dossier["id"], headers)
    assert {w["window_id"] for w in free} == {windows["morning"]["id"], windows["afternoon"]["id"]}
    chosen = first_day(free, windows["morning"]["id"])
    assert chosen["free"] == 3
    booked = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/booking",
        json=body_for(chosen, returns_result=True),
        headers=headers,
    )
    assert booked.status_code == 201, booked.text
    body = booked.json()
    assert (body["kind"], body["status"], body["day"], body["starts"]) == (
        "postal_pickup",
        "booked",
        chosen["day"],
        "08:00",
    )
    assert body["unit_code"] == "HN-BC-HOANKIEM"
    assert body["contact_phone"] == "+84987654321"
    assert body["returns_result"] is True
    assert body["pickup_code_url"] == f"/bookings/{body['id']}/pickup-code"
    # The place is taken, the citizen sees it and is told (code and time only in the payload).
    again = await _windows(client, dossier["id"], headers)
    assert first_day(again, windows["morning"]["id"])["free"] == 2
    shown = await client.get(f"/api/v1/dossiers/{dossier['id']}/booking", headers=headers)
    assert shown.json()["id"] == body["id"]
    messages = await OutboxMessage.select().where(OutboxMessage.recipient_id == who.id).output(load_json=True)
    confirmed = [m for m in messages if m["event"] == "booking.confirmed"]
    assert confirmed
    assert confirmed[0]["payload"]["params"] == {"code": dossier["code"], "starts_at": body["starts_at"]}


async def test_an_unserved_ward_or_a_bad_phone_is_refused_and_nothing_is_kept(client: Client) -> None:
    windows = await published()
    who = await make_citizen()
    headers = await auth_headers(who)
    dossier = await dossier_on(client, who, "postal_pickup")
    chosen = first_day(await _windows(client, dossier["id"], headers), windows["morning"]["id"])
    path = f"/api/v1/dossiers/{dossier['id']}/booking"
    far = await client.post(path, json=body_for(chosen, ward="Phường Tây Hồ"), headers=headers)
    assert far.status_code == 422
    assert far.json()["type"].endswith("/ward-not-served")
    assert "phường" in far.json()["title"].lower()
    phone = await client.post(path, json=body_for(chosen, contact_phone="12345"), headers=headers)
    assert phone.status_code == 422
    assert phone.json()["type"].endswith("/contact-phone-invalid")
    no_address = await client.post(path, json=body_for(chosen, address="  "), headers=headers)
    assert no_address.status_code == 422
    assert await Booking.count() == 0
    assert await Slot.select(Slot.booked).where(Slot.booked > 0) == []


async def test_a_ward_the_office_serves_but_no_postal_unit_does_is_refused(client: Client) -> None:
    windows = await published()
    await Office.update({Office.serves_wards: ["Phường Hoàn Kiếm", "Phường Xa Xôi"]}).where(
        Office.code == "HN-STP"
    )
    who = await make_citizen()
    headers = await auth_headers(who)
    dossier = await dossier_on(client, who, "postal_pickup")
    chosen = first_day(await _windows(client, dossier["id"], headers), windows["morning"]["id"])
    refused = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/booking",
        json=body_for(chosen, ward="Phường Xa Xôi"),
        headers=headers,
    )
    assert refused.status_code == 422
    assert await Booking.count() == 0


async def test_the_kind_must_match_the_dossier_channel(client: Client) -> None:
    windows = await published()
    who = await make_citizen()
    headers = await auth_headers(who)
    online = await quick_dossier(who, "online")  # submitted online, its papers attached
    listed = await client.get(f"/api/v1/dossiers/{online}/booking/windows", headers=headers)
    assert listed.status_code == 409
    counter = await dossier_on(client, who, "counter")
    free = await _windows(client, counter["id"], headers)
    assert {w["window_id"] for w in free} == {windows["counter"]["id"]}
    # A postal window for a counter dossier is not one of its windows.
    postal = {"window_id": windows["morning"]["id"], "day": free[0]["day"], "contact_phone": "0987654321"}
    wrong = await client.post(f"/api/v1/dossiers/{counter['id']}/booking", json=postal, headers=headers)
    assert wrong.status_code == 422
    assert wrong.json()["type"].endswith("/window-unknown")
    right = await client.post(
        f"/api/v1/dossiers/{counter['id']}/booking",
        json={**postal, "window_id": windows["counter"]["id"]},
        headers=headers,
    )
    assert right.status_code == 201, right.text
    assert (right.json()["kind"], right.json()["address"], right.json()["pickup_code_url"]) == (
        "counter_appointment",
        "",
        None,
    )


async def test_another_citizens_dossier_or_booking_is_not_found(client: Client) -> None:
    windows = await published()
    owner, stranger = await make_citizen(), await make_citizen()
    mine = await auth_headers(owner)
    theirs = await auth_headers(stranger)
    dossier = await dossier_on(client, owner, "postal_pickup")
    chosen = first_day(await _windows(client, dossier["id"], mine), windows["morning"]["id"])
    path = f"/api/v1/dossiers/{dossier['id']}/booking"
    assert (await client.post(path, json=body_for(chosen), headers=theirs)).status_code == 404
    assert (await client.post(path, json=body_for(chosen), headers=mine)).status_code == 201
    for method in ("GET", "DELETE"):
        assert (await client.request(method, path, headers=theirs)).status_code == 404
    assert (await client.get(f"{path}.ics", headers=theirs)).status_code == 404
    assert (await client.patch(path, json=body_for(chosen), headers=theirs)).status_code == 404
    assert (
        await client.get(f"/api/v1/dossiers/{dossier['id']}/booking/windows", headers=theirs)
    ).status_code == 404


async def test_a_full_window_answers_409_with_the_next_free_windows(client: Client) -> None:
    windows = await published()
    await Slot.delete(force=True)
    first = None
    for _ in range(3):
        who = await make_citizen()
        headers = await auth_headers(who)
        dossier = await dossier_on(client, who, "postal_pickup")
        first = first_day(await _windows(client, dossier["id"], headers), windows["morning"]["id"])
        taken = await client.post(
            f"/api/v1/dossiers/{dossier['id']}/booking", json=body_for(first), headers=headers
        )
        assert taken.status_code == 201
    assert first is not None
    late = await make_citizen()
    headers = await auth_headers(late)
    dossier = await dossier_on(client, late, "postal_pickup")
    listed = await _windows(client, dossier["id"], headers)
    full = next(w for w in listed if w["window_id"] == first["window_id"] and w["day"] == first["day"])
    assert full["free"] == 0
    refused = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/booking", json=body_for(first), headers=headers
    )
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["type"].endswith("/window-full")
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert problem["next_free"], problem
    assert all(w["free"] > 0 for w in problem["next_free"])
    assert (first["window_id"], first["day"]) not in {
        (w["window_id"], w["day"]) for w in problem["next_free"]
    }
    assert await Booking.count().where(Booking.dossier == dossier["id"]) == 0
    # One of the offered windows books.
    offered = problem["next_free"][0]
    ok = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/booking", json=body_for(offered), headers=headers
    )
    assert ok.status_code == 201


async def test_reschedule_moves_the_place_and_cancel_releases_it(client: Client) -> None:
    windows = await published()
    who = await make_citizen()
    headers = await auth_headers(who)
    dossier = await dossier_on(client, who, "postal_pickup")
    free = await _windows(client, dossier["id"], headers)
    morning = first_day(free, windows["morning"]["id"])
    afternoon = first_day(free, windows["afternoon"]["id"])
    path = f"/api/v1/dossiers/{dossier['id']}/booking"
    assert (await client.post(path, json=body_for(morning), headers=headers)).status_code == 201
    twice = await client.post(path, json=body_for(afternoon), headers=headers)
    assert twice.status_code == 409
    assert twice.json()["type"].endswith("/booking-exists")
    moved = await client.patch(path, json=body_for(afternoon, address="Số 9 Phố Huế"), headers=headers)
    assert moved.status_code == 200, moved.text
    assert (moved.json()["starts"], moved.json()["address"], moved.json()["version"]) == (
        "14:00",
        "Số 9 Phố Huế",
        1,
    )
    now = await _windows(client, dossier["id"], headers)
    assert first_day(now, windows["morning"]["id"])["free"] == 3
    assert (
        next(w for w in now if w["window_id"] == afternoon["window_id"] and w["day"] == afternoon["day"])[
            "free"
        ]
        == 2
    )
    cancelled = await client.delete(path, headers=headers)
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    after = await _windows(client, dossier["id"], headers)
    assert (
        next(w for w in after if w["window_id"] == afternoon["window_id"] and w["day"] == afternoon["day"])[
            "free"
        ]
        == 3
    )
    assert (await client.get(path, headers=headers)).status_code == 404
    events = {
        m["event"]
        for m in await OutboxMessage.select(OutboxMessage.event).where(OutboxMessage.recipient_id == who.id)
    }
    assert {"booking.confirmed", "booking.changed", "booking.cancelled"} <= events
    # Cancelled, the dossier can be booked again.
    assert (await client.post(path, json=body_for(morning), headers=headers)).status_code == 201


async def test_the_calendar_file_is_rfc5545_with_local_times_and_no_phone(client: Client) -> None:
    windows = await published()
    who = await make_citizen()
    headers = await auth_headers(who)
    dossier = await dossier_on(client, who, "postal_pickup")
    chosen = first_day(await _windows(client, dossier["id"], headers), windows["morning"]["id"])
    booked = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/booking", json=body_for(chosen), headers=headers
    )
    assert booked.status_code == 201
    answer = await client.get(f"/api/v1/dossiers/{dossier['id']}/booking.ics", headers=headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    raw = answer.content.decode("utf-8")
    assert raw.startswith("BEGIN:VCALENDAR\r\n")
    assert raw.endswith("END:VCALENDAR\r\n")
    assert "\n" not in raw.replace("\r\n", "")
    unfolded = raw.replace("\r\n ", "")
    day = chosen["day"].replace("-", "")
    assert f"DTSTART;TZID=Asia/Ho_Chi_Minh:{day}T080000" in unfolded
    assert f"DTEND;TZID=Asia/Ho_Chi_Minh:{day}T100000" in unfolded
    assert "TZID:Asia/Ho_Chi_Minh" in unfolded
    assert "LOCATION:Số 5\\, ngõ 7\\; Phố Hàng Bạc" in unfolded
    assert dossier["code"] in unfolded
    assert "987654321" not in unfolded
    assert who.full_name not in unfolded
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))


async def test_windows_of_an_office_are_listed_by_kind_from_a_day(client: Client) -> None:
    windows = await published()
    headers = await auth_headers(await make_citizen())
    start = (datetime.now(UTC) + timedelta(days=3)).date()
    listed = await client.get(
        "/api/v1/offices/HN-STP/windows",
        params={"kind": "counter_appointment", "from": start.isoformat()},
        headers=headers,
    )
    assert listed.status_code == 200, listed.text
    rows = listed.json()
    assert rows
    assert {w["window_id"] for w in rows} == {windows["counter"]["id"]}
    assert min(w["day"] for w in rows) >= start.isoformat()
    assert (await client.get("/api/v1/offices/NOPE/windows", headers=headers)).status_code == 404
    assert (await client.get("/api/v1/offices/HN-STP/windows")).status_code == 401


async def test_make_run_demo_offers_postal_pickups_in_hoan_kiem(client: Client) -> None:
    from backend.demo import load_all
    from backend.scheduling.tables import CapacityWindow

    await load_all()
    await load_all()  # idempotent
    assert await CapacityWindow.count() == 8
    who = await make_citizen()
    headers = await auth_headers(who)
    dossier = await dossier_on(client, who, "postal_pickup")
    free = await _windows(client, dossier["id"], headers)
    assert {(w["starts"], w["ends"]) for w in free} == {("08:00", "10:00"), ("14:00", "16:00")}
    booked = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/booking", json=body_for(free[0]), headers=headers
    )
    assert booked.status_code == 201
    assert booked.json()["unit_code"] == "HN-BC-HOANKIEM"


def test_calendar_text_is_escaped_and_folded_without_splitting_a_character() -> None:
    from backend.scheduling.ics import escape, fold

    assert escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    line = "LOCATION:" + "Phường Hoàn Kiếm, " * 10
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(piece[1:] if n else piece for n, piece in enumerate(pieces)) == line
