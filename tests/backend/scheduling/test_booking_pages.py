"""The booking pages over plain forms: the citizen books a postal pickup from the dossier page
(address prefilled, editable) and sees it there with the calendar file and the pickup-code link;
the counter officer finds an appointment by a name typed without diacritics and checks it in."""

from __future__ import annotations

import re
from datetime import time

from auth.tables import Citizen
from backend.scheduling.tables import Booking
from tests.backend.dossiers.helpers import ANSWERS, officer
from tests.backend.scheduling.helpers import Client, booked_today, dossier_on, published, window
from tests.factories import make_citizen
from tests.logins import citizen_login, staff_login

PHONE = "+84912345678"  # the demo resident known to the population database


async def _citizen_login(client: Client) -> tuple[str, Citizen]:
    token = await citizen_login(client, PHONE, "/dossiers")
    who = await Citizen.objects().where(Citizen.phone == PHONE).first()
    assert who is not None
    return token, who


async def test_the_citizen_books_a_postal_pickup_from_the_dossier_page(client: Client) -> None:
    windows = await published()
    token, who = await _citizen_login(client)
    dossier = await dossier_on(client, who, "postal_pickup")
    page = await client.get(f"/dossiers/{dossier['id']}")
    assert 'data-testid="booking-start"' in page.text
    form = await client.get(f"/dossiers/{dossier['id']}/booking")
    assert form.status_code == 200
    # Prefilled (from the population data when it knows the citizen, else the dossier), editable.
    assert f'data-testid="address" autocomplete="street-address">{ANSWERS["permanent_address"]}<' in form.text
    assert 'value="0912345678"' in form.text
    # The ward is the one the address names, already chosen: nobody picks it again.
    assert '<option value="Phường Hoàn Kiếm" selected>' in form.text
    slot = re.search(rf'value="({windows["morning"]["id"]}\|[0-9-]+)"', form.text)
    assert slot, form.text
    refused = await client.post(
        f"/dossiers/{dossier['id']}/booking",
        data={
            "slot": slot.group(1),
            "address": "Số 3 Phố Huế",
            "ward": "Phường Tây Hồ",
            "contact_phone": "0912345678",
            "_csrf_token": token,
        },
    )
    assert refused.status_code == 422
    assert 'data-testid="error"' in refused.text
    assert await Booking.count() == 0
    done = await client.post(
        f"/dossiers/{dossier['id']}/booking",
        data={
            "slot": slot.group(1),
            "address": "Số 3 Phố Huế",
            "ward": "Phường Hoàn Kiếm",
            "contact_phone": "0912345678",
            "returns_result": "on",
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    shown = (await client.get(f"/dossiers/{dossier['id']}")).text
    assert 'data-testid="booking"' in shown
    assert "08:00–10:00" in shown
    assert "Số 3 Phố Huế, Phường Hoàn Kiếm" in shown
    booking = await Booking.select(Booking.id).first()
    assert booking is not None
    assert f'href="/bookings/{booking["id"]}/pickup-code"' in shown
    ics = await client.get(f"/dossiers/{dossier['id']}/booking/calendar.ics")
    assert ics.status_code == 200
    assert ics.text.startswith("BEGIN:VCALENDAR")
    cancelled = await client.post(
        f"/dossiers/{dossier['id']}/booking/cancel", data={"_csrf_token": token}, follow_redirects=False
    )
    assert cancelled.status_code == 303
    assert 'data-testid="booking-start"' in (await client.get(f"/dossiers/{dossier['id']}")).text


async def test_the_counter_finds_an_appointment_without_diacritics_and_checks_it_in(client: Client) -> None:
    await published()
    early = await window("HN-STP", "counter_appointment", time(0), time(0, 30), 5)
    booking = await booked_today(await make_citizen(full_name="Phạm Thị Hương"), early)
    await booked_today(await make_citizen(full_name="Đỗ Văn Nam"), early)
    token = await staff_login(client, (await officer()).username)
    assert 'href="/counter/appointments"' in (await client.get("/counter")).text
    found = await client.post("/counter/appointments", data={"q": "pham thi huong", "_csrf_token": token})
    assert found.status_code == 200
    assert "Phạm Thị Hương" in found.text
    assert "Đỗ Văn Nam" not in found.text
    assert 'href="/counter/dossiers/' in found.text
    wrong_day = await client.get("/counter/appointments", params={"day": "31/02/2026"})
    assert wrong_day.status_code == 400
    checked = await client.post(
        f"/counter/appointments/{booking}/check-in", data={"_csrf_token": token}, follow_redirects=False
    )
    assert checked.status_code == 303
    assert (await Booking.select(Booking.status).where(Booking.id == booking).first()) == {
        "status": "checked_in"
    }
    again = await client.post(f"/counter/appointments/{booking}/check-in", data={"_csrf_token": token})
    assert again.status_code == 409
    assert 'data-testid="error"' in again.text


async def test_a_supervisor_publishes_and_changes_windows_on_the_capacity_page(client: Client) -> None:
    from backend.scheduling.tables import CapacityWindow

    await published()
    token = await staff_login(client, (await officer(role="supervisor")).username)
    assert 'href="/counter/windows"' in (await client.get("/counter")).text
    added = await client.post(
        "/counter/windows",
        data={
            "kind": "home_appointment",
            "starts": "13:00",
            "ends": "15:00",
            "capacity": "2",
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    assert added.status_code == 303
    row = await CapacityWindow.select().where(CapacityWindow.kind == "home_appointment").first()
    assert row is not None
    assert (str(row["starts"])[:5], row["capacity"], row["active"]) == ("13:00", 2, True)
    backwards = await client.post(
        "/counter/windows",
        data={
            "kind": "home_appointment",
            "starts": "15:00",
            "ends": "13:00",
            "capacity": "2",
            "_csrf_token": token,
        },
    )
    assert backwards.status_code == 422
    assert 'data-testid="error"' in backwards.text
    retired = await client.post(
        f"/counter/windows/{row['id']}",
        data={"capacity": "5", "active_set": "1", "_csrf_token": token},
        follow_redirects=False,
    )
    assert retired.status_code == 303
    after = (
        await CapacityWindow.select(CapacityWindow.capacity, CapacityWindow.active)
        .where(CapacityWindow.id == row["id"])
        .first()
    )
    assert after == {"capacity": 5, "active": False}
    assert await CapacityWindow.count().where(CapacityWindow.kind == "home_appointment") == 1


async def test_an_officer_cannot_open_the_capacity_page(client: Client) -> None:
    await published()
    await staff_login(client, (await officer()).username)
    assert 'href="/counter/windows"' not in (await client.get("/counter")).text
    assert (await client.get("/counter/windows")).status_code == 403
