"""A hand-built month for the dashboard tests: office A (the supervisor's), office B (someone
else's), three procedures, nine dossiers with their events, payments and files. Every expected
figure in test_figures.py is counted by hand from the comments below.

Times are Vietnam local; "now" is Monday 23/11/2026 10:00, the period November 2026.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from auth.tables import Citizen, StaffUser
from backend.dossiers.tables import Dossier, DossierEvent
from backend.monitoring.scope import Period
from backend.offices.tables import Office
from backend.payments.tables import Payment
from backend.procedures.tables import Procedure
from backend.uploads.tables import StoredFile
from i18n import fold
from i18n.formatting import VIETNAM
from tests.factories import make_citizen, make_office, make_staff

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=VIETNAM)
PERIOD = Period(date(2026, 11, 1), date(2026, 11, 30))
_n = itertools.count(1)


def vn(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VIETNAM)


async def make_procedure(
    office_codes: list[str], *, source: str = "", documents: list[Any] | None = None
) -> Procedure:
    n = next(_n)
    name = f"Thủ tục thử nghiệm số {n}"
    row = Procedure(
        code=f"9.{n:06d}",
        name_vi=name,
        name_en=f"Test procedure {n}",
        name_search=fold(name),
        agency_code="T",
        agency_vi="Sở Thử",
        agency_en="Test department",
        field="test",
        field_vi="Thử",
        field_en="Test",
        fee_kind="fixed",
        processing_days=3,
        documents=documents or [],
        office_codes=office_codes,
        source=source,
        channels=["online", "postal_pickup", "home_appointment", "counter"],
    )
    await row.save()
    return row


async def make_dossier(citizen: Citizen, procedure: Procedure, office: Office, **values: Any) -> Dossier:
    row = Dossier(
        code=f"T-261123-{next(_n):04d}",
        citizen=citizen.id,
        procedure=procedure.id,
        office=office.id,
        **values,
    )
    await row.save()
    return row


async def event(dossier: Dossier, action: str, at: datetime, actor: StaffUser, to_status: str) -> None:
    await DossierEvent(
        dossier=dossier.id,
        at=at,
        action=action,
        from_status="",
        to_status=to_status,
        actor_kind="staff",
        actor_id=actor.id,
        actor_name=actor.full_name,
    ).save()


async def payment(dossier: Dossier, status: str) -> None:
    await Payment(
        reference=f"REF{next(_n)}",
        owner_id=dossier.citizen,
        subject_kind="dossier",
        subject_id=dossier.id,
        amount_vnd=200_000,
        description="Le phi",
        status=status,
    ).save()


async def stored_file(dossier: Dossier, key: str, source: str, position: int = 0) -> None:
    await StoredFile(
        owner=dossier.citizen,
        document_key=key,
        dossier_id=dossier.id,
        position=position,
        storage_key=f"k{next(_n)}",
        sha256=f"{next(_n):064d}",
        mime="image/jpeg",
        size=1000,
        source=source,
    ).save()


@dataclass
class Month:
    office_a: Office
    office_b: Office
    officer_x: StaffUser
    officer_y: StaffUser
    supervisor: StaffUser
    dossiers: dict[str, Dossier]


async def build_month() -> Month:
    a = await make_office(name_vi="Bộ phận Một cửa Sở Tư pháp thử")
    b = await make_office()
    x = await make_staff(office=a, full_name="Trần Văn Xuân")
    y = await make_staff(office=a, full_name="Lê Thị Yến")
    supervisor = await make_staff(role="supervisor", office=a)
    who = await make_citizen()
    # P1: office A only, publishes its legal basis and documents; P2: A and B, no legal basis;
    # P3: B only.
    p1 = await make_procedure([str(a.code)], source="Thông tư 01/2026", documents=[{"key": "id_card"}])
    p2 = await make_procedure([str(a.code), str(b.code)], documents=[{"key": "form"}])
    await make_procedure([str(b.code)], source="Nghị định 1", documents=[{"key": "x"}])
    d: dict[str, Dossier] = {}
    # d1: online, fee paid online, received 02/11, approved by X on time, returned, satisfied.
    d["d1"] = await make_dossier(
        who, p1, a, channel="online", status="returned", fee_vnd=200_000,
        received_at=vn(2, 9), due_at=vn(6, 17), rating="satisfied", rating_comment="Cán bộ nhiệt tình",
    )  # fmt: skip
    await event(d["d1"], "approve", vn(5, 10), x, "approved")
    await event(d["d1"], "result_ready", vn(5, 11), x, "result_ready")
    await event(d["d1"], "return", vn(6, 10), x, "returned")
    await payment(d["d1"], "paid")
    await stored_file(d["d1"], "id_card", "reused", 0)
    await stored_file(d["d1"], "id_card", "reused", 1)
    await stored_file(d["d1"], "photo", "uploaded")
    await stored_file(d["d1"], "result", "result")  # the office's result: not a paper handed in
    # d2: postal pickup, fee not paid (attempt pending), rejected by Y late, returned, not satisfied.
    d["d2"] = await make_dossier(
        who, p1, a, channel="postal_pickup", status="returned", fee_vnd=200_000,
        received_at=vn(3, 9), due_at=vn(5, 17), rating="not_satisfied", rating_comment="=Chờ lâu",
    )  # fmt: skip
    await event(d["d2"], "reject", vn(6, 9), y, "rejected")
    await event(d["d2"], "result_ready", vn(6, 10), y, "result_ready")
    await event(d["d2"], "return", vn(7, 9), y, "returned")
    await payment(d["d2"], "pending")
    # d3: at the counter, free, processing, overdue now; a page digitised at the counter.
    d["d3"] = await make_dossier(
        who, p2, a, channel="counter", status="processing", received_at=vn(10, 9), due_at=vn(12, 17)
    )
    await stored_file(d["d3"], "form", "digitised")
    # d4: home appointment, received, due Tuesday 24/11 17:00: due within 1 working day.
    d["d4"] = await make_dossier(
        who, p2, a, channel="home_appointment", status="received", received_at=vn(20, 9), due_at=vn(24, 17)
    )
    # d5: online, fee paid online, waiting for a supplement.
    d["d5"] = await make_dossier(
        who, p1, a, channel="online", status="waiting_for_supplement", fee_vnd=200_000,
        received_at=vn(20, 10), due_at=vn(25, 17),
    )  # fmt: skip
    await payment(d["d5"], "paid")
    # d6: received in October, approved by X exactly at its due time (on time) on 03/11.
    d["d6"] = await make_dossier(
        who, p1, a, channel="online", status="approved", received_at=vn(30, 9, month=10), due_at=vn(3, 17)
    )
    await event(d["d6"], "approve", vn(3, 17), x, "approved")
    # d7: office B: never in office A's figures.
    other = await make_staff(office=b, full_name="Phạm Văn Khác")
    d["d7"] = await make_dossier(
        who, p2, b, channel="online", status="approved", fee_vnd=100_000,
        received_at=vn(5, 9), due_at=vn(6, 17),
    )  # fmt: skip
    await event(d["d7"], "approve", vn(6, 9), other, "approved")
    await payment(d["d7"], "paid")
    await stored_file(d["d7"], "form", "digitised")
    # d8: submitted, not yet received: in no figure.
    d["d8"] = await make_dossier(who, p1, a, channel="online", status="submitted", fee_vnd=200_000)
    # d9: received in October, still processing and overdue now (now-figures ignore the period).
    d["d9"] = await make_dossier(
        who, p1, a, channel="online", status="processing", received_at=vn(31, 9, month=10), due_at=vn(5, 17)
    )
    return Month(a, b, x, y, supervisor, d)
