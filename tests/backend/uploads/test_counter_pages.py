"""The counter's side of documents: officers see where each page came from, digitise paper into
the citizen's dossier, and attach the result, which the citizen downloads once it is ready and
finds in their wallet; other offices and other citizens get 404."""

from __future__ import annotations

import re
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from auth.sessions import SESSION_COOKIE, open_session
from auth.tables import Citizen, StaffUser
from backend.offices.tables import Office
from backend.uploads.tables import StoredFile, WalletDocument
from i18n.negotiation import LANG_COOKIE
from tests.backend.dossiers.helpers import officer, pay_fee
from tests.backend.uploads import images
from tests.backend.uploads.test_dossier_files import draft, page
from tests.backend.uploads.test_pages import logged_in, send
from tests.factories import auth_headers, make_citizen, make_staff, principal_for

Client = AsyncTestClient[Litestar]


async def staff_session(client: Client, staff: StaffUser) -> str:
    client.cookies.set(SESSION_COOKIE, await open_session(principal_for(staff)))
    client.cookies.set(LANG_COOKIE, "en")
    found = re.search(r'name="_csrf_token" value="([^"]+)"', (await client.get("/staff/login")).text)
    assert found
    return found.group(1)


async def act(client: Client, staff: StaffUser, dossier_id: int, *actions: str) -> None:
    for action in actions:
        done = await client.post(
            f"/api/v1/counter/dossiers/{dossier_id}/{action}",
            json={"note": "ok"},
            headers=await auth_headers(staff),
        )
        assert done.status_code == 200, done.text


