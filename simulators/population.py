"""A simulated national population database (Cơ sở dữ liệu quốc gia về dân cư), read-only.

Protocol (spoken by backend/population/client.py):
  POST {base}/v1/citizens/verify  X-Api-Key: <key>  {"so_dinh_danh": "<12 digits>"}
  → 200 {"so_dinh_danh", "ho_va_ten", "ngay_sinh": "dd/mm/yyyy", "gioi_tinh": "Nam"|"Nữ",
         "noi_thuong_tru"}; 404 unknown person; 400 not a 12-digit number; 401 bad key.
The ID number travels in the body, never in the URL. People come from data/demo_people.json.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import msgspec
from litestar import Request, Router, post
from litestar.params import JSONBody

from backend.errors import Problem

DATA = Path(__file__).parent / "data" / "demo_people.json"
SEX = {"male": "Nam", "female": "Nữ"}


class VerifyIn(msgspec.Struct):
    so_dinh_danh: str


@cache
def people() -> dict[str, dict[str, Any]]:
    listed = json.loads(DATA.read_text(encoding="utf-8"))["people"]
    return {person["id_number"]: person for person in listed}


@post("/v1/citizens/verify", status_code=200)
async def verify(request: Request[Any, Any, Any], data: JSONBody[VerifyIn]) -> dict[str, str]:
    if request.headers.get("x-api-key") != request.app.state.settings.population_api_key:
        raise Problem(401, "unauthorized")
    if not re.fullmatch(r"\d{12}", data.so_dinh_danh):
        raise Problem(400, "bad_request")
    person = people().get(data.so_dinh_danh)
    if person is None:
        raise Problem(404, "not_found")
    return {
        "so_dinh_danh": person["id_number"],
        "ho_va_ten": person["full_name"],
        "ngay_sinh": date.fromisoformat(person["date_of_birth"]).strftime("%d/%m/%Y"),
        "gioi_tinh": SEX[person["sex"]],
        "noi_thuong_tru": person["permanent_address"],
    }


router = Router(path="/_sim/population", route_handlers=[verify], include_in_schema=False)
