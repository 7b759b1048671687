"""Citizen dossier pages over plain HTML forms: apply from the procedure page, prefilled
read-only data with its source, step validation in the page language, review, submit once."""

from __future__ import annotations

import re
from datetime import date

from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.dossiers.tables import Dossier, DossierEvent
from tests.auth.helpers import latest_code
from tests.backend.dossiers.helpers import LLTP, catalogue
from tests.factories import make_citizen

PHONE = "+84912345678"  # the demo resident Nguyễn Văn An, known to the population database


async def _csrf(client: AsyncTestClient[Litestar], path: str) -> str:
    page = await client.get(path)
    assert page.status_code == 200, page.text
    found = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert found
    return found.group(1)


async def _log_in(client: AsyncTestClient[Litestar], phone: str = PHONE) -> str:
    token = await _csrf(client, "/login")
    sent = await client.post("/login/phone", data={"phone": phone, "_csrf_token": token})
    assert sent.status_code == 200
    code = await latest_code(client, phone)
    done = await client.post(
        "/login/phone/verify",
        data={"phone": phone, "code": code, "next": f"/procedures/{LLTP}", "_csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    return token


async def _apply(client: AsyncTestClient[Litestar], token: str) -> str:
    started = await client.post(
        "/dossiers/new", data={"procedure_code": LLTP, "_csrf_token": token}, follow_redirects=False
    )
    assert started.status_code == 303, started.text
    return str(started.headers["location"])


async def test_a_stranger_is_sent_to_log_in_and_back(client: AsyncTestClient[Litestar]) -> None:
    await catalogue()
    page = await client.get(f"/procedures/{LLTP}")
    assert f'href="/login?next=/procedures/{LLTP}"' in page.text
    assert (await client.get("/dossiers", follow_redirects=False)).status_code == 303


async def test_apply_fill_review_and_submit_once(client: AsyncTestClient[Litestar]) -> None:
    await catalogue()
    await make_citizen(phone=PHONE, id_number="001090012345", full_name="Nguyễn Văn An", subject=None)
    token = await _log_in(client)
    assert 'action="/dossiers/new"' in (await client.get(f"/procedures/{LLTP}")).text
    step_one = await _apply(client, token)
    assert step_one.endswith("/steps/1")
    page = await client.get(step_one)
    assert "Cơ sở dữ liệu quốc gia về dân cư" in page.text
    assert re.search(r'name="full_name" readonly[^>]*value="Nguyễn Văn An"', page.text.replace("\n", " "))
    assert 'value="12/05/1990"' in page.text
    # A read-only field edited in the page keeps its verified value; the phone is checked.
    bad = await client.post(step_one, data={"full_name": "Ai Khác", "phone": "12345", "_csrf_token": token})
    assert bad.status_code == 422
    assert 'data-testid="error-phone"' in bad.text
    assert "Số điện thoại Việt Nam không hợp lệ" in bad.text
    saved = await client.post(
        step_one,
        data={"full_name": "Ai Khác", "phone": "0912 345 678", "_csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    step_two = saved.headers["location"]
    missing = await client.post(step_two, data={"copies": "3", "_csrf_token": token})
    assert missing.status_code == 422
    assert 'data-testid="error-purpose"' in missing.text
    assert "Vui lòng nhập thông tin này." in missing.text
    english = await client.post(
        step_two, data={"copies": "3", "_csrf_token": token}, headers={"Accept-Language": "en"}
    )
    assert "Please fill this in." in english.text
    done = await client.post(
        step_two,
        data={"certificate_type": "1", "copies": "3", "purpose": "Xin việc", "_csrf_token": token},
        follow_redirects=False,
    )
    papers_path = done.headers["location"]
    assert papers_path.endswith("/files"), "after the form comes the papers step"
    papers = await client.get(papers_path)
    assert "Bước 3/5: Giấy tờ" in papers.text  # two form pages, papers, review, fee (online: no booking)
    review_path = papers_path.replace("/files", "/review")
    review = await client.get(review_path)
    assert "Nguyễn Văn An" in review.text
    assert "Ai Khác" not in review.text
    assert "205.000 ₫" in review.text
    submit_path = review_path.replace("/review", "/submit")
    form = {"office_code": "HN-STP", "channel": "postal_pickup", "_csrf_token": token}
    first = await client.post(submit_path, data=form, follow_redirects=False)
    again = await client.post(submit_path, data=form, follow_redirects=False)
    assert first.status_code == again.status_code == 303
    dossier = await Dossier.select().first().output(load_json=True)
    assert dossier is not None
    assert (dossier["status"], dossier["channel"], dossier["answers"]["phone"]) == (
        "submitted",
        "postal_pickup",
        PHONE,
    )
    assert dossier["answers"]["full_name"] == "Nguyễn Văn An"
    assert await DossierEvent.count().where(DossierEvent.action == "submit") == 1
    shown = await client.get(first.headers["location"])
    assert 'data-testid="dossier-status">Đã nộp, chờ tiếp nhận<' in shown.text
    listed = await client.get("/dossiers")
    assert dossier["code"] in listed.text


async def test_unknown_office_or_channel_is_refused_and_nothing_changes(
    client: AsyncTestClient[Litestar],
) -> None:
    await catalogue()
    await make_citizen(phone=PHONE, id_number="001090012345", subject=None, date_of_birth=date(1990, 5, 12))
    token = await _log_in(client)
    step_one = await _apply(client, token)
    dossier_id = step_one.split("/")[2]
    refused = await client.post(
        f"/dossiers/{dossier_id}/submit", data={"channel": "home_appointment", "_csrf_token": token}
    )
    assert refused.status_code == 422
    dossier = await Dossier.objects().first()
    assert dossier is not None
    assert dossier.status == "draft"


async def test_another_citizens_dossier_is_not_found(client: AsyncTestClient[Litestar]) -> None:
    await catalogue()
    await make_citizen(phone=PHONE, id_number="001090012345", subject=None)
    token = await _log_in(client)
    step_one = await _apply(client, token)
    await client.post("/logout", data={"_csrf_token": token})
    await make_citizen(phone="+84987654321", id_number="001185067890", subject=None)
    await _log_in(client, "+84987654321")
    assert (await client.get(step_one)).status_code == 404
    assert (await client.get(step_one.rsplit("/steps", 1)[0])).status_code == 404


async def test_someone_the_population_database_does_not_know_types_everything(
    client: AsyncTestClient[Litestar],
) -> None:
    await catalogue()
    await make_citizen(phone=PHONE, id_number="999999999999", subject=None)
    token = await _log_in(client)
    page = await client.get(await _apply(client, token))
    assert "readonly" not in page.text
    assert 'data-testid="prefill-source"' not in page.text
    assert 'name="full_name" value=""' in page.text
