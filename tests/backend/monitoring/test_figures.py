"""Each dashboard figure computed from the hand-built month (dataset.py) and compared with the
count made by hand from its formula (docs/monitoring.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from backend.monitoring.dashboard import compute, flat
from backend.monitoring.scope import Scope
from tests.backend.monitoring.dataset import NOW, PERIOD, Month, build_month


async def _office_a() -> tuple[Month, dict[str, Any]]:
    month = await build_month()
    data = await compute(Scope((month.office_a.id,)), PERIOD, NOW, [str(month.office_a.code)])
    return month, data


async def test_progress_counts_received_resolved_on_time_and_the_lists() -> None:
    month, data = await _office_a()
    p = data["progress"]
    d = month.dossiers
    assert p["received"] == 5  # d1 d2 d3 d4 d5 (d6, d9 in October; d7 office B; d8 not received)
    assert p["in_process"] == 3  # d3 d4 d9, whatever their reception date
    assert p["waiting"] == 1  # d5
    assert (p["resolved"], p["on_time"], p["late"]) == (3, 2, 1)  # d1 d6 (at its due time) on time; d2 late
    assert p["on_time_rate"] == 2 / 3
    assert p["returned"] == 2  # d1 d2
    assert [r["id"] for r in p["overdue_rows"]] == [d["d9"].id, d["d3"].id]  # oldest due first
    assert p["overdue"] == 2
    assert [r["id"] for r in p["due_soon_rows"]] == [d["d4"].id]  # due Tuesday 17:00, now Monday
    assert p["due_soon"] == 1


async def test_online_service_payment_digitisation_publicity() -> None:
    _, data = await _office_a()
    assert data["online_service"] == {
        "online": 2,  # d1 d5
        "online_rate": 2 / 5,
        "handed_over": 2,  # d2 by post, d4 at home
        "handed_over_rate": 2 / 5,
    }
    # fees: d1 d2 d5; paid online: d1 d5 (d2's attempt is pending; d7 is office B's)
    assert data["online_payment"] == {"with_fee": 3, "paid_online": 2, "paid_online_rate": 2 / 3}
    # documents: d1 id_card (2 reused pages = 1 document), d1 photo (uploaded), d3 form (digitised)
    assert data["digitisation"] == {"documents": 3, "reused": 1, "digitised": 1, "digitised_rate": 2 / 3}
    # procedures of office A: P1 (published in full), P2 (no legal basis)
    assert data["publicity"] == {"procedures": 2, "published": 1, "published_rate": 1 / 2}


async def test_satisfaction_from_the_dossiers_returned_in_the_period() -> None:
    month, data = await _office_a()
    s = data["satisfaction"]
    assert (s["satisfied"], s["acceptable"], s["not_satisfied"], s["rated"]) == (1, 0, 1, 2)
    assert s["satisfaction_rate"] == 1 / 2
    assert [c["comment"] for c in s["comments"]] == ["=Chờ lâu", "Cán bộ nhiệt tình"]  # newest first
    assert s["comments"][0]["dossier_id"] == month.dossiers["d2"].id


async def test_tables_per_procedure_and_per_officer_and_the_daily_series() -> None:
    _month, data = await _office_a()
    by_received = sorted(data["per_procedure"], key=lambda r: -r["received"])
    p1, p2 = by_received
    assert (p1["received"], p1["resolved"], p1["on_time"], p1["on_time_rate"], p1["overdue"]) == (
        3,
        3,
        2,
        2 / 3,
        1,
    )
    assert (p2["received"], p2["resolved"], p2["on_time_rate"], p2["overdue"]) == (2, 0, None, 1)
    officers = {r["name"]: r for r in data["per_officer"]}
    assert set(officers) == {"Trần Văn Xuân", "Lê Thị Yến"}
    assert (officers["Trần Văn Xuân"]["resolved"], officers["Trần Văn Xuân"]["on_time_rate"]) == (2, 1.0)
    assert (officers["Lê Thị Yến"]["resolved"], officers["Lê Thị Yến"]["on_time_rate"]) == (1, 0.0)
    days = {row["day"]: (row["received"], row["resolved"]) for row in data["daily"]}
    assert len(days) == 30
    assert days[date(2026, 11, 2)] == (1, 0)
    assert days[date(2026, 11, 3)] == (1, 1)  # d2 received; d6 approved 17:00
    assert days[date(2026, 11, 5)] == (0, 1)
    assert days[date(2026, 11, 6)] == (0, 1)
    assert days[date(2026, 11, 20)] == (2, 0)
    assert sum(r for r, _ in days.values()) == 5
    assert sum(s for _, s in days.values()) == 3


async def test_admin_sees_every_office_and_rates_are_formatted_per_language() -> None:
    month = await build_month()
    data = await compute(Scope(None), PERIOD, NOW, [])
    assert data["progress"]["received"] == 6  # office B's d7 too
    assert data["progress"]["resolved"] == 4
    assert data["online_payment"]["paid_online"] == 3
    assert data["publicity"]["procedures"] == 3
    assert month.office_b.id != month.office_a.id
    shown = flat(data, "vi")
    assert shown["progress.received"] == "6"
    assert shown["progress.on_time_rate"] == "75,0 %"  # d1 d6 d7 of 4
    assert flat(data, "en")["progress.on_time_rate"] == "75.0%"


async def test_an_empty_period_shows_no_rate_rather_than_zero() -> None:
    month = await build_month()
    from backend.monitoring.scope import Period

    data = await compute(Scope((month.office_a.id,)), Period(date(2026, 9, 1), date(2026, 9, 30)), NOW, [])
    assert data["progress"]["received"] == 0
    assert data["progress"]["on_time_rate"] is None
    assert flat(data, "vi")["progress.on_time_rate"] == "—"


async def test_a_dossier_once_late_stays_late_whatever_its_new_date() -> None:
    """d1 was decided before its due time; had it been marked overdue (or given a new date with an
    apology, which sets overdue_at) before that, the dashboard counts it late."""
    from backend.dossiers.tables import Dossier
    from tests.backend.monitoring.dataset import vn

    month = await build_month()
    d1 = month.dossiers["d1"]
    await Dossier.update({Dossier.overdue_at: vn(4, 9)}).where(Dossier.id == d1.id)
    data = await compute(Scope((month.office_a.id,)), PERIOD, NOW, [str(month.office_a.code)])
    p = data["progress"]
    assert (p["resolved"], p["on_time"], p["late"]) == (3, 1, 2)  # d6 on time; d1 d2 late
    assert p["on_time_rate"] == 1 / 3
