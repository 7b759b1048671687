from datetime import date

from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.calendar.tables import CalendarOverride
from backend.procedures.demo import load_procedures

LLTP = "2.001417"


async def test_search_finds_a_procedure_typed_without_diacritics(client: AsyncTestClient[Litestar]) -> None:
    await load_procedures()
    await load_procedures()  # idempotent
    found = (await client.get("/api/v1/procedures", params={"q": "ly lich tu phap"})).json()
    assert [p["code"] for p in found] == [LLTP]
    assert found[0]["name"] == "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"
    with_marks = (await client.get("/api/v1/procedures", params={"q": "Lý LỊCH"})).json()
    assert [p["code"] for p in with_marks] == [LLTP]
    assert (await client.get("/api/v1/procedures", params={"q": "hộ chiếu xyz"})).json() == []
    everything = (await client.get("/api/v1/procedures")).json()
    assert len(everything) == 6


async def test_search_by_field_and_by_agency(client: AsyncTestClient[Litestar]) -> None:
    await load_procedures()
    civil = (await client.get("/api/v1/procedures", params={"field": "civil_status"})).json()
    assert [p["code"] for p in civil] == ["1.001193"]
    commune = (await client.get("/api/v1/procedures", params={"agency": "UBND-XA"})).json()
    assert {p["code"] for p in commune} == {"1.001193", "2.000815", "2.000720"}
    both = (await client.get("/api/v1/procedures", params={"agency": "UBND-XA", "q": "chung thuc"})).json()
    assert [p["code"] for p in both] == ["2.000815"]


async def test_detail_has_fee_time_channels_and_documents_with_keys(
    client: AsyncTestClient[Litestar],
) -> None:
    await load_procedures()
    body = (await client.get(f"/api/v1/procedures/{LLTP}")).json()
    assert body["fee_vnd"] == 200000
    assert body["processing_days"] == 10
    assert body["channels"] == ["online", "postal_pickup", "counter"]
    assert [doc["key"] for doc in body["required_documents"]] == ["id_card"]
    assert "244/2016/TT-BTC" in body["source"]
    assert body["form"]["schema"]["properties"]["id_number"]["format"] == "vn-id-number"
    english = (await client.get(f"/api/v1/procedures/{LLTP}", headers={"Accept-Language": "en"})).json()
    assert english["name"] == "Criminal record certificate for Vietnamese citizens"


async def test_unknown_procedure_is_a_404_problem(client: AsyncTestClient[Litestar]) -> None:
    response = await client.get("/api/v1/procedures/9.999999")
    assert response.status_code == 404
    assert response.json()["type"].endswith("/procedure-not-found")


async def test_due_date_skips_tet_and_honours_the_override_table(client: AsyncTestClient[Litestar]) -> None:
    await load_procedures()
    url = f"/api/v1/procedures/{LLTP}/due-date"
    body = (await client.get(url, params={"received_at": "2026-02-13T10:00:00+07:00"})).json()
    # Fri 13/2 received; Tết 16–20/2; ten working days: 23/2 … 6/3.
    assert body["reception_day"] == "2026-02-13"
    assert body["due_at"].startswith("2026-03-06T17:00:00")
    assert body["due_at"].endswith("+07:00")
    # An unencoded "+" arrives as a space; the offset still counts.
    spaced = await client.get(f"{url}?received_at=2026-02-13T10:00:00+07:00")
    assert spaced.json()["due_at"] == body["due_at"]
    await CalendarOverride.insert(CalendarOverride(day=date(2026, 3, 2), kind="day_off", note="demo"))
    moved = (await client.get(url, params={"received_at": "2026-02-13T10:00:00+07:00"})).json()
    assert moved["due_at"].startswith("2026-03-09T17:00:00")


async def test_due_date_refuses_a_time_without_offset(client: AsyncTestClient[Litestar]) -> None:
    await load_procedures()
    url = f"/api/v1/procedures/{LLTP}/due-date"
    for value in ("2026-02-13T10:00:00", "yesterday"):
        response = await client.get(url, params={"received_at": value})
        assert response.status_code == 400
        assert response.json()["type"].endswith("/received-at-invalid")
