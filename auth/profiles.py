"""The logged-in person's profile, for /api/v1/me and the profile page."""

from __future__ import annotations

from auth.principal import Principal
from auth.schemas import CitizenProfile, MeOut, StaffProfile
from auth.tables import Citizen, StaffUser
from backend.errors import Problem


async def profile_of(principal: Principal) -> MeOut:
    if principal.kind == "citizen":
        citizen = await Citizen.objects().where(Citizen.id == principal.id).first()
        if citizen is None:
            raise Problem(401, "unauthorized")
        return MeOut(
            kind="citizen",
            id=citizen.id,
            roles=["citizen"],
            citizen=CitizenProfile(
                full_name=citizen.full_name,
                id_number=citizen.id_number,
                date_of_birth=citizen.date_of_birth,
                sex=citizen.sex,
                phone=citizen.phone,
                permanent_address=citizen.permanent_address,
                locale=citizen.locale,
                verified=citizen.subject is not None,
            ),
        )
    staff = await StaffUser.objects(StaffUser.office).where(StaffUser.id == principal.id).first()
    if staff is None:
        raise Problem(401, "unauthorized")
    return MeOut(
        kind="staff",
        id=staff.id,
        roles=[staff.role],
        staff=StaffProfile(
            username=staff.username,
            full_name=staff.full_name,
            role=staff.role,
            office_code=staff.office.code,
            office_name_vi=staff.office.name_vi,
            office_name_en=staff.office.name_en,
        ),
    )
