"""Custody handoffs: picked up → delivered to the office → result collected → result delivered.

Each is one append-only `CustodyEvent`, written exactly once: the device's `client_event_id` is
unique (a replayed offline submission finds its event and gets it back, nothing new is written)
and so is "<booking>:<kind>" (two devices cannot both record the same step). Steps that happen
at the citizen's door need the citizen's own code, which the step consumes. The dossier timeline
gets a line the citizen sees and the citizen is notified, in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from auth.principal import Principal
from auth.tables import StaffUser
from backend.courier import codes
from backend.courier import scan as scans
from backend.courier.access import booking_for_staff
from backend.courier.photo import Photo, discard, keep
from backend.courier.schemas import HandoffIn
from backend.courier.tables import CUSTODY_KINDS, CustodyEvent
from backend.dossiers.tables import Dossier, DossierEvent
from backend.errors import Problem
from backend.scheduling.tables import Booking
from backend.settings import Settings
from notifications.notify import Recipient, notify

NEXT_STEP: dict[str | None, str] = {
    None: "picked_up",
    "picked_up": "delivered_to_office",
    "delivered_to_office": "result_collected",
    "result_collected": "result_delivered",
}
CODE_FOR_STEP = {"picked_up": "pickup", "result_delivered": "delivery"}
CLOSED_BOOKINGS = ("cancelled", "no_show", "completed")
# The citizen's message for each step, and where it leads (the delivery code once the result is
# on its way).
NOTICE = {
    "picked_up": "courier.picked_up",
    "delivered_to_office": "courier.delivered_to_office",
    "result_collected": "courier.result_on_the_way",
    "result_delivered": "dossier.result_delivered",
}


def next_step(last: str | None, returns_result: bool) -> str | None:
    step = NEXT_STEP.get(last)
    if step in ("result_collected", "result_delivered") and not returns_result:
        return None
    return step


async def _existing(client_event_id: str, principal: Principal) -> dict[str, Any] | None:
    row = (
        await CustodyEvent.select()
        .where(CustodyEvent.client_event_id == client_event_id)
        .first()
        .output(load_json=True)
    )
    if row is not None and row["actor"] != principal.id:
        raise Problem(404, "handoff_not_found")  # another courier's id: reveal nothing
    return row


def _check_details(kind: str, booking: dict[str, Any], data: HandoffIn) -> None:
    if kind != "picked_up":
        return
    if not data.seal_number.strip():
        raise Problem(422, "seal_number_required")
    expected = {str(d["key"]) for d in booking.get("documents") or []}
    if set(data.documents_checked) != expected or len(data.documents_checked) != len(expected):
        raise Problem(422, "documents_mismatch")


async def _booking_and_code(
    settings: Settings, principal: Principal, data: HandoffIn, now: datetime, ip: str
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    purpose = CODE_FOR_STEP.get(data.kind)
    if purpose is None:
        if data.booking_id is None:
            raise Problem(422, "booking_required")
        return await booking_for_staff(principal, data.booking_id), None
    code, booking = await scans.scan(settings, principal, data.token, data.short_code, now, ip)
    if code["purpose"] != purpose:
        raise Problem(422, "pickup_code_wrong_purpose")
    if data.booking_id is not None and data.booking_id != booking["id"]:
        raise Problem(422, "pickup_code_wrong_booking")
    return booking, code


async def record(
    settings: Settings,
    principal: Principal,
    data: HandoffIn,
    now: datetime,
    ip: str = "",
    photo: Photo | None = None,
) -> tuple[dict[str, Any], bool]:
    """(event, created). A replay of a recorded event returns it with created=False."""
    if data.owner_id is not None and data.owner_id != principal.id:
        raise Problem(409, "queue_owner_mismatch")
    earlier = await _existing(data.client_event_id, principal)
    if earlier is not None:
        return earlier, False
    if data.kind not in CUSTODY_KINDS:
        raise Problem(422, "custody_kind_unknown")
    booking, code = await _booking_and_code(settings, principal, data, now, ip)
    if booking["status"] in CLOSED_BOOKINGS:
        raise Problem(409, "booking_closed", status=booking["status"])
    expected = next_step(await scans.last_step(int(booking["id"])), bool(booking["returns_result"]))
    if data.kind != expected:
        raise Problem(409, "custody_out_of_order", expected=expected)
    if data.kind == "result_collected" and booking["dossier_status"] != "result_ready":
        raise Problem(409, "result_not_ready")
    _check_details(data.kind, booking, data)
    if photo is not None and data.kind != "picked_up":
        raise Problem(422, "seal_photo_not_expected")
    photo_key = await keep(settings, photo) if photo is not None else ""
    try:
        async with CustodyEvent._meta.db.transaction():
            added = await _insert(principal, booking, code, data, now, photo_key)
            if added is None:
                replay = await _existing(data.client_event_id, principal)
                if replay is None:  # another device recorded this step first
                    raise Problem(409, "custody_out_of_order", expected=None)
                await discard(settings, photo_key)
                return replay, False
            await _effects(principal, booking, data.kind, int(added["id"]), now)
    except BaseException:
        await discard(settings, photo_key)
        raise
    return added, True


async def _insert(
    principal: Principal,
    booking: dict[str, Any],
    code: dict[str, Any] | None,
    data: HandoffIn,
    now: datetime,
    photo_key: str,
) -> dict[str, Any] | None:
    rows = (
        await CustodyEvent.insert(
            CustodyEvent(
                booking=booking["id"],
                dossier=booking["dossier"],
                kind=data.kind,
                step_key=f"{booking['id']}:{data.kind}",
                client_event_id=data.client_event_id,
                actor=principal.id,
                at=now,
                client_at=data.client_at,
                latitude=data.latitude,
                longitude=data.longitude,
                device_id=data.device_id.strip(),
                seal_number=data.seal_number.strip(),
                documents_checked=sorted(data.documents_checked),
                pickup_code=code["id"] if code else None,
                seal_photo_key=photo_key,
            )
        )
        .on_conflict(action="DO NOTHING")
        .returning(CustodyEvent.id)
    )
    if not rows:
        return None
    if code is not None:
        await codes.consume(int(code["id"]), principal.id, now)
    row = await CustodyEvent.select().where(CustodyEvent.id == rows[0]["id"]).first().output(load_json=True)
    return row


async def _effects(
    principal: Principal, booking: dict[str, Any], kind: str, event_id: int, now: datetime
) -> None:
    status = booking["dossier_status"]
    target = status
    if kind == "result_delivered" and status == "result_ready":
        target = "returned"
        moved = (
            await Dossier.update({Dossier.status: target, Dossier.version: booking["dossier_version"] + 1})
            .where((Dossier.id == booking["dossier"]) & (Dossier.version == booking["dossier_version"]))
            .returning(Dossier.id)
        )
        if not moved:
            raise Problem(409, "transition_conflict")
    staff = await StaffUser.select(StaffUser.full_name).where(StaffUser.id == principal.id).first()
    await DossierEvent.insert(
        DossierEvent(
            dossier=booking["dossier"],
            at=now,
            action=f"custody_{kind}",
            from_status=status,
            to_status=target,
            actor_kind="staff",
            actor_id=principal.id,
            actor_name=staff["full_name"] if staff else "",
            note="",
            visible_to_citizen=True,
        )
    )
    done = kind == "result_delivered" or (kind == "delivered_to_office" and not booking["returns_result"])
    new_status = "completed" if done else ("picked_up" if kind == "picked_up" else booking["status"])
    await Booking.update(
        {Booking.status: new_status, Booking.version: Booking.version + 1, Booking.updated_at: now}
    ).where(Booking.id == booking["id"])
    link = (
        f"/bookings/{booking['id']}/pickup-code"
        if kind == "result_collected"
        else f"/dossiers/{booking['dossier']}"
    )
    await notify(
        NOTICE[kind],
        Recipient(int(booking["citizen"]), str(booking["citizen_locale"] or "vi")),
        {"code": booking["dossier_code"]},
        link,
        f"custody:{event_id}",
    )
