"""The papers are part of applying: after the form comes the papers step (photograph, reuse from
the wallet, or hand them over where the channel has someone take them); the review lists each
paper with its pages and a link to change it; an online submission without its papers is refused,
by the API and the pages alike, naming what is missing, and nothing changes."""

from __future__ import annotations

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.dossiers.journey import AT_HOME_CHANNELS
from backend.dossiers.tables import Dossier, DossierEvent
from backend.payments.tables import Payment
from backend.scheduling.rules import AT_HOME
from tests.backend.dossiers.helpers import ANSWERS, LLTP, catalogue
from tests.backend.dossiers.test_fees import BIRTH, BIRTH_ANSWERS
from tests.backend.uploads import images
from tests.factories import auth_headers, make_citizen
from tests.logins import citizen_login

Client = AsyncTestClient[Litestar]
COPIES = "2.000815"  # certified copies: HN-CUANAM or HN-STP


def photo() -> bytes:
    return images.encode(images.page_photo((1200, 900)), "JPEG", quality=90)


async def _status(dossier_id: int) -> str:
    row = await Dossier.select(Dossier.status).where(Dossier.id == dossier_id).first()
    assert row is not None
    return str(row["status"])


async def _draft(client: Client, headers: dict[str, str], **extra: str) -> int:
    created = await client.post(
        "/api/v1/dossiers", json={"procedure_code": LLTP, "answers": ANSWERS, **extra}, headers=headers
    )
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


async def test_the_api_refuses_an_online_submission_without_its_papers_and_names_them(client: Client) -> None:
    await catalogue()
    headers = await auth_headers(await make_citizen())
    dossier_id = await _draft(client, headers, channel="online")
    refused = await client.post(f"/api/v1/dossiers/{dossier_id}/submit", headers=headers)
    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert body["type"].endswith("/papers-missing")
    assert body["missing"] == ["id_card"]
    assert "Thẻ Căn cước" in body["title"]
    english = await client.post(
        f"/api/v1/dossiers/{dossier_id}/submit", headers=headers | {"Accept-Language": "en"}
    )
    assert "Citizen identity card" in english.json()["title"]
    # Nothing changed: still a draft, no timeline event, no payment asked for.
    assert (await Dossier.select(Dossier.status).where(Dossier.id == dossier_id).first()) == {
        "status": "draft"
    }
    assert await DossierEvent.count().where(DossierEvent.dossier == dossier_id) == 0
    assert await Payment.count() == 0
    # With the card photographed, the same submission goes through.
    sent = await client.post(
        f"/api/v1/dossiers/{dossier_id}/files",
        headers=headers,
        files={"file": ("mat-truoc.jpg", photo(), "image/jpeg")},
        data={"document": "id_card"},
    )
    assert sent.status_code == 201, sent.text
    done = await client.post(f"/api/v1/dossiers/{dossier_id}/submit", headers=headers)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "submitted"


async def test_a_channel_where_papers_are_handed_over_needs_none_attached(client: Client) -> None:
    await catalogue()
    headers = await auth_headers(await make_citizen())
    dossier_id = await _draft(client, headers, channel="postal_pickup")
    done = await client.post(f"/api/v1/dossiers/{dossier_id}/submit", headers=headers)
    assert done.status_code == 200, done.text


