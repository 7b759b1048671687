"""Demo identities for `make run`: the residents of simulators/data/demo_people.json (log in
through the simulated e-ID or with their phone), an officer, a supervisor and an administrator
at HN-STP, and a courier at the HN-BC-HOANKIEM post office. Dev passwords only; production never
loads demo data."""

from __future__ import annotations

from auth.passwords import hash_password
from auth.tables import Citizen, StaffUser
from backend.offices.tables import Office
from simulators.oidc import subject_of
from simulators.people import demo_people

DEMO_PASSWORD = "motcua-demo"  # noqa: S105 - a dev-only password printed by `make run`
DEMO_STAFF = (
    ("canbo.stp", "Nguyễn Thị Lan", "officer", "HN-STP"),
    ("giamsat.stp", "Hoàng Văn Minh", "supervisor", "HN-STP"),
    ("quantri.stp", "Phạm Thu Hà", "admin", "HN-STP"),
    ("buuta.hoankiem", "Đỗ Văn Tùng", "courier", "HN-BC-HOANKIEM"),
)


async def load_identities() -> list[str]:
    from auth.citizens import citizen_from_claims

    for resident in demo_people():
        if not await Citizen.exists().where(Citizen.id_number == resident["id_number"]):
            await citizen_from_claims(
                {
                    "sub": subject_of(resident["id_number"]),
                    "id_number": resident["id_number"],
                    "name": resident["full_name"],
                    "birthdate": resident["date_of_birth"],
                    "gender": resident["sex"],
                    "phone_number": resident["phone"],
                    "phone_number_verified": True,
                    "address": {"formatted": resident["permanent_address"]},
                }
            )
    lines = [
        "citizens: open /login → 'Đăng nhập bằng VNeID' and pick a demo resident, or use a phone:",
        *(
            f"  {p['full_name']}: phone {p['phone']} (the code is at /_sim/sms/messages?to=...)"
            for p in demo_people()
        ),
        f"staff: open /staff/login, password {DEMO_PASSWORD!r}:",
    ]
    for username, full_name, role, office_code in DEMO_STAFF:
        office = await Office.select(Office.id).where(Office.code == office_code).first()
        if office is None:
            continue
        if not await StaffUser.exists().where(StaffUser.username == username):
            await StaffUser.insert(
                StaffUser(
                    username=username,
                    password_hash=hash_password(DEMO_PASSWORD),
                    full_name=full_name,
                    role=role,
                    office=office["id"],
                )
            )
        lines.append(
            f"  {username} ({role}, {office_code}) → {'/courier' if role == 'courier' else '/counter'}"
        )
    return lines
