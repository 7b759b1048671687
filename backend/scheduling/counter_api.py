"""The counter's appointment desk API: a day's bookings of the office, check-in and no-show."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from auth.guards import principal_of, require_role
from backend import clock
from backend.scheduling import desk
from backend.scheduling.schemas import AppointmentOut, AppointmentSearchIn, appointment_out

Req = Request[Any, Any, Any]


class AppointmentsApi(Controller):
    path = "/api/v1/counter/appointments"
    tags = ["counter"]
    guards = [require_role("officer", "supervisor")]

    @get("/")
    async def day(
        self,
        request: Req,
        day: FromQuery[date | None] = None,
        kind: FromQuery[str | None] = None,
    ) -> list[AppointmentOut]:
        """The office's appointments on `day` (default today, Vietnam time) by window and kind
        (search: POST /search)."""
        rows = await desk.appointments(principal_of(request), day or clock.today(), kind=kind or None)
        return [appointment_out(row) for row in rows]

    @post("/search", status_code=200)
    async def search(self, request: Req, data: JSONBody[AppointmentSearchIn]) -> list[AppointmentOut]:
        """A day's appointments matching `q`: a dossier code, phone, ID number or part of the name
        (diacritics optional), sent in the body so that it never appears in a URL."""
        day = data.day or clock.today()
        rows = await desk.appointments(principal_of(request), day, kind=data.kind or None, q=data.q)
        return [appointment_out(row) for row in rows]

    @post("/{booking_id:int}/check-in", status_code=200)
    async def check_in(self, request: Req, booking_id: FromPath[int]) -> AppointmentOut:
        return await self._mark(request, booking_id, "check_in")

    @post("/{booking_id:int}/no-show", status_code=200)
    async def no_show(self, request: Req, booking_id: FromPath[int]) -> AppointmentOut:
        return await self._mark(request, booking_id, "no_show")

    async def _mark(self, request: Req, booking_id: int, action: str) -> AppointmentOut:
        return appointment_out(await desk.mark(principal_of(request), booking_id, action, now=clock.now()))
