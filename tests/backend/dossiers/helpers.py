"""What dossier tests share: the demo catalogue and offices, a citizen, officers, good answers."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.tables import Citizen, StaffUser
from backend.offices.demo import load_offices
from backend.offices.tables import Office
from backend.payments.tables import Payment
from backend.procedures.demo import load_procedures
from tests.backend.payments.signing import ipn_params
from tests.factories import auth_headers, make_citizen, make_staff

LLTP = "2.001417"
ANSWERS: dict[str, Any] = {
    "full_name": "Nguyễn Văn An",
    "date_of_birth": "12/05/1990",
    "sex": "male",
    "id_number": "001090012345",
    "permanent_address": "Số 12 Phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội",
    "phone": "0912 345 678",
    "certificate_type": "1",
    "copies": 3,
    "purpose": "Bổ sung hồ sơ xin việc",
}


async def catalogue() -> None:
    await load_offices()
    await load_procedures()


async def office(code: str) -> Office:
    row = await Office.objects().where(Office.code == code).first()
    assert row is not None
    return row


async def officer(code: str = "HN-STP", role: str = "officer") -> StaffUser:
    return await make_staff(role=role, office=await office(code))


async def citizen() -> Citizen:
    return await make_citizen()


async def submitted_dossier(client: AsyncTestClient[Litestar], who: Citizen) -> dict[str, Any]:
    """Submitted for the counter: the citizen brings the papers (online would need them attached)."""
    headers = await auth_headers(who)
    created = await client.post(
        "/api/v1/dossiers",
        json={"procedure_code": LLTP, "answers": ANSWERS, "channel": "counter"},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    submitted = await client.post(f"/api/v1/dossiers/{created.json()['id']}/submit", headers=headers)
    assert submitted.status_code == 200, submitted.text
    return submitted.json()


async def pay_fee(client: AsyncTestClient[Litestar], dossier_id: int) -> dict[str, Any]:
    """The gateway confirms the dossier's pending fee payment (a signed IPN); returns the payment."""
    payment = await Payment.select().where(Payment.open_subject == f"dossier:{dossier_id}").first()
    assert payment is not None, "no pending payment for this dossier"
    answer = await client.get("/api/v1/payments/vnpay/ipn", params=ipn_params(payment))
    assert answer.json()["RspCode"] == "00", answer.text
    return payment
