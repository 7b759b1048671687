"""Rows the browser journeys start from, written in the test process before the page acts."""

from __future__ import annotations

from backend.offices.demo import load_offices
from backend.offices.tables import Office
from backend.procedures.demo import load_procedures
from tests.conftest import run_in_thread
from tests.factories import make_citizen, make_staff


def catalogue_citizen_and_officer(phone: str) -> str:
    """The demo catalogue, a citizen the population database knows (on `phone`, "+84…"), an
    officer of the Department of Justice office; returns the officer's username."""
    out: dict[str, str] = {}

    async def create() -> None:
        await load_offices()
        await load_procedures()
        await make_citizen(phone=phone, id_number="001090012345", full_name="Nguyễn Văn An", subject=None)
        office = await Office.objects().where(Office.code == "HN-STP").first()
        officer = await make_staff(role="officer", office=office, full_name="Lê Thị Hằng")
        out["username"] = officer.username

    run_in_thread(create())
    return out["username"]
