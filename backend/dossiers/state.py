"""The one-stop process as a table: which action moves which status, by whom.

draft → submitted → received (due date set) → processing ⇄ waiting_for_supplement (clock stops)
→ approved / rejected → result_ready → returned; plus refused (at reception) and withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass

STATUSES = (
    "draft",
    "submitted",
    "received",
    "processing",
    "waiting_for_supplement",
    "approved",
    "rejected",
    "result_ready",
    "returned",
    "refused",
    "withdrawn",
)
RATINGS = ("satisfied", "acceptable", "not_satisfied")  # the citizen's rating after return
OFFICE_ROLES = frozenset({"officer", "supervisor"})


@dataclass(frozen=True, slots=True)
class Transition:
    sources: frozenset[str]
    target: str
    actor: str  # "citizen" or "staff"
    note_required: bool = False


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(frozenset({"draft"}), "submitted", "citizen"),
    "withdraw": Transition(
        frozenset({"draft", "submitted", "waiting_for_supplement"}), "withdrawn", "citizen"
    ),
    "receive": Transition(frozenset({"submitted"}), "received", "staff"),
    "refuse": Transition(frozenset({"submitted"}), "refused", "staff", note_required=True),
    "start": Transition(frozenset({"received"}), "processing", "staff"),
    "request_supplement": Transition(
        frozenset({"received", "processing"}), "waiting_for_supplement", "staff", note_required=True
    ),
    "supplement": Transition(frozenset({"waiting_for_supplement"}), "processing", "citizen"),
    "approve": Transition(frozenset({"processing"}), "approved", "staff"),
    "reject": Transition(frozenset({"processing"}), "rejected", "staff", note_required=True),
    "result_ready": Transition(frozenset({"approved", "rejected"}), "result_ready", "staff"),
    "return": Transition(frozenset({"result_ready"}), "returned", "staff"),
}
STAFF_ACTIONS = tuple(name for name, t in TRANSITIONS.items() if t.actor == "staff")


def actions_from(status: str, actor: str) -> list[str]:
    """What `actor` may do to a dossier in `status` (buttons on the pages)."""
    return [name for name, t in TRANSITIONS.items() if t.actor == actor and status in t.sources]
