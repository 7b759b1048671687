"""The papers of a dossier: what the procedure requires, how many pages the citizen gave for
each, and the rule that an online submission carries every required paper.

A paper is "given" when at least one page of it is attached to the dossier (photographed,
uploaded or reused from the wallet). On a channel where someone takes the papers by hand (the
courier at the door, the officer at the counter or at home) the citizen may hand them over
then instead; online, nobody ever would, so the submission is refused and names what is missing.
"""

from __future__ import annotations

from typing import Any

from backend.errors import Problem
from backend.uploads.tables import StoredFile

# Channels on which a person receives the papers on paper.
HANDOVER_CHANNELS = ("postal_pickup", "home_appointment", "counter")


async def papers_of(dossier: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per required document: key, names, pages expected, pages given."""
    documents = list(dossier.get("procedure_documents") or [])
    rows = await StoredFile.select(StoredFile.document_key, StoredFile.page_count).where(
        StoredFile.dossier_id == dossier["id"]
    )
    given: dict[str, int] = {}
    for row in rows:
        given[row["document_key"]] = given.get(row["document_key"], 0) + int(row["page_count"] or 1)
    return [
        {
            "key": doc["key"],
            "name_vi": doc.get("name_vi") or doc["key"],
            "name_en": doc.get("name_en") or doc.get("name_vi") or doc["key"],
            "pages_expected": int(doc.get("pages") or 1),
            "pages": given.get(doc["key"], 0),
        }
        for doc in documents
    ]


def hand_over_allowed(channel: str) -> bool:
    return channel in HANDOVER_CHANNELS


async def require_papers(dossier: dict[str, Any], channel: str) -> None:
    """422 `papers_missing` naming the required papers without a page, unless `channel` lets the
    citizen hand them over in person."""
    if hand_over_allowed(channel):
        return
    missing = [paper for paper in await papers_of(dossier) if paper["pages"] == 0]
    if missing:
        raise Problem(
            422,
            "papers_missing",
            params={
                "documents_vi": "; ".join(p["name_vi"] for p in missing),
                "documents_en": "; ".join(p["name_en"] for p in missing),
            },
            missing=[p["key"] for p in missing],
        )
