from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.procedures.demo import load_procedures


async def test_list_page_searches_without_diacritics(client: AsyncTestClient[Litestar]) -> None:
    await load_procedures()
    page = await client.get("/procedures", params={"q": "khai sinh"})
    assert page.status_code == 200
    assert "Đăng ký khai sinh" in page.text
    assert "Phiếu lý lịch tư pháp" not in page.text
    assert "Miễn phí" in page.text
    empty = await client.get("/procedures", params={"q": "không có"})
    assert 'data-testid="procedure-empty"' in empty.text


async def test_detail_page_shows_fee_in_vnd_time_documents_channels_and_due_date(
    client: AsyncTestClient[Litestar],
) -> None:
    await load_procedures()
    page = await client.get("/procedures/2.001417")
    assert page.status_code == 200
    assert "200.000 ₫" in page.text
    assert "10 ngày làm việc" in page.text
    assert "Thẻ Căn cước" in page.text
    assert "Bưu điện đến nhận hồ sơ và trả kết quả" in page.text
    assert 'data-testid="procedure-due"' in page.text
    english = await client.get("/procedures/2.001417", headers={"Accept-Language": "en"})
    assert "10 working days" in english.text
    missing = await client.get("/procedures/0.000000")
    assert missing.status_code == 404
    assert "Không tìm thấy thủ tục" in missing.text