async def reused_and_submitted(
    app: Litestar, client: Client, who: Citizen
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A first dossier with the id card uploaded, a second one reusing it, submitted."""
    async with AsyncTestClient(app=app) as citizen_client:
        token = await logged_in(citizen_client, who)
        first = await draft(citizen_client, who)
        await send(citizen_client, first["id"], token, page())
        second = await draft(citizen_client, who)
        [wallet] = await WalletDocument.select()
        await citizen_client.post(
            f"/dossiers/{second['id']}/documents/id_card/reuse",
            data={"wallet_document_id": str(wallet["id"]), "_csrf_token": token},
        )
        submitted = await citizen_client.post(
            f"/api/v1/dossiers/{second['id']}/submit", headers=await auth_headers(who)
        )
        assert submitted.status_code == 200, submitted.text
    return first, submitted.json()


async def test_officer_sees_provenance_and_digitises_paper_at_the_counter(
    app: Litestar, client: Client
) -> None:
    who = await make_citizen()
    first, second = await reused_and_submitted(app, client, who)
    staff = await officer()
    staff.full_name = "Lê Thị Hằng"
    await staff.save()
    token = await staff_session(client, staff)
    shown = await client.get(f"/counter/dossiers/{second['id']}")
    assert shown.status_code == 200
    assert f"Reused from dossier {first['code']}" in shown.text
    digitised = await client.post(
        f"/counter/dossiers/{second['id']}/documents/digitise",
        files={"file": ("scan.pdf", images.pdf_document(2), "application/pdf")},
        data={"document": "id_card", "_csrf_token": token},
        follow_redirects=False,
    )
    assert digitised.status_code == 303
    row = await StoredFile.objects().where(StoredFile.source == "digitised").first()
    assert row is not None
    assert (row.owner, row.dossier_id, row.added_by_staff, row.page_count) == (
        who.id,
        second["id"],
        staff.id,
        2,
    )
    shown = await client.get(f"/counter/dossiers/{second['id']}")
    assert "Digitised at the counter by Lê Thị Hằng" in shown.text
    pdf = await client.get(f"/files/dossiers/{second['id']}/id_card/pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    # A paper the procedure does not ask for, or a file that is not a document: refused, shown.
    refused = await client.post(
        f"/counter/dossiers/{second['id']}/documents/digitise",
        files={"file": ("x.svg", images.SVG, "image/svg+xml")},
        data={"document": "id_card", "_csrf_token": token},
    )
    assert refused.status_code == 415
    assert "This type of file is not accepted." in refused.text
    unknown = await client.post(
        f"/counter/dossiers/{second['id']}/documents/digitise",
        files={"file": ("p.jpg", page(), "image/jpeg")},
        data={"document": "passport", "_csrf_token": token},
    )
    assert unknown.status_code == 422
    assert await StoredFile.count().where(StoredFile.source == "digitised") == 1
    # Asked for a supplement, the citizen may add and remove their own pages, not the office's scan.
    await act(client, staff, second["id"], "receive", "request_supplement")
    async with AsyncTestClient(app=app) as citizen_client:
        citizen_token = await logged_in(citizen_client, who)
        mine = await citizen_client.get(f"/dossiers/{second['id']}/files")
        assert f'data-testid="remove-{row.id}"' not in mine.text
        assert 'data-testid="remove-' in mine.text  # the reused pages
        removed = await citizen_client.post(
            f"/dossiers/{second['id']}/files/{row.id}/remove", data={"_csrf_token": citizen_token}
        )
        assert removed.status_code == 404
    assert await StoredFile.count().where(StoredFile.source == "digitised") == 1


async def test_the_result_reaches_the_citizen_once_ready_and_enters_their_wallet(
    app: Litestar, client: Client
) -> None:
    who = await make_citizen()
    _, dossier = await reused_and_submitted(app, client, who)
    staff = await officer()
    await act(client, staff, dossier["id"], "receive")
    token = await staff_session(client, staff)
    early = await client.post(
        f"/counter/dossiers/{dossier['id']}/result/file",
        files={"file": ("kq.pdf", images.pdf_document(1), "application/pdf")},
        data={"_csrf_token": token},
    )
    assert early.status_code == 409  # received, not yet processed
    await pay_fee(client, dossier["id"])  # processing waits for the fee
    await act(client, staff, dossier["id"], "start", "approve")
    attached = await client.post(
        f"/counter/dossiers/{dossier['id']}/result/file",
        files={"file": ("kq.pdf", images.pdf_document(1), "application/pdf")},
        data={"_csrf_token": token},
        follow_redirects=False,
    )
    assert attached.status_code == 303
    result = await StoredFile.objects().where(StoredFile.source == "result").first()
    assert result is not None
    assert 'data-testid="result-file"' in (await client.get(f"/counter/dossiers/{dossier['id']}")).text
    async with AsyncTestClient(app=app) as citizen_client:
        await logged_in(citizen_client, who)
        citizen_client.cookies.set(LANG_COOKIE, "en")
        # Approved but not yet ready: the citizen neither sees nor downloads it.
        assert (await citizen_client.get(f"/files/{result.id}")).status_code == 404
        assert (
            'data-testid="result-file"' not in (await citizen_client.get(f"/dossiers/{dossier['id']}")).text
        )
        listed = await client.get("/api/v1/wallet", headers=await auth_headers(who))
        assert "result" not in [doc["document"] for doc in listed.json()]
        await act(client, staff, dossier["id"], "result_ready")
        page_text = (await citizen_client.get(f"/dossiers/{dossier['id']}")).text
        assert f'href="/files/{result.id}"' in page_text
        got = await citizen_client.get(f"/files/{result.id}")
        assert got.status_code == 200
        assert got.content.startswith(b"%PDF")
        wallet = await citizen_client.get("/wallet")
        assert 'data-testid="wallet-results"' in wallet.text
        assert dossier["code"] in wallet.text
        listed = await client.get("/api/v1/wallet", headers=await auth_headers(who))
        assert "result" in [doc["document"] for doc in listed.json()]
        # The result is not offered as a paper to reuse.
        assert await WalletDocument.count().where(WalletDocument.document_key == "result") == 1
    async with AsyncTestClient(app=app) as stranger:
        await logged_in(stranger, await make_citizen())
        assert (await stranger.get(f"/files/{result.id}")).status_code == 404


async def test_another_office_can_neither_see_nor_add_documents(app: Litestar, client: Client) -> None:
    who = await make_citizen()
    _, dossier = await reused_and_submitted(app, client, who)
    other_office = await Office.objects().where(Office.code != "HN-STP").first()
    assert other_office is not None
    token = await staff_session(client, await officer())  # for a valid CSRF token
    client.cookies.set(
        SESSION_COOKIE, await open_session(principal_for(await make_staff(office=other_office)))
    )
    copy = await StoredFile.objects().where(StoredFile.dossier_id == dossier["id"]).first()
    assert copy is not None
    assert (await client.get(f"/files/{copy.id}")).status_code == 404
    assert (await client.get(f"/files/dossiers/{dossier['id']}/id_card/pdf")).status_code == 404
    refused = await client.post(
        f"/counter/dossiers/{dossier['id']}/documents/digitise",
        files={"file": ("p.jpg", page(), "image/jpeg")},
        data={"document": "id_card", "_csrf_token": token},
    )
    assert refused.status_code == 404
    assert await StoredFile.count().where(StoredFile.source == "digitised") == 0
