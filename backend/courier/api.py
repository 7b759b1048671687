"""The courier API: scan a code, record a handoff (exactly once), the day's route; and the
citizen's own pickup code."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.params import FromPath, FromQuery, JSONBody

from auth import audit
from auth.guards import principal_of, require_citizen, require_role
from backend import clock
from backend.courier import handoffs
from backend.courier.access import booking_for_citizen
from backend.courier.codes import get_or_create
from backend.courier.pickup import purpose_for
from backend.courier.route import card, today
from backend.courier.scan import scan
from backend.courier.schemas import BookingCard, HandoffIn, HandoffOut, ScanIn, handoff_out
from backend.web import request_locale

Req = Request[Any, Any, Any]
SCANNER_ROLES = ("courier", "officer", "supervisor")


class PickupCodeOut(msgspec.Struct):
    booking_id: int
    purpose: str
    token: str
    short_code: str
    expires_at: datetime


class CourierApi(Controller):
    path = "/api/v1/courier"
    tags = ["courier"]
    guards = [require_role(*SCANNER_ROLES)]

    @post("/scan", status_code=200)
    async def scan_code(self, request: Req, state: State, data: JSONBody[ScanIn]) -> BookingCard:
        """The booking a QR token or typed short code names (the caller's unit or office only)."""
        code, booking = await scan(
            state.settings,
            principal_of(request),
            data.token,
            data.short_code,
            clock.now(),
            audit.client_ip(request),
        )
        return await card(booking, request_locale(request), str(code["purpose"]))

    @post("/handoffs")
    async def handoff(self, request: Req, state: State, data: JSONBody[HandoffIn]) -> Response[HandoffOut]:
        """Record a custody step: 201 the first time, 200 with the same event when replayed."""
        row, created = await handoffs.record(
            state.settings, principal_of(request), data, clock.now(), audit.client_ip(request)
        )
        return Response(handoff_out(row), status_code=201 if created else 200)

    @get("/today")
    async def route(self, request: Req, day: FromQuery[date | None] = None) -> list[BookingCard]:
        """Pickups of the day and open errands of the caller's unit, by ward then window."""
        chosen = day or clock.today()
        return await today(principal_of(request), chosen, request_locale(request))


class PickupCodeApi(Controller):
    path = "/api/v1/bookings"
    tags = ["courier"]
    guards = [require_citizen]

    @get("/{booking_id:int}/pickup-code")
    async def pickup_code(self, request: Req, state: State, booking_id: FromPath[int]) -> PickupCodeOut:
        """The citizen's current code for their booking (pickup, or delivery of the result)."""
        booking = await booking_for_citizen(principal_of(request), booking_id)
        purpose = await purpose_for(booking)
        code = await get_or_create(state.settings, booking_id, purpose, clock.now())
        return PickupCodeOut(booking_id, code.purpose, code.token, code.short_code, code.expires_at)
