"""Citizens from verified e-ID claims: the first login creates them, later ones find them."""

from __future__ import annotations

from datetime import date
from typing import Any

from auth.phones import normalise_phone
from auth.tables import Citizen
from i18n import fold


def _birthdate(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


async def citizen_from_claims(claims: dict[str, Any]) -> Citizen:
    """Find by the provider's subject; else adopt the record with the same ID number or the
    phone-only account with the verified phone; else create. Verified claims win."""
    subject = str(claims["sub"])
    id_number = str(claims.get("id_number") or "") or None
    phone = (
        normalise_phone(str(claims.get("phone_number") or ""))
        if claims.get("phone_number_verified")
        else None
    )
    citizen = await Citizen.objects().where(Citizen.subject == subject).first()
    if citizen is None and id_number:
        citizen = await Citizen.objects().where(Citizen.id_number == id_number).first()
    if citizen is None and phone:
        citizen = (
            await Citizen.objects()
            .where((Citizen.phone == phone) & Citizen.subject.is_null() & Citizen.id_number.is_null())
            .first()
        )
    if citizen is None:
        citizen = Citizen()
    name = str(claims.get("name") or citizen.full_name)
    address = claims.get("address")
    citizen.subject = subject
    citizen.id_number = id_number or citizen.id_number
    citizen.full_name = name
    citizen.full_name_search = fold(name)
    citizen.date_of_birth = _birthdate(claims.get("birthdate")) or citizen.date_of_birth
    citizen.sex = str(claims.get("gender") or citizen.sex)
    if isinstance(address, dict) and address.get("formatted"):
        citizen.permanent_address = str(address["formatted"])
    if phone and citizen.phone != phone:
        taken = Citizen.exists().where(Citizen.phone == phone)
        if citizen._exists_in_db:
            taken = taken.where(Citizen.id != citizen.id)
        if not await taken:
            citizen.phone = phone
    await citizen.save()
    return citizen
