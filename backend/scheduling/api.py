"""Booking API: free windows, the citizen's booking of a dossier (book, reschedule, cancel, .ics),
and the office's own capacity (supervisors and admins)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, patch, post, put
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from auth.guards import principal_of, require_citizen, require_login, require_role
from backend import clock
from backend.dossiers.access import dossier_for
from backend.errors import Problem
from backend.offices.tables import Office
from backend.scheduling import rules, windows
from backend.scheduling.access import live_booking
from backend.scheduling.ics import booking_calendar
from backend.scheduling.schemas import (
    BookingIn,
    BookingOut,
    CapacityWindowIn,
    CapacityWindowOut,
    CapacityWindowPatch,
    FreeWindowOut,
    WardsIn,
    WardsOut,
    WindowFullProblem,
    booking_out,
    free_window_out,
    parse_hhmm,
    window_out,
)
from backend.scheduling.tables import KINDS
from backend.settings import get_settings
from backend.web import request_locale

Req = Request[Any, Any, Any]


def choice_of(data: BookingIn) -> rules.Choice:
    return rules.Choice(
        window_id=data.window_id,
        day=data.day,
        address=data.address,
        ward=data.ward,
        contact_phone=data.contact_phone,
        returns_result=data.returns_result,
    )


async def calendar_file(request: Req, dossier_id: int) -> Response[bytes]:
    """The booking as an .ics file (the API and the dossier page both serve it)."""
    principal = principal_of(request)
    await dossier_for(principal, dossier_id)
    booking = await live_booking(principal, dossier_id)
    if booking is None:
        raise Problem(404, "booking_not_found")
    body = booking_calendar(booking, request_locale(request), get_settings().base_url, clock.now())
    return Response(
        content=body.encode("utf-8"),
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="booking-{booking["dossier_code"]}.ics"',
            "Cache-Control": "no-store",
        },
    )


class OfficeWindowsApi(Controller):
    path = "/api/v1/offices/{code:str}/windows"
    tags = ["scheduling"]
    guards = [require_login]

    @get("/")
    async def free(
        self,
        code: FromPath[str],
        kind: FromQuery[str] = "counter_appointment",
        from_: Annotated[date | None, QueryParameter(name="from")] = None,
    ) -> list[FreeWindowOut]:
        """An office's windows of one kind on the next working days, with the places left."""
        if kind not in KINDS:
            raise Problem(400, "window_kind_unknown")
        office = await Office.select(Office.id).where(Office.code == code).first()
        if office is None:
            raise Problem(404, "office_not_found")
        rows = await rules.windows_for(int(office["id"]), kind, clock.now(), get_settings(), from_)
        return [free_window_out(row) for row in rows]


class BookingApi(Controller):
    path = "/api/v1/dossiers/{dossier_id:int}"
    tags = ["scheduling"]
    guards = [require_citizen]

    @get("/booking/windows")
    async def windows(self, request: Req, dossier_id: FromPath[int]) -> list[FreeWindowOut]:
        """The windows this dossier can be booked in (its office, the kind its channel calls for)."""
        dossier = await dossier_for(principal_of(request), dossier_id)
        kind = await rules.booking_kind(dossier)
        rows = await rules.windows_for(int(dossier["office"]), kind, clock.now(), get_settings())
        return [free_window_out(row) for row in rows]

    @get("/booking")
    async def show(self, request: Req, dossier_id: FromPath[int]) -> BookingOut:
        principal = principal_of(request)
        await dossier_for(principal, dossier_id)
        booking = await live_booking(principal, dossier_id)
        if booking is None:
            raise Problem(404, "booking_not_found")
        return booking_out(booking, request_locale(request))

    @post(
        "/booking",
        status_code=201,
        responses={
            409: ResponseSpec(
                data_container=WindowFullProblem,
                description="window-full (with next_free), booking-exists or booking-cutoff-passed",
                media_type="application/problem+json",
            )
        },
    )
    async def book(self, request: Req, dossier_id: FromPath[int], data: JSONBody[BookingIn]) -> BookingOut:
        """Book a window: 409 `window-full` (with `next_free`) when no place is left, 409
        `booking-exists` when the dossier already has one, 422 for an unserved ward or bad phone."""
        row = await rules.book(
            principal_of(request), dossier_id, choice_of(data), now=clock.now(), settings=get_settings()
        )
        return booking_out(row, request_locale(request))

    @patch("/booking")
    async def reschedule(
        self, request: Req, dossier_id: FromPath[int], data: JSONBody[BookingIn]
    ) -> BookingOut:
        """Move the booking (and/or change where and how to reach the citizen) before the cut-off."""
        row = await rules.reschedule(
            principal_of(request), dossier_id, choice_of(data), now=clock.now(), settings=get_settings()
        )
        return booking_out(row, request_locale(request))

    @delete("/booking", status_code=200)
    async def cancel(self, request: Req, dossier_id: FromPath[int]) -> BookingOut:
        row = await rules.cancel(principal_of(request), dossier_id, now=clock.now(), settings=get_settings())
        return booking_out(row, request_locale(request))

    @get("/booking.ics", media_type="text/calendar")
    async def ics(self, request: Req, dossier_id: FromPath[int]) -> Response[bytes]:
        return await calendar_file(request, dossier_id)


class CapacityApi(Controller):
    path = "/api/v1/office"
    tags = ["scheduling"]
    guards = [require_role("supervisor", "admin")]

    @get("/windows")
    async def list_windows(self, request: Req) -> list[CapacityWindowOut]:
        return [window_out(row) for row in await windows.office_windows(principal_of(request))]

    @post("/windows", status_code=201)
    async def create(self, request: Req, data: JSONBody[CapacityWindowIn]) -> CapacityWindowOut:
        row = await windows.create_window(
            principal_of(request), data.kind, parse_hhmm(data.starts), parse_hhmm(data.ends), data.capacity
        )
        return window_out(row)

    @patch("/windows/{window_id:int}")
    async def change(
        self, request: Req, window_id: FromPath[int], data: JSONBody[CapacityWindowPatch]
    ) -> CapacityWindowOut:
        row = await windows.update_window(
            principal_of(request),
            window_id,
            capacity=data.capacity,
            active=data.active,
            today=clock.today(),
        )
        return window_out(row)

    @put("/wards")
    async def wards(self, request: Req, data: JSONBody[WardsIn]) -> WardsOut:
        """The wards the office serves for home appointments and postal pickup."""
        return WardsOut(wards=await windows.set_served_wards(principal_of(request), data.wards))
