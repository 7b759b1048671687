"""The counter API's new-due-date action (backend/dossiers/due_change.py)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.params import FromPath, JSONBody

from auth.guards import principal_of, require_role
from backend import clock
from backend.dossiers.counter_api import staff_view
from backend.dossiers.due_change import set_new_due_date
from backend.dossiers.schemas import DossierOut, DueDateIn

Req = Request[Any, Any, Any]


class CounterDueDateApi(Controller):
    path = "/api/v1/counter/dossiers/{dossier_id:int}/due-date"
    tags = ["counter"]
    guards = [require_role("officer", "supervisor")]

    @post("/", status_code=200)
    async def set_due_date(
        self, request: Req, dossier_id: FromPath[int], data: JSONBody[DueDateIn]
    ) -> DossierOut:
        """Set a new due date with the reason; the citizen gets the apology with the new date.
        409 unless the dossier is overdue or due within one working day; 422 for a date that is
        not a later working day or a missing reason."""
        moved = await set_new_due_date(
            principal_of(request), dossier_id, data.new_due_date, data.reason, now=clock.now()
        )
        return await staff_view(request, moved)
