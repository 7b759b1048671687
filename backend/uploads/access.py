"""Who may see a stored file: its owner, and the staff of the office handling the dossier it is
attached to. Anyone else gets 404, as if the file did not exist. A result file reaches its
citizen only once the dossier's result is ready."""

from __future__ import annotations

from auth.principal import Principal
from backend.errors import Problem
from backend.uploads.documents import result_visible
from backend.uploads.rules import file_of
from backend.uploads.tables import StoredFile


async def file_for(principal: Principal, file_id: int) -> StoredFile:
    if principal.kind == "citizen":
        own = await file_of(principal.id, file_id)
        if own.source == "result" and not await result_visible(own.dossier_id):
            raise Problem(404, "not_found")
        return own
    if principal.office_id is None:
        raise Problem(404, "not_found")
    row = (
        await StoredFile.objects()
        .output(load_json=True)
        .where((StoredFile.id == file_id) & (StoredFile.dossier_id.office == principal.office_id))
        .first()
    )
    if row is None:  # a loose file, or one of another office's dossier
        raise Problem(404, "not_found")
    return row
