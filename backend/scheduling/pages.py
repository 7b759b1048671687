"""Booking pages: the citizen's booking form for a dossier (book or move, cancel, .ics) and the
block on the dossier page.

Plain forms with the CSRF token; the decisions are in rules.py, as for the API.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from auth.guards import principal_of, require_citizen
from auth.pages import FormBody
from auth.principal import Principal
from auth.tables import Citizen
from backend import clock
from backend.dossiers.access import dossier_for
from backend.dossiers.journey import step_label
from backend.dossiers.prefill import verified_answers
from backend.errors import Problem
from backend.offices.tables import Office
from backend.procedures.rules import get_procedure
from backend.scheduling import rules
from backend.scheduling.access import live_booking
from backend.scheduling.api import calendar_file
from backend.scheduling.capacity import starts_at
from backend.scheduling.wards import ward_in
from backend.settings import get_settings
from backend.web import page_context, request_locale
from i18n import translate
from i18n.formatting import parse_day

Req = Request[Any, Any, Any]


async def booking_context(principal: Principal, dossier: dict[str, Any]) -> dict[str, Any]:
    """What the dossier page's booking block (scheduling/booking_block.html) needs."""
    booking = await live_booking(principal, int(dossier["id"]))
    try:
        kind: str | None = await rules.booking_kind(dossier)
    except Problem:
        kind = None
    if booking is not None:
        booking = {**booking, "starts_at": starts_at(booking["day"], booking["starts"])}
    return {"booking": booking, "booking_kind": kind}


def local_phone(phone: str) -> str:
    return "0" + phone[3:] if phone.startswith("+84") else phone


def refusal(request: Req, problem: Problem) -> str:
    return translate(request_locale(request), f"problem.{problem.code}.title", **problem.params)


async def _wards(dossier: dict[str, Any], kind: str) -> list[str]:
    office = (
        await Office.select(Office.serves_wards)
        .where(Office.id == dossier["office"])
        .output(load_json=True)
        .first()
    )
    wards = list(office["serves_wards"] or []) if office else []
    if kind == "postal_pickup":
        wards = [w for w in wards if await rules.postal_unit_for(w) is not None]
    return wards


class BookingPages(Controller):
    path = "/dossiers/{dossier_id:int}/booking"
    include_in_schema = False
    guards = [require_citizen]

    async def _form(
        self,
        request: Req,
        dossier_id: int,
        values: dict[str, str] | None = None,
        error: str = "",
        status: int = 200,
    ) -> Template:
        principal = principal_of(request)
        dossier = await dossier_for(principal, dossier_id)
        kind = await rules.booking_kind(dossier)
        booking = await live_booking(principal, dossier_id)
        if values is None:
            citizen = (
                await Citizen.select(Citizen.phone, Citizen.permanent_address)
                .where(Citizen.id == principal.id)
                .first()
            )
            # The address: the booking's, else the population database's (verified), else the
            # profile's, else what the dossier says; the citizen may change it.
            verified = await verified_answers(request.app.state, principal) if booking is None else {}
            answers = dossier["answers"] or {}
            values = {
                "address": (booking or {}).get("address")
                or verified.get("permanent_address")
                or (citizen or {}).get("permanent_address")
                or str(answers.get("permanent_address", "")),
                "ward": (booking or {}).get("ward", ""),  # else the address's (below)
                "contact_phone": local_phone(
                    (booking or {}).get("contact_phone") or (citizen or {}).get("phone") or ""
                ),
                "slot": f"{booking['window_id']}|{booking['day'].isoformat()}" if booking else "",
                "returns_result": "on" if (booking or {}).get("returns_result") else "",
            }
        wards = await _wards(dossier, kind)
        if not values.get("ward"):
            values = {**values, "ward": ward_in(values.get("address", ""), wards)}
        free = await rules.windows_for(int(dossier["office"]), kind, clock.now(), get_settings())
        days: dict[date, list[dict[str, Any]]] = {}
        for window in free:
            days.setdefault(window["day"], []).append(window)
        return Template(
            "scheduling/booking_form.html",
            context=page_context(
                request,
                dossier=dossier,
                kind=kind,
                booking=booking,
                days=days,
                wards=wards,
                journey=step_label(await get_procedure(dossier["procedure_code"]), dossier, "book")
                if booking is None
                else None,
                values=values,
                error=error,
            ),
            status_code=status,
            headers={"Cache-Control": "no-store"},
        )

    @get("/")
    async def form(self, request: Req, dossier_id: FromPath[int]) -> Template:
        return await self._form(request, dossier_id)

    @post("/")
    async def save(self, request: Req, dossier_id: FromPath[int], data: FormBody) -> Template | Redirect:
        """Books, or moves the live booking, with what the form says."""
        values = {
            name: str(data.get(name, ""))
            for name in ("slot", "address", "ward", "contact_phone", "returns_result")
        }
        window_text, _, day_text = values["slot"].partition("|")
        day = parse_day(day_text)
        if not window_text.isdigit() or day is None:
            message = translate(request_locale(request), "booking.choose_window")
            return await self._form(request, dossier_id, values, message, 422)
        choice = rules.Choice(
            window_id=int(window_text),
            day=day,
            address=values["address"],
            ward=values["ward"],
            contact_phone=values["contact_phone"],
            returns_result=bool(values["returns_result"]),
        )
        principal = principal_of(request)
        try:
            if await live_booking(principal, dossier_id) is None:
                await rules.book(principal, dossier_id, choice, now=clock.now(), settings=get_settings())
            else:
                await rules.reschedule(
                    principal, dossier_id, choice, now=clock.now(), settings=get_settings()
                )
        except Problem as problem:
            if problem.status_code == 404:
                raise
            return await self._form(
                request, dossier_id, values, refusal(request, problem), problem.status_code
            )
        return Redirect(path=f"/dossiers/{dossier_id}", status_code=303)

    @post("/cancel")
    async def cancel(self, request: Req, dossier_id: FromPath[int]) -> Template | Redirect:
        try:
            await rules.cancel(principal_of(request), dossier_id, now=clock.now(), settings=get_settings())
        except Problem as problem:
            if problem.status_code == 404:
                raise
            return await self._form(request, dossier_id, None, refusal(request, problem), problem.status_code)
        return Redirect(path=f"/dossiers/{dossier_id}", status_code=303)

    @get("/calendar.ics", media_type="text/calendar")
    async def ics(self, request: Req, dossier_id: FromPath[int]) -> Response[bytes]:
        return await calendar_file(request, dossier_id)
