"""The dashboard pages: who may see what (officers 403, other offices 404), the period chooser,
sorting without JS, the lists one click away and the CSV exports (BOM, Vietnamese kept, formula
cells neutralised)."""

from __future__ import annotations

import csv
import io
import re

import pytest
import time_machine
from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.tables import StaffUser
from backend.monitoring.export import safe_cell, to_csv
from backend.procedures.tables import Procedure
from tests.backend.monitoring.dataset import NOW, build_month
from tests.factories import STAFF_PASSWORD, make_staff

Client = AsyncTestClient[Litestar]
NOVEMBER = {"from": "01/11/2026", "to": "30/11/2026"}


@pytest.fixture(autouse=True)
def on_the_datasets_monday(time_machine: time_machine.TimeMachineFixture) -> None:
    """The month's figures ("overdue now", "due soon") are counted by hand for its "now"."""
    time_machine.move_to(NOW)


async def login(client: Client, staff: StaffUser) -> None:
    page = await client.get("/staff/login")
    found = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert found
    done = await client.post(
        "/staff/login",
        data={"username": staff.username, "password": STAFF_PASSWORD, "_csrf_token": found.group(1)},
        follow_redirects=False,
    )
    assert done.status_code == 303


def figure(html: str, name: str) -> str:
    found = re.search(rf'data-testid="figure-{re.escape(name)}">([^<]*)<', html)
    assert found, name
    return found.group(1)


async def test_a_supervisor_sees_their_office_for_the_chosen_period(client: Client) -> None:
    month = await build_month()
    await login(client, month.supervisor)
    assert 'href="/counter/dashboard"' in (await client.get("/counter")).text
    page = await client.get("/counter/dashboard", params=NOVEMBER)
    assert page.status_code == 200
    html = page.text
    assert figure(html, "progress.received") == "5"
    assert figure(html, "progress.resolved") == "3"
    assert figure(html, "progress.on_time_rate") == "66,7 %"
    assert figure(html, "online_payment.paid_online_rate") == "66,7 %"
    assert figure(html, "satisfaction.satisfaction_rate") == "50,0 %"
    assert "Cán bộ nhiệt tình" in html
    assert 'data-testid="chart-daily"' in html
    assert '<title id="daily-title">' in html
    assert 'data-testid="chart-ontime"' in html
    assert 'data-module="dashboard-live"' in html
    assert 'data-testid="office-filter"' not in html  # one office: nothing to choose
    # Overdue now: one click away, whatever the period.
    listing = await client.get("/counter/dashboard/list/overdue", params=NOVEMBER)
    assert month.dossiers["d3"].code in listing.text
    assert month.dossiers["d9"].code in listing.text
    assert month.dossiers["d4"].code not in listing.text


async def test_tables_sort_on_the_server(client: Client) -> None:
    month = await build_month()
    await login(client, month.supervisor)
    up = await client.get("/counter/dashboard", params={**NOVEMBER, "osort": "name"})
    down = await client.get("/counter/dashboard", params={**NOVEMBER, "osort": "-name"})

    def officers(html: str) -> list[str]:
        return re.findall(r'data-testid="officer-row"><td>([^<]+)</td>', html)

    assert officers(up.text) == ["Lê Thị Yến", "Trần Văn Xuân"]
    assert officers(down.text) == ["Trần Văn Xuân", "Lê Thị Yến"]
    assert 'aria-sort="descending"' in down.text
    by_rate = await client.get("/counter/dashboard", params={**NOVEMBER, "psort": "-on_time_rate"})
    rates = re.findall(
        r'data-testid="procedure-row"><td>[^<]*</td><td>\d+</td><td>\d+</td><td>([^<]+)</td>', by_rate.text
    )
    assert rates == ["66,7 %", "—"]  # no rate yet comes last
    junk = await client.get("/counter/dashboard", params={**NOVEMBER, "psort": "drop table"})
    assert junk.status_code == 200


async def test_officers_are_refused(client: Client) -> None:
    month = await build_month()
    await login(client, month.officer_x)
    assert (await client.get("/counter/dashboard")).status_code == 403
    assert (await client.get("/counter/dashboard/stream")).status_code == 403
    assert (await client.get("/counter/dashboard/export/figures")).status_code == 403
    assert 'href="/counter/dashboard"' not in (await client.get("/counter")).text


