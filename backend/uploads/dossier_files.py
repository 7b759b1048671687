"""Which dossiers take files, from whom, and for which document: the checks in front of
`receive_upload` on POST /api/v1/dossiers/{id}/files."""

from __future__ import annotations

from typing import Any

from auth.principal import Principal
from backend.dossiers.access import dossier_for
from backend.errors import Problem

# A citizen adds pages while preparing the dossier, or when the office asked for more.
OPEN_FOR_FILES = frozenset({"draft", "waiting_for_supplement"})


def required_document(dossier: dict[str, Any], key: str) -> dict[str, Any]:
    """The procedure's required document `key`; 422 when the procedure asks for no such paper."""
    for document in dossier.get("procedure_documents") or []:
        if document.get("key") == key:
            return dict(document)
    raise Problem(422, "upload_unknown_document")


async def dossier_taking_files(principal: Principal, dossier_id: int, key: str) -> dict[str, Any]:
    """The caller's own dossier (404 otherwise), open for files (409), asking for `key` (422)."""
    dossier = await dossier_for(principal, dossier_id)
    if dossier["status"] not in OPEN_FOR_FILES:
        raise Problem(409, "upload_dossier_closed")
    required_document(dossier, key)
    return dossier
