"""What courier tests share: a received dossier with a postal-pickup booking, its courier."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.tables import Citizen, StaffUser
from backend.offices.tables import Office
from backend.procedures.tables import Procedure
from tests.backend.dossiers.helpers import LLTP, catalogue, office, submitted_dossier
from tests.factories import auth_headers, make_booking, make_citizen, make_staff


@dataclass
class Scene:
    citizen: Citizen
    courier: StaffUser
    unit: Office
    dossier: dict[str, Any]
    booking: dict[str, Any]
    documents: list[str]  # keys of the procedure's required documents

    async def citizen_headers(self) -> dict[str, str]:
        return await auth_headers(self.citizen)

    async def courier_headers(self) -> dict[str, str]:
        return await auth_headers(self.courier)


async def scene(client: AsyncTestClient[Litestar], **booking: Any) -> Scene:
    await catalogue()
    who = await make_citizen()
    dossier = await submitted_dossier(client, who)
    unit = await office("HN-BC-HOANKIEM")
    courier = await make_staff(role="courier", office=unit, full_name="Trần Văn Bưu")
    row = await make_booking(dossier["id"], unit=unit, **booking)
    procedure = (
        await Procedure.select(Procedure.documents)
        .where(Procedure.code == LLTP)
        .first()
        .output(load_json=True)
    )
    assert procedure is not None
    keys = [str(d["key"]) for d in procedure["documents"]]
    return Scene(who, courier, unit, dossier, row, keys)


async def pickup_code(client: AsyncTestClient[Litestar], s: Scene) -> dict[str, Any]:
    answer = await client.get(
        f"/api/v1/bookings/{s.booking['id']}/pickup-code", headers=await s.citizen_headers()
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def new_id() -> str:
    return uuid.uuid4().hex


def pickup_body(s: Scene, code: dict[str, Any], **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "client_event_id": new_id(),
        "kind": "picked_up",
        "token": code["token"],
        "seal_number": "NP-000123",
        "documents_checked": list(s.documents),
        "device_id": "phone-1",
        "client_at": "2026-11-23T09:15:00+07:00",
        "latitude": 21.0285,
        "longitude": 105.8542,
    }
    body.update(extra)
    return body


def problem(answer: Any) -> str:
    """The problem code of an RFC 9457 answer (its `type` ends with it, dashes for underscores)."""
    return str(answer.json()["type"]).rsplit("/", 1)[-1].replace("-", "_")