async def test_another_office_is_404_everywhere(app: Litestar, client: Client) -> None:
    month = await build_month()
    other = await make_staff(role="supervisor", office=month.office_b)
    await login(client, other)
    own = await client.get("/counter/dashboard", params=NOVEMBER)
    assert figure(own.text, "progress.received") == "1"  # office B's d7 only
    a = {**NOVEMBER, "office": str(month.office_a.id)}
    assert (await client.get("/counter/dashboard", params=a)).status_code == 404
    assert (await client.get("/counter/dashboard/list/overdue", params=a)).status_code == 404
    assert (await client.get("/counter/dashboard/export/overdue", params=a)).status_code == 404
    assert (await client.get("/counter/dashboard/stream", params=a)).status_code == 404
    by_agency = {**NOVEMBER, "agency": str(month.office_a.agency_code)}
    assert (await client.get("/counter/dashboard", params=by_agency)).status_code == 404


async def test_an_admin_sees_every_office_and_may_narrow_to_one(client: Client) -> None:
    month = await build_month()
    await login(client, await make_staff(role="admin", office=month.office_a))
    every = await client.get("/counter/dashboard", params=NOVEMBER)
    assert 'data-testid="office-filter"' in every.text
    assert figure(every.text, "progress.received") == "6"
    one = await client.get("/counter/dashboard", params={**NOVEMBER, "office": str(month.office_a.id)})
    assert figure(one.text, "progress.received") == "5"
    assert (await client.get("/counter/dashboard", params={"office": "999999"})).status_code == 404
    # An agency: the offices that carry its code (office A's alone here).
    agency = await client.get(
        "/counter/dashboard", params={**NOVEMBER, "agency": str(month.office_a.agency_code)}
    )
    assert figure(agency.text, "progress.received") == "5"
    assert (await client.get("/counter/dashboard", params={"agency": "NO-SUCH"})).status_code == 404


async def test_a_bad_period_is_refused_with_a_readable_message(client: Client) -> None:
    month = await build_month()
    await login(client, month.supervisor)
    for params in (
        {"from": "31/02/2026"},
        {"from": "10/11/2026", "to": "01/11/2026"},
        {"from": "01/01/2025"},
    ):
        page = await client.get("/counter/dashboard", params=params)
        assert page.status_code == 422
        assert "dd/mm/yyyy" in page.text


def test_formula_cells_are_neutralised() -> None:
    assert [safe_cell(v) for v in ("=1+2", "+84", "-5", "@SUM(A1)", "\tx", "Nguyễn", 7)] == [
        "'=1+2",
        "'+84",
        "'-5",
        "'@SUM(A1)",
        "'\tx",
        "Nguyễn",
        7,
    ]
    body = to_csv(["a"], [['=HYPERLINK("http://x")']])
    assert body.startswith("\ufeff".encode())
    assert list(csv.reader(io.StringIO(body.decode("utf-8-sig")))) == [["a"], ['\'=HYPERLINK("http://x")']]


async def test_csv_exports_keep_vietnamese_and_neutralise_formulas(client: Client) -> None:
    month = await build_month()
    # A procedure name that a spreadsheet would run as a formula.
    await Procedure.update({Procedure.name_vi: "=cmd|' /C calc'!A0"}).where(
        Procedure.id == month.dossiers["d3"].procedure
    )
    await login(client, month.supervisor)
    figures = await client.get("/counter/dashboard/export/figures", params=NOVEMBER)
    assert figures.status_code == 200
    assert figures.headers["content-type"].startswith("text/csv")
    assert "attachment" in figures.headers["content-disposition"]
    assert figures.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(figures.content.decode("utf-8-sig"))))
    assert rows[0] == ["Nhóm chỉ số", "Chỉ số", "01/11/2026–30/11/2026"]
    assert ["Tiến độ giải quyết", "Tiếp nhận", "5"] in rows
    assert ["Tiến độ giải quyết", "Tỷ lệ đúng hạn", "66,7 %"] in rows
    overdue = await client.get("/counter/dashboard/export/overdue", params=NOVEMBER)
    lines = list(csv.reader(io.StringIO(overdue.content.decode("utf-8-sig"))))
    assert [line[0] for line in lines[1:]] == [month.dossiers["d9"].code, month.dossiers["d3"].code]
    assert lines[2][1] == "'=cmd|' /C calc'!A0"
    assert lines[2][2] == "Đang giải quyết"
