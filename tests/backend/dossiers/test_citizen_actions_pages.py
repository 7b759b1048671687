"""The citizen's dossier page without JavaScript: answer a supplement request, withdraw after
confirming, rate the service once after return. Refusals are shown on the page and change
nothing; the same rules as the API decide."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.dossiers.tables import Dossier, DossierEvent
from tests.backend.dossiers.helpers import catalogue, citizen, officer, pay_fee, submitted_dossier
from tests.factories import auth_headers, make_citizen
from tests.logins import citizen_login

Client = AsyncTestClient[Litestar]


async def _staff(client: Client, dossier: dict[str, Any], *steps: tuple[str, str]) -> None:
    headers = await auth_headers(await officer())
    for action, note in steps:
        moved = await client.post(
            f"/api/v1/counter/dossiers/{dossier['id']}/{action}", json={"note": note}, headers=headers
        )
        assert moved.status_code == 200, moved.text


async def _status(dossier_id: int) -> str:
    row = await Dossier.select(Dossier.status).where(Dossier.id == dossier_id).first()
    assert row is not None
    return str(row["status"])


async def test_answering_a_supplement_request_resubmits_with_the_citizens_note(client: Client) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)
    await pay_fee(client, dossier["id"])  # processing waits for the fee (docs/dossiers.md, "Fee")
    await _staff(client, dossier, ("receive", ""), ("request_supplement", "Thiếu bản chụp mặt sau thẻ"))
    token = await citizen_login(client, who)
    page = await client.get(f"/dossiers/{dossier['id']}")
    assert 'data-testid="supplement-note">Thiếu bản chụp mặt sau thẻ<' in page.text
    assert f'action="/dossiers/{dossier["id"]}/supplement"' in page.text
    sent = await client.post(
        f"/dossiers/{dossier['id']}/supplement",
        data={"note": "Đã chụp lại mặt sau", "_csrf_token": token},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    assert await _status(dossier["id"]) == "processing"
    shown = await client.get(f"/dossiers/{dossier['id']}")
    assert 'data-testid="dossier-status">Đang giải quyết<' in shown.text
    assert "Đã chụp lại mặt sau" in shown.text
    assert 'data-testid="supplement-form"' not in shown.text
    # Sending it again (back button, double tap) is refused on the page and changes nothing.
    again = await client.post(
        f"/dossiers/{dossier['id']}/supplement", data={"note": "lần hai", "_csrf_token": token}
    )
    assert again.status_code == 409
    assert "Không thể thực hiện thao tác này ở trạng thái hiện tại của hồ sơ" in again.text
    assert await DossierEvent.count().where(DossierEvent.action == "supplement") == 1


async def test_withdrawing_asks_first_and_only_where_the_status_allows(client: Client) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)
    token = await citizen_login(client, who)
    page = await client.get(f"/dossiers/{dossier['id']}")
    assert f'href="/dossiers/{dossier["id"]}/withdraw"' in page.text
    confirm = await client.get(f"/dossiers/{dossier['id']}/withdraw")
    assert confirm.status_code == 200
    assert f"Rút hồ sơ {dossier['code']}?" in confirm.text
    assert 'name="confirm" value="yes"' in confirm.text
    # A post without the confirmation button's field only shows the question again.
    unconfirmed = await client.post(f"/dossiers/{dossier['id']}/withdraw", data={"_csrf_token": token})
    assert unconfirmed.status_code == 200
    assert await _status(dossier["id"]) == "submitted"
    done = await client.post(
        f"/dossiers/{dossier['id']}/withdraw",
        data={"confirm": "yes", "note": "Nộp nhầm thủ tục", "_csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert await _status(dossier["id"]) == "withdrawn"
    shown = await client.get(f"/dossiers/{dossier['id']}")
    assert 'data-testid="dossier-status">Đã rút hồ sơ<' in shown.text
    assert "withdraw-link" not in shown.text
    assert (await client.get(f"/dossiers/{dossier['id']}/withdraw")).status_code == 409


async def test_a_received_dossier_cannot_be_withdrawn_from_the_page(client: Client) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)
    await _staff(client, dossier, ("receive", ""))
    token = await citizen_login(client, who)
    assert "withdraw-link" not in (await client.get(f"/dossiers/{dossier['id']}")).text
    refused = await client.post(
        f"/dossiers/{dossier['id']}/withdraw", data={"confirm": "yes", "_csrf_token": token}
    )
    assert refused.status_code == 409
    assert 'data-testid="error"' in refused.text
    assert await _status(dossier["id"]) == "received"


async def test_rating_after_return_once_with_a_comment(client: Client) -> None:
    await catalogue()
    who = await citizen()
    dossier = await submitted_dossier(client, who)
    token = await citizen_login(client, who)
    assert 'data-testid="rating-form"' not in (await client.get(f"/dossiers/{dossier['id']}")).text
    early = await client.post(
        f"/dossiers/{dossier['id']}/rating", data={"rating": "satisfied", "_csrf_token": token}
    )
    assert early.status_code == 409
    assert "Chỉ đánh giá được sau khi đã nhận kết quả" in early.text
    await pay_fee(client, dossier["id"])
    await _staff(
        client, dossier, ("receive", ""), ("start", ""), ("approve", ""), ("result_ready", ""), ("return", "")
    )
    page = await client.get(f"/dossiers/{dossier['id']}")
    for value, label in (
        ("satisfied", "Hài lòng"),
        ("acceptable", "Chấp nhận được"),
        ("not_satisfied", "Không hài lòng"),
    ):
        assert f'value="{value}"' in page.text
        assert label in page.text
    wrong = await client.post(
        f"/dossiers/{dossier['id']}/rating", data={"rating": "great", "_csrf_token": token}
    )
    assert wrong.status_code == 422
    assert "Mức đánh giá không hợp lệ" in wrong.text
    rated = await client.post(
        f"/dossiers/{dossier['id']}/rating",
        data={"rating": "acceptable", "comment": "Hơi lâu nhưng đúng hẹn", "_csrf_token": token},
        follow_redirects=False,
    )
    assert rated.status_code == 303
    shown = await client.get(f"/dossiers/{dossier['id']}")
    assert "Bạn đã đánh giá: Chấp nhận được" in shown.text
    assert "Hơi lâu nhưng đúng hẹn" in shown.text
    assert 'data-testid="rating-form"' not in shown.text
    english = await client.get(f"/dossiers/{dossier['id']}", headers={"Accept-Language": "en"})
    assert "Your rating: Acceptable" in english.text
    second = await client.post(
        f"/dossiers/{dossier['id']}/rating", data={"rating": "not_satisfied", "_csrf_token": token}
    )
    assert second.status_code == 409
    assert "Bạn đã đánh giá hồ sơ này" in second.text
    row = (
        await Dossier.select(Dossier.rating, Dossier.rating_comment)
        .where(Dossier.id == dossier["id"])
        .first()
    )
    assert row == {"rating": "acceptable", "rating_comment": "Hơi lâu nhưng đúng hẹn"}


async def test_another_citizen_cannot_act_on_the_dossier(client: Client) -> None:
    await catalogue()
    dossier = await submitted_dossier(client, await citizen())
    token = await citizen_login(client, await make_citizen())
    for path, form in (
        ("withdraw", {"confirm": "yes"}),
        ("supplement", {"note": "x"}),
        ("rating", {"rating": "satisfied"}),
    ):
        answer = await client.post(f"/dossiers/{dossier['id']}/{path}", data={**form, "_csrf_token": token})
        assert answer.status_code == 404
    assert (await client.get(f"/dossiers/{dossier['id']}/withdraw")).status_code == 404
    assert await _status(dossier["id"]) == "submitted"
