"""Demo capacity for `make run`: bookable windows at the demo one-stop offices.

Postal pickups are assigned to the postal unit serving the ward (HN-BC-HOANKIEM serves the
Hoàn Kiếm area wards in backend/offices/demo.py).
"""

from __future__ import annotations

from datetime import time

from backend.offices.tables import Office
from backend.scheduling.tables import CapacityWindow

DEMO_WINDOWS: dict[str, list[tuple[str, time, time, int]]] = {
    "HN-STP": [
        ("postal_pickup", time(8), time(10), 4),
        ("postal_pickup", time(14), time(16), 4),
        ("home_appointment", time(9), time(11), 2),
        ("counter_appointment", time(8), time(9, 30), 6),
        ("counter_appointment", time(9, 30), time(11), 6),
        ("counter_appointment", time(14), time(16, 30), 6),
    ],
    "HN-CUANAM": [
        ("postal_pickup", time(8), time(11), 3),
        ("counter_appointment", time(8), time(11), 5),
    ],
}


async def load_windows() -> list[str]:
    added = 0
    for code, windows in DEMO_WINDOWS.items():
        office = await Office.select(Office.id).where(Office.code == code).first()
        if office is None or await CapacityWindow.exists().where(CapacityWindow.office == office["id"]):
            continue
        for kind, starts, ends, capacity in windows:
            await CapacityWindow.insert(
                CapacityWindow(office=office["id"], kind=kind, starts=starts, ends=ends, capacity=capacity)
            )
            added += 1
    total = sum(len(w) for w in DEMO_WINDOWS.values())
    return [f"scheduling: {total} demo booking windows at {', '.join(DEMO_WINDOWS)} ({added} added now)"]
