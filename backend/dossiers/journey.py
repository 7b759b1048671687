"""The citizen's whole journey through one dossier, as numbered steps: each page of the form,
the papers, the review, then paying (when there is a fee) and booking (when someone comes to
the door). Pages label themselves "Bước 2/5: Giấy tờ" from this list, so the count is the same
on every page and changes only when the citizen picks another channel.
"""

from __future__ import annotations

from typing import Any

# Channels that need a time at the citizen's door (backend/scheduling/rules.AT_HOME agrees; a
# test keeps the two equal).
AT_HOME_CHANNELS = ("postal_pickup", "home_appointment")


def journey_steps(procedure: dict[str, Any], dossier: dict[str, Any]) -> list[dict[str, str]]:
    """[{"key", "title_vi", "title_en"} or {"key", "title_key"}...]: form steps keep the
    procedure's own titles, the others name a catalog entry."""
    steps: list[dict[str, str]] = [
        {"key": f"form-{n}", "title_vi": s["title_vi"], "title_en": s.get("title_en") or s["title_vi"]}
        for n, s in enumerate(procedure["form"]["steps"], start=1)
    ]
    steps.append({"key": "papers", "title_key": "journey.papers"})
    steps.append({"key": "review", "title_key": "journey.review"})
    if int(dossier.get("fee_vnd") or 0) > 0:
        steps.append({"key": "pay", "title_key": "journey.pay"})
    if dossier.get("channel") in AT_HOME_CHANNELS:
        steps.append({"key": "book", "title_key": "journey.book"})
    return steps


def step_label(procedure: dict[str, Any], dossier: dict[str, Any], key: str) -> dict[str, Any] | None:
    """The step `key` with its "number" and the journey's "total", or None when it has no such step."""
    steps = journey_steps(procedure, dossier)
    for number, step in enumerate(steps, start=1):
        if step["key"] == key:
            return {"number": number, "total": len(steps), **step}
    return None
