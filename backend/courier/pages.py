"""Pages: the citizen's pickup code, and the courier app (route, scanner, handoff forms, the
offline shell). Every form works without JavaScript; pwa/static/js adds the camera and the
offline queue on top."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State, UploadFile
from litestar.params import FromPath
from litestar.response import Template

from auth import audit
from auth.guards import principal_of, require_citizen, require_role
from backend import clock
from backend.courier import handoffs
from backend.courier.access import booking_for_citizen, booking_for_staff
from backend.courier.codes import get_or_create
from backend.courier.photo import Photo
from backend.courier.pickup import purpose_for, qr_png, qr_svg
from backend.courier.route import card, today
from backend.courier.scan import scan
from backend.courier.schemas import HandoffIn, handoff_out
from backend.errors import Problem
from backend.web import page_context, request_locale, wants_json

Req = Request[Any, Any, Any]
NO_STORE = {"Cache-Control": "no-store"}


def _page(request: Req, name: str, status: int = 200, **context: Any) -> Template:
    return Template(name, context=page_context(request, **context), status_code=status, headers=NO_STORE)


class PickupCodePages(Controller):
    path = "/bookings"
    include_in_schema = False
    guards = [require_citizen]

    async def _code(self, request: Req, state: State, booking_id: int) -> tuple[dict[str, Any], Any]:
        booking = await booking_for_citizen(principal_of(request), booking_id)
        purpose = await purpose_for(booking)
        return booking, await get_or_create(state.settings, booking_id, purpose, clock.now())

    @get("/{booking_id:int}/pickup-code")
    async def page(self, request: Req, state: State, booking_id: FromPath[int]) -> Template:
        try:
            booking, code = await self._code(request, state, booking_id)
        except Problem as problem:
            if problem.code != "pickup_code_not_found":
                raise
            booking = await booking_for_citizen(principal_of(request), booking_id)
            return _page(request, "courier/pickup_code.html", booking=booking, code=None)
        return _page(request, "courier/pickup_code.html", booking=booking, code=code, qr=qr_svg(code.token))

    @get("/{booking_id:int}/pickup-code.png")
    async def png(self, request: Req, state: State, booking_id: FromPath[int]) -> Response[bytes]:
        _, code = await self._code(request, state, booking_id)
        return Response(qr_png(code.token), media_type="image/png", headers=NO_STORE)


def _handoff_in(form: Any, principal_id: int) -> HandoffIn:
    def text(name: str) -> str | None:
        value = str(form.get(name) or "").strip()
        return value or None

    raw: dict[str, Any] = {
        "client_event_id": text("client_event_id") or uuid.uuid4().hex,
        "kind": text("kind") or "",
        "booking_id": int(text("booking_id") or 0) or None,
        "token": text("token"),
        "short_code": text("short_code"),
        "seal_number": text("seal_number") or "",
        "documents_checked": [str(v) for v in form.getall("documents_checked", [])],
        "device_id": text("device_id") or "",
        "client_at": text("client_at"),
        "latitude": float(text("latitude") or "nan") if text("latitude") else None,
        "longitude": float(text("longitude") or "nan") if text("longitude") else None,
        "owner_id": int(text("owner_id") or principal_id),
    }
    try:
        return msgspec.convert(raw, HandoffIn, strict=False)
    except (msgspec.ValidationError, ValueError):
        raise Problem(422, "handoff_invalid") from None


async def _photo(field: Any) -> Photo | None:
    """The sealed package's photo from a multipart form, if one was chosen."""
    if not isinstance(field, UploadFile):
        return None
    data = await field.read()
    return Photo(data, field.filename, field.content_type) if data else None


class CourierPages(Controller):
    path = "/courier"
    include_in_schema = False
    guards = [require_role("courier")]

    @get("/")
    async def home(self, request: Req) -> Template:
        principal = principal_of(request)
        cards = await today(principal, clock.today(), request_locale(request))
        return _page(request, "courier/home.html", cards=cards, courier_id=principal.id)

    @get("/scan")
    async def scanner(self, request: Req) -> Template:
        return _page(request, "courier/scan.html", courier_id=principal_of(request).id)

    @post("/scan")
    async def scanned(self, request: Req, state: State) -> Template:
        form = await request.form()
        token, short = str(form.get("token") or "").strip(), str(form.get("short_code") or "").strip()
        principal = principal_of(request)
        try:
            code, booking = await scan(
                state.settings,
                principal,
                token or None,
                short or None,
                clock.now(),
                audit.client_ip(request),
            )
        except Problem as problem:
            return _page(
                request, "courier/scan.html", problem.status_code, courier_id=principal.id, error=problem.code
            )
        return await self._booking_page(request, booking, str(code["purpose"]), token=token, short_code=short)

    @get("/bookings/{booking_id:int}")
    async def booking(self, request: Req, booking_id: FromPath[int]) -> Template:
        row = await booking_for_staff(principal_of(request), booking_id)
        return await self._booking_page(request, row, None)

    async def _booking_page(
        self, request: Req, row: dict[str, Any], purpose: str | None, token: str = "", short_code: str = ""
    ) -> Template:
        shown = await card(row, request_locale(request), purpose)
        return _page(
            request,
            "courier/booking.html",
            card=shown,
            courier_id=principal_of(request).id,
            client_event_id=uuid.uuid4().hex,
            token=token,
            short_code=short_code,
            needs_code=shown.next_step in handoffs.CODE_FOR_STEP,
        )

    @post("/handoffs")
    async def handoff(self, request: Req, state: State) -> Response[Any] | Template:
        """The handoff form; the offline queue posts the same fields and asks for JSON."""
        principal = principal_of(request)
        form = await request.form()
        data = _handoff_in(form, principal.id)
        row, created = await handoffs.record(
            state.settings,
            principal,
            data,
            clock.now(),
            audit.client_ip(request),
            await _photo(form.get("seal_photo")),
        )
        if wants_json(request):
            return Response(handoff_out(row), status_code=201 if created else 200, headers=NO_STORE)
        return _page(request, "courier/recorded.html", 201 if created else 200, event=handoff_out(row))


class CourierShell(Controller):
    """The courier app's offline shell: no data in it (the device's queue fills it in), so the
    service worker may keep it and anyone may load it."""

    include_in_schema = False

    @get("/courier/offline")
    async def offline(self, request: Req) -> Template:
        return Template(
            "courier/offline.html",
            context=page_context(request),
            headers={"Cache-Control": "no-cache"},
        )
