"""Who is making the request: what the authentication middleware puts in `request.user`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Principal:
    kind: Literal["citizen", "staff"]
    id: int
    role: str | None = None  # staff only: officer, courier, supervisor, admin
    office_id: int | None = None  # staff only: their office (a courier's postal unit)

    @property
    def is_citizen(self) -> bool:
        return self.kind == "citizen"

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"

    @property
    def home(self) -> str:
        """Where this person starts: a citizen's dossiers, a courier's route, the counter."""
        if self.kind == "citizen":
            return "/dossiers"
        return "/courier" if self.role == "courier" else "/counter"
