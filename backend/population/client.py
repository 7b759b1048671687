"""The population database adapter (protocol in simulators/population.py).

`lookup(id_number)` answers the person's verified data or None when the database does not know
them; an outage or a refused key raises PopulationUnavailable, and callers fall back to letting
the citizen type (the form then shows no "verified" source).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import httpx

from backend.procedures.validation import parse_dmy
from backend.settings import Settings

SOURCE_KEY = "population.source"  # "Cơ sở dữ liệu quốc gia về dân cư"
SEX = {"Nam": "male", "Nữ": "female"}


class PopulationUnavailable(Exception):
    """The database could not answer (network, outage, refused credentials)."""


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id_number: str
    full_name: str
    date_of_birth: date
    sex: str  # "male" | "female"
    permanent_address: str

    def prefill(self) -> dict[str, str]:
        """The form answers this record fills (names as the forms' `x-prefill`)."""
        return {
            "id_number": self.id_number,
            "full_name": self.full_name,
            "date_of_birth": self.date_of_birth.strftime("%d/%m/%Y"),
            "sex": self.sex,
            "permanent_address": self.permanent_address,
        }


class PopulationClient:
    def __init__(self, base_url: str, api_key: str, client: httpx.AsyncClient) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.client = client

    @classmethod
    def from_settings(cls, settings: Settings, client: httpx.AsyncClient) -> PopulationClient:
        return cls(settings.population_url, settings.population_api_key, client)

    async def lookup(self, id_number: str) -> PersonRecord | None:
        try:
            response = await self.client.post(
                f"{self.base_url}/v1/citizens/verify",
                json={"so_dinh_danh": id_number},
                headers={"X-Api-Key": self.api_key},
            )
        except httpx.TransportError:
            raise PopulationUnavailable("unreachable") from None
        if response.status_code in (400, 404):
            return None
        if response.status_code != 200:
            raise PopulationUnavailable(f"answered {response.status_code}")
        body = response.json()
        born = parse_dmy(str(body["ngay_sinh"]))
        if born is None or body["gioi_tinh"] not in SEX:
            raise PopulationUnavailable("malformed answer")
        return PersonRecord(
            id_number=str(body["so_dinh_danh"]),
            full_name=str(body["ho_va_ten"]),
            date_of_birth=born,
            sex=SEX[body["gioi_tinh"]],
            permanent_address=str(body["noi_thuong_tru"]),
        )
