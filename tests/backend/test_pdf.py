from backend.pdf import new_document, to_bytes


def test_a_document_keeps_vietnamese_diacritics() -> None:
    pdf = new_document("Biên nhận")
    pdf.set_font("dejavu", "B", 14)
    pdf.cell(text="Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    data = to_bytes(pdf)
    assert data.startswith(b"%PDF-")
    # The Unicode font is embedded (the core PDF fonts have no glyphs for ấ, ồ, ả).
    assert b"DejaVuSans" in data
