"""Citizen dossier pages: apply from a procedure page, fill the form one step per page (drafts
saved at every step, verified data prefilled read-only), review, choose office and channel,
submit; then the dossier list and each dossier's status, due date and timeline.

Plain HTML forms with the CSRF token; they work without JavaScript. Every decision is made by
backend/dossiers/rules.py; these handlers only translate between forms and those functions.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.params import FromPath
from litestar.response import Redirect, Template

from auth.guards import principal_of, require_citizen
from auth.pages import FormBody
from backend import clock
from backend.dossiers import rules
from backend.dossiers.access import dossier_for, dossier_with_timeline
from backend.dossiers.fees import fee_view
from backend.dossiers.journey import step_label
from backend.dossiers.papers import HANDOVER_CHANNELS, hand_over_allowed, papers_of
from backend.dossiers.prefill import verified_answers, with_verified
from backend.dossiers.state import RATINGS, actions_from
from backend.errors import Problem
from backend.home.asks import dossiers_with_asks
from backend.population.client import SOURCE_KEY
from backend.procedures.rules import get_procedure
from backend.scheduling.pages import booking_context
from backend.uploads.wallet_pages import citizen_panel
from backend.web import page_context, problem_text, request_locale
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


async def _detail(request: Req, dossier_id: int, problem: Problem | None = None) -> Template:
    """The dossier page; with `problem`, its reason on top and its status code."""
    row, events = await dossier_with_timeline(principal_of(request), dossier_id)
    locale = request_locale(request)
    error = translate(locale, f"problem.{problem.code}.title", **problem.params) if problem else ""
    steps: dict[str, Any] = {}
    if row["status"] == "submitted":  # paying and booking are the journey's last steps
        procedure = await get_procedure(row["procedure_code"])
        steps = {key: step_label(procedure, row, key) for key in ("pay", "book")}
    return _page(
        request,
        "dossiers/detail.html",
        problem.status_code if problem else 200,
        dossier=row,
        events=events,
        actions=actions_from(row["status"], "citizen"),
        ratings=RATINGS,
        error=error,
        locale_name=locale,
        fee=await fee_view(row),
        journey_steps=steps,
        uploads=await citizen_panel(row),
        **await booking_context(principal_of(request), row),
    )


async def _act(request: Req, dossier_id: int, action: str, note: str) -> Template | Redirect:
    """A citizen transition through rules.apply, as the API does; a refusal is shown, not raised."""
    principal = principal_of(request)
    row = await dossier_for(principal, dossier_id)
    try:
        await rules.apply(principal, row, action, note=note[:1000], now=clock.now())
    except Problem as problem:
        if problem.status_code == 404:
            raise
        return await _detail(request, dossier_id, problem)
    return Redirect(path=f"/dossiers/{dossier_id}", status_code=303)


async def _confirm_withdraw(request: Req, dossier_id: int) -> Template:
    row = await dossier_for(principal_of(request), dossier_id)
    if "withdraw" not in actions_from(row["status"], "citizen"):
        problem = Problem(409, "transition_not_allowed", status=row["status"], action="withdraw")
        return await _detail(request, dossier_id, problem)
    return _page(request, "dossiers/withdraw.html", dossier=row)


class DossierPages(Controller):
    path = "/dossiers"
    include_in_schema = False
    guards = [require_citizen]

    @get("/")
    async def list_page(self, request: Req) -> Template:
        """Every dossier of the citizen, newest first, each with what it asks of them."""
        return _page(request, "dossiers/list.html", mine=await dossiers_with_asks(principal_of(request)))

    @post("/new")
    async def start(self, request: Req, state: State, data: FormBody) -> Redirect:
        principal = principal_of(request)
        verified = await verified_answers(state, principal)
        row = await rules.create_draft(principal, data.get("procedure_code", ""), verified, now=clock.now())
        return Redirect(path=f"/dossiers/{row['id']}/steps/1", status_code=303)

    @get("/{dossier_id:int}")
    async def detail_page(self, request: Req, dossier_id: FromPath[int]) -> Template:
        return await _detail(request, dossier_id)

    @post("/{dossier_id:int}/supplement")
    async def supplement(
        self, request: Req, dossier_id: FromPath[int], data: FormBody
    ) -> Template | Redirect:
        """Answer a supplement request: the citizen's note goes on the timeline, the clock restarts."""
        return await _act(request, dossier_id, "supplement", data.get("note", ""))

    @get("/{dossier_id:int}/withdraw")
    async def withdraw_page(self, request: Req, dossier_id: FromPath[int]) -> Template:
        """Ask before withdrawing; only statuses that allow it offer the button."""
        return await _confirm_withdraw(request, dossier_id)

    @post("/{dossier_id:int}/withdraw")
    async def withdraw(self, request: Req, dossier_id: FromPath[int], data: FormBody) -> Template | Redirect:
        if data.get("confirm") != "yes":  # only the confirmation page's button withdraws
            return await _confirm_withdraw(request, dossier_id)
        return await _act(request, dossier_id, "withdraw", data.get("note", ""))

    @post("/{dossier_id:int}/rating")
    async def rate(self, request: Req, dossier_id: FromPath[int], data: FormBody) -> Template | Redirect:
        """Once, after the result was returned; a second rating shows why and changes nothing."""
        try:
            await rules.rate(
                principal_of(request), dossier_id, data.get("rating", ""), data.get("comment", "")
            )
        except Problem as problem:
            if problem.status_code == 404:
                raise
            return await _detail(request, dossier_id, problem)
        return Redirect(path=f"/dossiers/{dossier_id}", status_code=303)

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
            journey=step_label(procedure, row, f"form-{number}"),
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
        # After the form come the papers (backend/uploads/pages.py), then the review.
        target = f"/dossiers/{dossier_id}/files" if last else f"/dossiers/{dossier_id}/steps/{number + 1}"
        return Redirect(path=target, status_code=303)

    async def _review(
        self, request: Req, dossier_id: int, errors: dict[str, str], status: int = 200, error: str = ""
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
            papers=await papers_of(row),
            handover_channels=HANDOVER_CHANNELS,
            journey=step_label(procedure, row, "review"),
            errors=errors,
            error=error,
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
            await rules.submit(principal, dossier_id, now=clock.now())
        except rules.AnswersInvalid as exc:
            return await self._review(request, dossier_id, _messages(request, exc), 422)
        except Problem as problem:
            if problem.status_code == 404:
                raise
            text = problem_text(request_locale(request), problem)
            return await self._review(request, dossier_id, {}, problem.status_code, error=text)
        return Redirect(path=f"/dossiers/{dossier_id}", status_code=303)

    @post("/{dossier_id:int}/handover")
    async def hand_over(self, request: Req, dossier_id: FromPath[int], data: FormBody) -> Redirect:
        """ "I will hand the papers over": the draft takes that channel, then the review."""
        channel = data.get("channel", "")
        if not hand_over_allowed(channel):
            raise Problem(422, "channel_not_allowed")
        await rules.update_draft(principal_of(request), dossier_id, None, channel=channel)
        return Redirect(path=f"/dossiers/{dossier_id}/review", status_code=303)
