"""A citizen's drafts and submission through the API: validation, idempotency, access."""

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.dossiers.tables import Dossier, DossierEvent
from tests.backend.dossiers.helpers import ANSWERS, LLTP, catalogue, citizen, officer, submitted_dossier
from tests.factories import auth_headers


async def test_a_draft_gets_a_readable_code_and_only_its_owner_sees_it(
    client: AsyncTestClient[Litestar],
) -> None:
    await catalogue()
    owner, stranger = await citizen(), await citizen()
    headers = await auth_headers(owner)
    created = await client.post(
        "/api/v1/dossiers", json={"procedure_code": LLTP, "answers": {}}, headers=headers
    )
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "draft"
    assert re.fullmatch(r"STP-\d{6}-0001", body["code"])
    assert body["fee_vnd"] == 200000
    mine = (await client.get("/api/v1/dossiers", headers=headers)).json()
    assert [d["code"] for d in mine] == [body["code"]]
    other = await client.get(f"/api/v1/dossiers/{body['id']}", headers=await auth_headers(stranger))
    assert other.status_code == 404
    assert (await client.get("/api/v1/dossiers", headers=await auth_headers(stranger))).json() == []
    assert (await client.get(f"/api/v1/dossiers/{body['id']}")).status_code == 401
    staff = await client.get("/api/v1/dossiers", headers=await auth_headers(await officer()))
    assert staff.status_code == 403


async def test_each_wrong_answer_is_named_in_the_callers_language(client: AsyncTestClient[Litestar]) -> None:
    await catalogue()
    headers = await auth_headers(await citizen())
    bad = {**ANSWERS, "id_number": "12345", "phone": "999", "date_of_birth": "31/02/1990"}
    for lang, expected in (("vi", "12 chữ số"), ("en", "12 digits")):
        response = await client.post(
            "/api/v1/dossiers",
            json={"procedure_code": LLTP, "answers": bad},
            headers={**headers, "Accept-Language": lang},
        )
        assert response.status_code == 422
        errors = {e["field"]: e["message"] for e in response.json()["errors"]}
        assert set(errors) == {"id_number", "phone", "date_of_birth"}
        assert expected in errors["id_number"]
    assert await Dossier.count() == 0


async def test_office_and_channel_must_be_among_the_procedures(client: AsyncTestClient[Litestar]) -> None:
    await catalogue()
    headers = await auth_headers(await citizen())
    cases = [
        ({"office_code": "HN-CUANAM"}, "/office-not-handling"),
        ({"channel": "home_appointment"}, "/channel-not-allowed"),
        ({"procedure_code": "0.000000"}, "/procedure-unknown"),
    ]
    for extra, problem in cases:
        payload = {"procedure_code": LLTP, "answers": {}, **extra}
        response = await client.post("/api/v1/dossiers", json=payload, headers=headers)
        assert response.status_code == 422
        assert response.json()["type"].endswith(problem)
    chosen = await client.post(
        "/api/v1/dossiers",
        json={
            "procedure_code": "2.000815",
            "answers": {},
            "office_code": "HN-STP",
            "channel": "postal_pickup",
        },
        headers=headers,
    )
    assert chosen.status_code == 201
    assert (chosen.json()["office_code"], chosen.json()["channel"]) == ("HN-STP", "postal_pickup")


async def test_the_same_idempotency_key_creates_one_draft(client: AsyncTestClient[Litestar]) -> None:
    await catalogue()
    headers = await auth_headers(await citizen())
    payload = {"procedure_code": LLTP, "answers": {}}
    first = await client.post(
        "/api/v1/dossiers", json=payload, headers={**headers, "Idempotency-Key": "tap-1"}
    )
    again = await client.post(
        "/api/v1/dossiers", json=payload, headers={**headers, "Idempotency-Key": "tap-1"}
    )
    other = await client.post(
        "/api/v1/dossiers", json=payload, headers={**headers, "Idempotency-Key": "tap-2"}
    )
    assert first.json()["id"] == again.json()["id"]
    assert other.json()["id"] != first.json()["id"]
    assert await Dossier.count() == 2
    # Another citizen using the same key gets their own draft.
    stranger = await auth_headers(await citizen())
    theirs = await client.post(
        "/api/v1/dossiers", json=payload, headers={**stranger, "Idempotency-Key": "tap-1"}
    )
    assert theirs.json()["id"] not in (first.json()["id"], other.json()["id"])


async def test_drafts_are_saved_step_by_step_then_submitted_once(client: AsyncTestClient[Litestar]) -> None:
    await catalogue()
    headers = await auth_headers(await citizen())
    draft = (
        await client.post(
            "/api/v1/dossiers",
            json={"procedure_code": LLTP, "answers": {}, "channel": "postal_pickup"},
            headers=headers,
        )
    ).json()
    url = f"/api/v1/dossiers/{draft['id']}"
    incomplete = await client.post(f"{url}/submit", headers=headers)
    assert incomplete.status_code == 422
    assert "purpose" in {e["field"] for e in incomplete.json()["errors"]}
    applicant = {
        k: ANSWERS[k]
        for k in ("full_name", "date_of_birth", "sex", "id_number", "permanent_address", "phone")
    }
    step1 = await client.patch(url, json={"answers": applicant}, headers=headers)
    assert step1.json()["answers"]["phone"] == "+84912345678"
    step2 = await client.patch(
        url,
        json={"answers": {"certificate_type": "1", "copies": "3", "purpose": "Xin việc"}},
        headers=headers,
    )
    assert step2.json()["answers"]["full_name"] == "Nguyễn Văn An"  # earlier step kept
    assert step2.json()["fee_vnd"] == 205000  # third copy costs 5.000 ₫ more
    first = await client.post(f"{url}/submit", headers={**headers, "Idempotency-Key": "submit-1"})
    second = await client.post(f"{url}/submit", headers={**headers, "Idempotency-Key": "submit-1"})
    assert first.status_code == second.status_code == 200
    assert first.json()["status"] == second.json()["status"] == "submitted"
    assert await DossierEvent.count().where(DossierEvent.action == "submit") == 1
    locked = await client.patch(url, json={"answers": {"purpose": "Khác"}}, headers=headers)
    assert locked.status_code == 409


async def test_a_citizen_can_withdraw_before_reception(client: AsyncTestClient[Litestar]) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)
    headers = await auth_headers(who)
    withdrawn = await client.post(f"/api/v1/dossiers/{dossier['id']}/withdraw", headers=headers)
    assert withdrawn.json()["status"] == "withdrawn"
    again = await client.post(f"/api/v1/dossiers/{dossier['id']}/withdraw", headers=headers)
    assert again.status_code == 409
