"""The citizen's dossier API: drafts, submission, their own dossiers, supplements and rating."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, patch, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, JSONBody

from auth.guards import principal_of, require_citizen
from backend import clock
from backend.dossiers import rules
from backend.dossiers.access import COLUMNS, dossier_for, dossier_with_timeline, visible_to
from backend.dossiers.schemas import (
    ActionIn,
    DossierIn,
    DossierOut,
    DossierSummary,
    DraftUpdateIn,
    RatingIn,
    detail,
    summary,
)
from backend.dossiers.tables import Dossier
from backend.errors import Problem
from backend.uploads.api import UPLOAD_BODY_LIMIT, receive_upload
from backend.uploads.dossier_files import dossier_taking_files
from backend.uploads.schemas import StoredFileOut, UploadForm
from backend.web import request_locale
from i18n import translate

Req = Request[Any, Any, Any]


def translated(exc: rules.AnswersInvalid, locale: str) -> Problem:
    errors = [
        {"field": field, "message": translate(locale, key, **params)}
        for field, key, params in exc.field_errors
    ]
    return Problem(422, "answers_invalid", errors=errors)


def idempotency_key(request: Req) -> str | None:
    key = request.headers.get("idempotency-key", "").strip()
    if key and (len(key) > 100 or not key.isprintable()):
        raise Problem(400, "idempotency_key_invalid")
    return key or None


async def respond(request: Req, row: dict[str, Any]) -> DossierOut:
    events = await rules.timeline(row["id"], citizen_view=True)
    return detail(row, request_locale(request), events, "citizen")


class DossiersApi(Controller):
    path = "/api/v1/dossiers"
    tags = ["dossiers"]
    guards = [require_citizen]

    @post("/", status_code=201)
    async def create(self, request: Req, data: JSONBody[DossierIn]) -> DossierOut:
        """Create a draft. The same `Idempotency-Key` again returns the same draft."""
        try:
            row = await rules.create_draft(
                principal_of(request),
                data.procedure_code,
                data.answers,
                office_code=data.office_code,
                channel=data.channel,
                idempotency_key=idempotency_key(request),
                now=clock.now(),
            )
        except rules.AnswersInvalid as exc:
            raise translated(exc, request_locale(request)) from None
        return await respond(request, row)

    @get("/")
    async def list_mine(self, request: Req) -> list[DossierSummary]:
        rows = (
            await Dossier.select(*COLUMNS)
            .where(visible_to(principal_of(request)))
            .order_by(Dossier.id, ascending=False)
            .output(load_json=True)
        )
        return [summary(row, request_locale(request)) for row in rows]

    @get("/{dossier_id:int}")
    async def get_one(self, request: Req, dossier_id: FromPath[int]) -> DossierOut:
        """Status, due date, timeline and what the citizen may do now (one database read)."""
        row, events = await dossier_with_timeline(principal_of(request), dossier_id)
        return detail(row, request_locale(request), events, "citizen")

    @patch("/{dossier_id:int}")
    async def save_draft(
        self, request: Req, dossier_id: FromPath[int], data: JSONBody[DraftUpdateIn]
    ) -> DossierOut:
        try:
            row = await rules.update_draft(
                principal_of(request),
                dossier_id,
                data.answers,
                office_code=data.office_code,
                channel=data.channel,
            )
        except rules.AnswersInvalid as exc:
            raise translated(exc, request_locale(request)) from None
        return await respond(request, row)

    @post("/{dossier_id:int}/submit", status_code=200)
    async def submit(self, request: Req, dossier_id: FromPath[int]) -> DossierOut:
        """Submit a draft; repeating it (same or no `Idempotency-Key`) changes nothing more."""
        idempotency_key(request)
        try:
            row = await rules.submit(principal_of(request), dossier_id, now=clock.now())
        except rules.AnswersInvalid as exc:
            raise translated(exc, request_locale(request)) from None
        return await respond(request, row)

    @post("/{dossier_id:int}/withdraw", status_code=200)
    async def withdraw(
        self, request: Req, dossier_id: FromPath[int], data: JSONBody[ActionIn | None] = None
    ) -> DossierOut:
        principal = principal_of(request)
        row = await dossier_for(principal, dossier_id)
        return await respond(
            request,
            await rules.apply(principal, row, "withdraw", note=data.note if data else "", now=clock.now()),
        )

    @post("/{dossier_id:int}/supplement", status_code=200)
    async def supplement(
        self, request: Req, dossier_id: FromPath[int], data: JSONBody[ActionIn | None] = None
    ) -> DossierOut:
        """The citizen has provided what was asked; the clock restarts."""
        principal = principal_of(request)
        row = await dossier_for(principal, dossier_id)
        moved = await rules.apply(
            principal, row, "supplement", note=data.note if data else "", now=clock.now()
        )
        return await respond(request, moved)

    @post("/{dossier_id:int}/rating", status_code=200)
    async def rate(self, request: Req, dossier_id: FromPath[int], data: JSONBody[RatingIn]) -> DossierOut:
        row = await rules.rate(principal_of(request), dossier_id, data.rating, data.comment)
        return await respond(request, row)

    @post("/{dossier_id:int}/files", status_code=201, request_max_body_size=UPLOAD_BODY_LIMIT)
    async def add_file(
        self,
        request: Req,
        dossier_id: FromPath[int],
        data: Annotated[UploadForm, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> StoredFileOut:
        """One page (photo) or PDF of the required document `document`, while the dossier is a
        draft or waits for a supplement. Answers the stored file with its quality warnings."""
        await dossier_taking_files(principal_of(request), dossier_id, data.document)
        return await receive_upload(request, data, dossier_id=dossier_id)
