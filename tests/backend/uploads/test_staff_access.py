"""Staff of the office handling a dossier see its files and its documents as one PDF; staff of
another office, and other citizens, get 404."""

from __future__ import annotations

import io

import pypdf
from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.uploads.rules import accept_upload
from tests.backend.dossiers.helpers import officer
from tests.backend.uploads import images
from tests.backend.uploads.test_dossier_files import draft, page
from tests.factories import auth_headers, make_citizen

Client = AsyncTestClient[Litestar]


async def test_the_dossiers_office_sees_its_files_and_the_document_as_one_pdf(client: Client) -> None:
    citizen = await make_citizen()
    headers = await auth_headers(citizen)
    dossier = await draft(client, citizen)
    ids = []
    for _ in range(2):
        sent = await client.post(
            f"/api/v1/dossiers/{dossier['id']}/files",
            headers=headers,
            files={"file": ("p.jpg", page(), "image/jpeg")},
            data={"document": "id_card"},
        )
        assert sent.status_code == 201, sent.text
        ids.append(sent.json()["id"])
    loose = await accept_upload(
        citizen.id, "id_card", images.encode(images.page_photo((900, 700)), "JPEG"), None, None
    )

    ours = await auth_headers(await officer(dossier["office_code"]))
    theirs = await auth_headers(await officer("HN-CUANAM"))
    got = await client.get(f"/api/v1/files/{ids[0]}", headers=ours)
    assert got.status_code == 200
    assert got.content.startswith(b"\xff\xd8")
    assert (await client.get(f"/api/v1/files/{ids[0]}/info", headers=ours)).json()["document"] == "id_card"
    assert (await client.get(f"/api/v1/files/{loose.id}", headers=ours)).status_code == 404
    assert (await client.get(f"/api/v1/files/{ids[0]}", headers=theirs)).status_code == 404

    pdf_path = f"/api/v1/dossiers/{dossier['id']}/documents/id_card/pdf"
    for who in (headers, ours):
        pdf = await client.get(pdf_path, headers=who)
        assert pdf.status_code == 200
        assert pdf.headers["content-type"] == "application/pdf"
        assert len(pypdf.PdfReader(io.BytesIO(pdf.content)).pages) == 2
    assert (await client.get(pdf_path, headers=theirs)).status_code == 404
    assert (await client.get(pdf_path, headers=await auth_headers(await make_citizen()))).status_code == 404
    assert (await client.get(pdf_path)).status_code == 401
    missing = f"/api/v1/dossiers/{dossier['id']}/documents/birth_notice/pdf"
    assert (await client.get(missing, headers=headers)).status_code == 404
