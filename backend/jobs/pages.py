"""The operator's page for the job engine (/counter/jobs, admins only): runs queued, running,
failed and dead per job, the newest runs in one state, and a button that retries a dead run.
The same figures are on /metrics (backend/metrics/gauges.py)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from auth import audit
from auth.guards import principal_of, require_role
from backend.errors import Problem
from backend.jobs import monitor
from backend.web import page_context, request_locale
from i18n import translate

Req = Request[Any, Any, Any]


class JobPages(Controller):
    path = "/counter/jobs"
    include_in_schema = False
    guards = [require_role("admin")]

    async def _page(self, request: Req, state: str, error: str = "", status: int = 200) -> Template:
        if state not in monitor.STATES:
            raise Problem(404, "not_found")
        return Template(
            "jobs/jobs.html",
            context=page_context(
                request,
                counts=await monitor.counts(),
                workers=await monitor.workers(),
                states=monitor.STATES,
                state=state,
                runs=await monitor.runs(state),
                error=error,
                retried=request.query_params.get("retried", ""),
            ),
            status_code=status,
            headers={"Cache-Control": "no-store"},
        )

    @get("/")
    async def jobs_page(self, request: Req) -> Template:
        return await self._page(request, request.query_params.get("state", "dead"))

    @post("/{job_id:int}/retry")
    async def retry(self, request: Req, job_id: FromPath[int]) -> Template | Redirect:
        try:
            await monitor.retry_dead(request.app.state.settings, job_id)
        except Problem as problem:
            if problem.status_code == 404:
                raise
            message = translate(request_locale(request), f"problem.{problem.code}.title")
            return await self._page(request, "dead", message, problem.status_code)
        await audit.record(
            "job_retried",
            actor=principal_of(request),
            target_kind="job",
            target_id=job_id,
            ip=audit.client_ip(request),
        )
        return Redirect(path=f"/counter/jobs?state=dead&retried={job_id}", status_code=303)
