"""The counter's appointment desk and the office's capacity: scoped to the office (404 outside),
search by name without diacritics, phone, ID number or code; check-in and no-show once."""

from __future__ import annotations

from datetime import time

import pytest

from backend.scheduling.tables import Booking, LiveBooking, Slot
from backend.settings import SettingsError, from_env
from tests.backend.dossiers.helpers import officer
from tests.backend.scheduling.helpers import Client, booked_today, published, window
from tests.factories import auth_headers, make_citizen, make_staff

DESK = "/api/v1/counter/appointments"


async def test_the_officer_finds_todays_appointments_and_checks_one_in(client: Client) -> None:
    await published()
    early = await window("HN-STP", "counter_appointment", time(0), time(0, 30), 5)
    duc = await make_citizen(full_name="Trần Văn Đức", id_number="001090099999")
    hoa = await make_citizen(full_name="Lê Thị Hoa")
    duc_booking = await booked_today(duc, early, phone="0987 111 222")
    hoa_booking = await booked_today(hoa, early)
    staff = await auth_headers(await officer())
    day = await client.get(DESK, headers=staff)
    assert day.status_code == 200, day.text
    assert {a["id"] for a in day.json()} == {duc_booking, hoa_booking}
    for q in ("tran van duc", "Trần Văn", "van duc", "0987111222", "001090099999"):
        found = await client.post(f"{DESK}/search", json={"q": q}, headers=staff)
        assert [a["id"] for a in found.json()] == [duc_booking], q
    code = (
        await Booking.select(Booking.dossier.code.as_alias("code")).where(Booking.id == hoa_booking).first()
    )
    assert code is not None
    assert [
        a["id"] for a in (await client.post(f"{DESK}/search", json={"q": code["code"]}, headers=staff)).json()
    ] == [hoa_booking]
    assert (await client.post(f"{DESK}/search", json={"q": "nobody here"}, headers=staff)).json() == []
    # The search travels in the body: a query string is not a search, and an empty one is refused.
    assert {
        a["id"] for a in (await client.get(DESK, params={"q": "tran van duc"}, headers=staff)).json()
    } == {
        duc_booking,
        hoa_booking,
    }
    assert (await client.post(f"{DESK}/search", json={"q": ""}, headers=staff)).status_code == 422
    checked = await client.post(f"{DESK}/{duc_booking}/check-in", headers=staff)
    assert checked.status_code == 200, checked.text
    assert checked.json()["status"] == "checked_in"
    again = await client.post(f"{DESK}/{duc_booking}/check-in", headers=staff)
    assert again.status_code == 409
    missed = await client.post(f"{DESK}/{hoa_booking}/no-show", headers=staff)
    assert missed.json()["status"] == "no_show"
    # A missed appointment no longer holds the dossier: it can be booked again.
    assert await LiveBooking.count().where(LiveBooking.booking == hoa_booking) == 0


async def test_another_office_sees_nothing_and_acts_on_nothing(client: Client) -> None:
    await published()
    early = await window("HN-STP", "counter_appointment", time(0), time(0, 30), 5)
    booking = await booked_today(await make_citizen(), early)
    elsewhere = await auth_headers(await officer("HN-CUANAM"))
    assert (await client.get(DESK, headers=elsewhere)).json() == []
    assert (await client.post(f"{DESK}/{booking}/check-in", headers=elsewhere)).status_code == 404
    assert (await client.post(f"{DESK}/{booking}/no-show", headers=elsewhere)).status_code == 404
    courier = await auth_headers(await make_staff(role="courier"))
    assert (await client.get(DESK, headers=courier)).status_code == 403
    citizen = await auth_headers(await make_citizen())
    assert (await client.get(DESK, headers=citizen)).status_code == 403
    row = await Booking.select(Booking.status).where(Booking.id == booking).first()
    assert row == {"status": "booked"}


async def test_a_postal_pickup_cannot_be_checked_in_at_the_counter(client: Client) -> None:
    await published()
    early = await window("HN-STP", "postal_pickup", time(0), time(0, 30), 5)
    booking = await booked_today(await make_citizen(), early)
    staff = await auth_headers(await officer())
    refused = await client.post(f"{DESK}/{booking}/check-in", headers=staff)
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("/check-in-not-today")


async def test_supervisors_publish_and_change_their_office_windows(client: Client) -> None:
    windows = await published()
    boss = await auth_headers(await officer(role="supervisor"))
    clerk = await auth_headers(await officer())
    new = {"kind": "home_appointment", "starts": "13:30", "ends": "15:00", "capacity": 2}
    assert (await client.post("/api/v1/office/windows", json=new, headers=clerk)).status_code == 403
    made = await client.post("/api/v1/office/windows", json=new, headers=boss)
    assert made.status_code == 201, made.text
    assert (made.json()["starts"], made.json()["capacity"], made.json()["active"]) == ("13:30", 2, True)
    backwards = await client.post("/api/v1/office/windows", json={**new, "starts": "16:00"}, headers=boss)
    assert backwards.status_code == 422
    bad_kind = await client.post("/api/v1/office/windows", json={**new, "kind": "picnic"}, headers=boss)
    assert bad_kind.status_code == 422
    listed = await client.get("/api/v1/office/windows", headers=boss)
    assert len(listed.json()) == 4
    # Lowering the capacity applies to days not yet past, slots already created included.
    booking = await booked_today(await make_citizen(), windows["counter"])
    slot = await Booking.select(Booking.slot).where(Booking.id == booking).first()
    assert slot is not None
    lowered = await client.patch(
        f"/api/v1/office/windows/{windows['counter']['id']}", json={"capacity": 1}, headers=boss
    )
    assert lowered.json()["capacity"] == 1
    assert (await Slot.select(Slot.capacity).where(Slot.id == slot["slot"]).first()) == {"capacity": 1}
    other_boss = await auth_headers(await officer("HN-CUANAM", role="supervisor"))
    foreign = await client.patch(
        f"/api/v1/office/windows/{windows['counter']['id']}", json={"active": False}, headers=other_boss
    )
    assert foreign.status_code == 404
    wards = await client.put(
        "/api/v1/office/wards", json={"wards": ["Phường Hoàn Kiếm", " Phường  Cửa Nam "]}, headers=boss
    )
    assert wards.json() == {"wards": ["Phường Cửa Nam", "Phường Hoàn Kiếm"]}


def test_booking_settings_are_read_and_checked() -> None:
    read = from_env({"MOTCUA_BOOKING_CUTOFF_MINUTES": "30", "MOTCUA_BOOKING_DAYS_AHEAD": "5"})
    assert (read.booking_cutoff_minutes, read.booking_days_ahead) == (30, 5)
    with pytest.raises(SettingsError, match="MOTCUA_BOOKING"):
        from_env({"MOTCUA_BOOKING_CUTOFF_MINUTES": "-1"})
    with pytest.raises(SettingsError, match="MOTCUA_BOOKING"):
        from_env({"MOTCUA_BOOKING_DAYS_AHEAD": "soon"})
