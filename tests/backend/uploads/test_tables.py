"""The dossier a file or wallet document belongs to is a real foreign key on both engines: a file
cannot name a dossier that does not exist, and deleting a dossier leaves its files loose (the
citizen's wallet keeps them) rather than pointing at nothing."""

from __future__ import annotations

import pytest

from backend.dossiers.tables import Dossier
from backend.uploads.tables import StoredFile, WalletDocument
from tests.backend.uploads.test_dossier_files import Client, draft, page
from tests.factories import auth_headers, make_citizen


async def test_a_file_cannot_name_a_dossier_that_does_not_exist() -> None:
    citizen = await make_citizen()
    ghost = StoredFile(
        owner=citizen.id,
        document_key="id_card",
        dossier_id=999_999,
        storage_key="k",
        sha256="s",
        mime="image/jpeg",
        size=1,
    )
    with pytest.raises(Exception, match=r"(?i)foreign key"):
        await ghost.save()
    assert await StoredFile.count() == 0


async def test_deleting_a_dossier_leaves_its_files_and_wallet_document_loose(client: Client) -> None:
    citizen = await make_citizen()
    dossier = await draft(client, citizen)
    sent = await client.post(
        f"/api/v1/dossiers/{dossier['id']}/files",
        headers=await auth_headers(citizen),
        files={"file": ("p.jpg", page(), "image/jpeg")},
        data={"document": "id_card"},
    )
    assert sent.status_code == 201, sent.text
    await Dossier.delete().where(Dossier.id == dossier["id"])
    [row] = await StoredFile.select(StoredFile.dossier_id)
    [wallet] = await WalletDocument.select(WalletDocument.dossier_id)
    assert (row["dossier_id"], wallet["dossier_id"]) == (None, None)
