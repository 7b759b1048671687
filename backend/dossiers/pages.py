"""Citizen dossier pages: apply from a procedure page, fill the form one step per page (drafts
saved at every step, verified data prefilled read-only), review, choose office and channel,
submit; then the dossier list and each dossier's status, due date and timeline.

Plain HTML forms with the CSRF token; they work without JavaScript. Every decision is made by
backend/dossiers/rules.py; these handlers only translate between forms and those functions.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.params import FromPath
from litestar.response import Redirect, Template

from auth.guards import principal_of, require_citizen
from auth.pages import FormBody
from backend.dossiers import rules
from backend.dossiers.access import COLUMNS, dossier_for, visible_to
from backend.dossiers.prefill import verified_answers, with_verified
from backend.dossiers.schemas import summary
from backend.dossiers.tables import Dossier
from backend.errors import Problem
from backend.population.client import SOURCE_KEY
from backend.procedures.rules import get_procedure
from backend.uploads.wallet_pages import citizen_panel
from backend.web import page_context, request_locale
from i18n import translate

Req = Request[Any, Any, Any]


def _page(request: Req, name: str, status: int = 200, **context: Any) -> Template:
    return Template(
        name,
        context=page_context(request, **context),
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )


def _messages(request: Req, exc: rules.AnswersInvalid) -> dict[str, str]:
    locale = request_locale(request)
    return {field: translate(locale, key, **params) for field, key, params in exc.field_errors}


class DossierPages(Controller):
    path = "/dossiers"
    include_in_schema = False
    guards = [require_citizen]

    @get("/")
    async def list_page(self, request: Req) -> Template:
        rows = (
            await Dossier.select(*COLUMNS)
            .where(visible_to(principal_of(request)))
            .order_by(Dossier.id, ascending=False)
            .output(load_json=True)
        )
        locale = request_locale(request)
        return _page(request, "dossiers/list.html", dossiers=[summary(row, locale) for row in rows])

    @post("/new")
    async def start(self, request: Req, state: State, data: FormBody) -> Redirect:
        principal = principal_of(request)
        verified = await verified_answers(state, principal)
        row = await rules.create_draft(
            principal, data.get("procedure_code", ""), verified, now=datetime.now(UTC)
        )
        return Redirect(path=f"/dossiers/{row['id']}/steps/1", status_code=303)

    @get("/{dossier_id:int}")
    async def detail_page(self, request: Req, dossier_id: FromPath[int]) -> Template:
        row = await dossier_for(principal_of(request), dossier_id)
        events = await rules.timeline(dossier_id, citizen_view=True)
        return _page(
            request,
            "dossiers/detail.html",
            dossier=row,
            events=events,
            locale_name=request_locale(request),
            uploads=await citizen_panel(row),
        )

    async def _step(
        self, request: Req, state: State, dossier_id: int, number: int
    ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, str]]:
        row = await dossier_for(principal_of(request), dossier_id)
        procedure = await get_procedure(row["procedure_code"])
        steps = procedure["form"]["steps"]
        if row["status"] != "draft" or not 1 <= number <= len(steps):
            raise Problem(404, "dossier_not_found")
        return row, procedure, steps[number - 1], await verified_answers(state, principal_of(request))

    def _render_step(
        self,
        request: Req,
        row: dict[str, Any],
        procedure: dict[str, Any],
        number: int,
        verified: dict[str, str],
        answers: dict[str, Any],
        errors: dict[str, str],
        status: int = 200,
    ) -> Template:
        form = procedure["form"]
        return _page(
            request,
            "dossiers/step.html",
            status,
            dossier=row,
            procedure=procedure,
            step=form["steps"][number - 1],
            number=number,
            total=len(form["steps"]),
            properties=form["schema"]["properties"],
            required=form["schema"].get("required", []),
            labels=form["labels"],
            verified=verified,
            source_key=SOURCE_KEY,
            answers=answers,
            errors=errors,
        )

    @get("/{dossier_id:int}/steps/{number:int}")
    async def step_page(
        self, request: Req, state: State, dossier_id: FromPath[int], number: FromPath[int]
    ) -> Template:
        row, procedure, _, verified = await self._step(request, state, dossier_id, number)
        answers = with_verified(row["answers"], verified)
        return self._render_step(request, row, procedure, number, verified, answers, {})

    @post("/{dossier_id:int}/steps/{number:int}")
    async def save_step(
        self, request: Req, state: State, dossier_id: FromPath[int], number: FromPath[int], data: FormBody
    ) -> Template | Redirect:
        row, procedure, step, verified = await self._step(request, state, dossier_id, number)
        answers = with_verified({name: data.get(name, "") for name in step["fields"]}, verified)
        try:
            await rules.save_step(principal_of(request), dossier_id, step["fields"], answers)
        except rules.AnswersInvalid as exc:
            return self._render_step(
                request, row, procedure, number, verified, answers, _messages(request, exc), 422
            )
        last = number >= len(procedure["form"]["steps"])
        target = f"/dossiers/{dossier_id}/review" if last else f"/dossiers/{dossier_id}/steps/{number + 1}"
        return Redirect(path=target, status_code=303)

    async def _review(
        self, request: Req, dossier_id: int, errors: dict[str, str], status: int = 200
    ) -> Template:
        row = await dossier_for(principal_of(request), dossier_id)
        procedure = await get_procedure(row["procedure_code"])
        return _page(
            request,
            "dossiers/review.html",
            status,
            dossier=row,
            procedure=procedure,
            offices=await rules.offices_for(procedure),
            errors=errors,
        )

    @get("/{dossier_id:int}/review")
    async def review_page(self, request: Req, dossier_id: FromPath[int]) -> Template:
        return await self._review(request, dossier_id, {})

    @post("/{dossier_id:int}/submit")
    async def submit(self, request: Req, dossier_id: FromPath[int], data: FormBody) -> Template | Redirect:
        """Submitting twice (double tap, back and submit again) leaves one submitted dossier."""
        principal = principal_of(request)
        row = await dossier_for(principal, dossier_id)
        if row["status"] != "draft":
            return Redirect(path=f"/dossiers/{dossier_id}", status_code=303)
        try:
            await rules.update_draft(
                principal,
                dossier_id,
                None,
                office_code=data.get("office_code") or None,
                channel=data.get("channel") or None,
            )
            await rules.submit(principal, dossier_id, now=datetime.now(UTC))
        except rules.AnswersInvalid as exc:
            return await self._review(request, dossier_id, _messages(request, exc), 422)
        return Redirect(path=f"/dossiers/{dossier_id}", status_code=303)
