"""The demo residents (simulators/data/demo_people.json), shared by the e-ID and population
database simulators and by the demo data loader."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "demo_people.json"


@cache
def demo_people() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(DATA.read_text(encoding="utf-8"))["people"])


def person(id_number: str) -> dict[str, Any] | None:
    return next((p for p in demo_people() if p["id_number"] == id_number), None)
