"""The electronic receipt of a paid fee, as a PDF (DejaVu Sans keeps the diacritics)."""

from __future__ import annotations

from typing import Any

from backend.pdf import new_document, to_bytes
from i18n import format_datetime, format_vnd, translate


def receipt_lines(payment: dict[str, Any], payer_name: str, locale: str) -> list[tuple[str, str]]:
    def _(key: str) -> str:
        return translate(locale, key)

    return [
        (_("payments.field.reference"), payment["reference"]),
        (_("payments.field.payer"), payer_name),
        (_("payments.field.description"), payment["description"]),
        (_("payments.field.amount"), format_vnd(payment["amount_vnd"])),
        (_("payments.field.paid_at"), format_datetime(payment["paid_at"])),
        (_("payments.field.transaction_no"), payment["gateway_transaction_no"]),
        (_("payments.field.bank"), payment["bank_code"]),
    ]


def receipt_pdf(payment: dict[str, Any], payer_name: str, locale: str) -> bytes:
    title = translate(locale, "payments.receipt.title")
    pdf = new_document(title)
    pdf.set_font("dejavu", "B", 16)
    pdf.cell(text=title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dejavu", size=10)
    pdf.cell(text=translate(locale, "payments.receipt.issuer"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    for label, value in receipt_lines(payment, payer_name, locale):
        pdf.set_font("dejavu", "B", 11)
        pdf.cell(w=60, text=label)
        pdf.set_font("dejavu", size=11)
        pdf.multi_cell(w=0, text=value or "—", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("dejavu", size=9)
    pdf.multi_cell(w=0, text=translate(locale, "payments.receipt.note"))
    return to_bytes(pdf)