async def test_the_papers_step_comes_between_the_form_and_the_review(client: Client) -> None:
    await catalogue()
    who = await make_citizen()
    token = await citizen_login(client, who)
    dossier_id = await _draft(client, await auth_headers(who), channel="online")
    # The last form page leads to the papers, labelled as a step of the whole journey.
    form = await client.get(f"/dossiers/{dossier_id}/steps/2")
    assert "Bước 2/5: Nội dung yêu cầu" in form.text
    saved = await client.post(
        f"/dossiers/{dossier_id}/steps/2",
        data={"certificate_type": "1", "copies": "3", "purpose": "Xin việc", "_csrf_token": token},
        follow_redirects=False,
    )
    assert saved.headers["location"] == f"/dossiers/{dossier_id}/files"
    papers = await client.get(f"/dossiers/{dossier_id}/files")
    assert 'data-testid="step-label">Bước 3/5: Giấy tờ<' in papers.text
    assert 'data-testid="hand-over-postal_pickup"' in papers.text
    assert 'data-testid="hand-over-counter"' in papers.text
    assert 'data-testid="hand-over-online"' not in papers.text
    # The review lists the paper, its pages and a link to change it.
    review = await client.get(f"/dossiers/{dossier_id}/review")
    assert "Bước 4/5: Xem lại và nộp" in review.text
    listed = re.search(r'data-testid="review-paper-id_card".*?</li>', review.text, re.S)
    assert listed
    assert "Chưa có trang nào" in listed.group(0)
    assert f'href="/dossiers/{dossier_id}/files#doc-id_card"' in listed.group(0)
    # Submitting online from the page is refused with the missing paper named; nothing changes.
    refused = await client.post(
        f"/dossiers/{dossier_id}/submit",
        data={"office_code": "HN-STP", "channel": "online", "_csrf_token": token},
    )
    assert refused.status_code == 422
    assert "Còn thiếu: Thẻ Căn cước / Căn cước công dân (bản chụp hai mặt)" in refused.text
    assert (await Dossier.select(Dossier.status).where(Dossier.id == dossier_id).first()) == {
        "status": "draft"
    }
    # "I will hand them to the postal courier": the channel changes, the review says so, submit works.
    handed = await client.post(
        f"/dossiers/{dossier_id}/handover",
        data={"channel": "postal_pickup", "_csrf_token": token},
        follow_redirects=False,
    )
    assert handed.headers["location"] == f"/dossiers/{dossier_id}/review"
    review = await client.get(f"/dossiers/{dossier_id}/review")
    assert "Bước 4/6: Xem lại và nộp" in review.text  # a pickup adds the booking step
    assert "Giao bản giấy cho bưu điện khi đến lấy" in review.text
    submitted = await client.post(
        f"/dossiers/{dossier_id}/submit",
        data={"office_code": "HN-STP", "channel": "postal_pickup", "_csrf_token": token},
        follow_redirects=False,
    )
    assert submitted.status_code == 303
    row = await Dossier.select(Dossier.status, Dossier.channel).where(Dossier.id == dossier_id).first()
    assert row == {"status": "submitted", "channel": "postal_pickup"}
    shown = await client.get(f"/dossiers/{dossier_id}")
    assert "Bước 5/6: Nộp lệ phí" in shown.text
    assert "Bước 6/6: Đặt lịch" in shown.text


async def test_hand_over_is_refused_for_a_channel_nobody_takes_papers_on(client: Client) -> None:
    await catalogue()
    who = await make_citizen()
    token = await citizen_login(client, who)
    dossier_id = await _draft(client, await auth_headers(who), channel="counter")
    refused = await client.post(
        f"/dossiers/{dossier_id}/handover", data={"channel": "online", "_csrf_token": token}
    )
    assert refused.status_code == 422
    row = await Dossier.select(Dossier.channel).where(Dossier.id == dossier_id).first()
    assert row == {"channel": "counter"}


def test_the_journey_counts_a_booking_step_for_the_same_channels_as_booking() -> None:
    assert set(AT_HOME_CHANNELS) == set(AT_HOME)


async def test_the_code_names_the_office_the_citizen_chose(client: Client) -> None:
    """Certified copies are handled at HN-CUANAM and HN-STP; a draft starts at the first one, and
    choosing HN-STP at the review must not leave it coded CUANAM-…"""
    await catalogue()
    headers = await auth_headers(await make_citizen())
    created = await client.post(
        "/api/v1/dossiers", json={"procedure_code": COPIES, "answers": {}}, headers=headers
    )
    assert created.json()["code"].startswith("CUANAM-")
    moved = await client.patch(
        f"/api/v1/dossiers/{created.json()['id']}", json={"office_code": "HN-STP"}, headers=headers
    )
    assert moved.status_code == 200, moved.text
    assert (moved.json()["office_code"], moved.json()["code"][:4]) == ("HN-STP", "STP-")
    again = await client.patch(
        f"/api/v1/dossiers/{created.json()['id']}", json={"office_code": "HN-STP"}, headers=headers
    )
    assert again.json()["code"] == moved.json()["code"], "the same office keeps the same code"


async def test_a_free_dossier_reads_mien_phi_never_zero_dong(client: Client) -> None:
    await catalogue()
    who = await make_citizen()
    headers = await auth_headers(who)
    created = await client.post(
        "/api/v1/dossiers",
        json={"procedure_code": BIRTH, "answers": BIRTH_ANSWERS, "channel": "counter"},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    await citizen_login(client, who)
    for path in (f"/dossiers/{created.json()['id']}/review", f"/dossiers/{created.json()['id']}"):
        page = await client.get(path)
        assert "Miễn phí" in page.text, path
        assert "0 ₫" not in page.text, path
