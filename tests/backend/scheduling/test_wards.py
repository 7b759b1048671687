"""The ward an address already names is taken from it (nobody picks it again), and an address is
shown once with its ward."""

from __future__ import annotations

from backend.scheduling.tables import Booking
from backend.scheduling.wards import ward_in, with_ward
from tests.backend.scheduling.helpers import Client, dossier_on, first_day, published
from tests.factories import auth_headers, make_citizen

WARDS = ["Phường Hà Đông", "Phường Cửa Nam", "Phường Hoàn Kiếm", "Phường Ba Đình"]


def test_the_ward_named_in_the_address_is_found_with_or_without_diacritics() -> None:
    assert ward_in("Số 12 Phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội", WARDS) == "Phường Hoàn Kiếm"
    assert ward_in("so 12 pho hang bac, phuong hoan kiem, ha noi", WARDS) == "Phường Hoàn Kiếm"
    # Typed with diacritics, a different ward is a different ward.
    assert ward_in("Số 5, Phường Hạ Đông, Hà Nội", WARDS) == ""
    assert ward_in("Số 5 Phường Cửa Namxx", WARDS) == ""
    assert ward_in("", WARDS) == ""


def test_an_address_is_shown_once_with_its_ward() -> None:
    named = "Số 12 Phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội"
    assert with_ward(named, "Phường Hoàn Kiếm") == named
    assert with_ward("Số 7 Phố Hàng Bạc", "Phường Hoàn Kiếm") == "Số 7 Phố Hàng Bạc, Phường Hoàn Kiếm"
    assert with_ward(named, "") == named


async def test_a_booking_without_a_ward_takes_the_one_its_address_names(client: Client) -> None:
    windows = await published()
    who = await make_citizen()
    headers = await auth_headers(who)
    dossier = await dossier_on(client, who, "postal_pickup")
    free = await client.get(f"/api/v1/dossiers/{dossier['id']}/booking/windows", headers=headers)
    window = first_day(free.json(), windows["morning"]["id"])
    body = {
        "window_id": window["window_id"],
        "day": window["day"],
        "address": "Số 7 Phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội",
        "contact_phone": "0912345678",
    }
    booked = await client.post(f"/api/v1/dossiers/{dossier['id']}/booking", json=body, headers=headers)
    assert booked.status_code == 201, booked.text
    assert await Booking.select(Booking.ward).first() == {"ward": "Phường Hoàn Kiếm"}
