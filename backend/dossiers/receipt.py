"""The receipt "Giấy tiếp nhận hồ sơ và hẹn trả kết quả": what the office received, when, the
due date, the fee and how the result comes back, with a QR code opening the public lookup.

Exists once the dossier was received; the page and the PDF show the same lines.
"""

from __future__ import annotations

import io
from typing import Any

import qrcode
import qrcode.image.svg

from backend.dossiers.reception import received_lines
from backend.errors import Problem
from backend.pdf import new_document, to_bytes
from i18n import format_date, format_datetime, format_vnd, translate


def lookup_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/lookup/{code}"


def require_received(dossier: dict[str, Any]) -> None:
    """No receipt before reception (nor after a refusal at the counter)."""
    if dossier["received_at"] is None:
        raise Problem(404, "receipt_not_found")


def documents(dossier: dict[str, Any], locale: str) -> list[str]:
    """The documents received, as the officer checked them at reception, with page counts."""
    lines = received_lines(dossier, locale)
    if lines is None:
        return [translate(locale, "receipt.documents_not_recorded")]
    if not lines:
        return [translate(locale, "receipt.documents_none")]
    return [
        translate(locale, "receipt.document_pages", name=line["name"], pages=line["pages"]) for line in lines
    ]


def receipt_lines(dossier: dict[str, Any], locale: str) -> list[tuple[str, str]]:
    def _(key: str, **params: object) -> str:
        return translate(locale, key, **params)

    return [
        (_("receipt.code"), dossier["code"]),
        (_("receipt.procedure"), dossier[f"procedure_name_{locale}"] or dossier["procedure_name_vi"]),
        (_("receipt.office"), dossier[f"office_name_{locale}"] or dossier["office_name_vi"]),
        (_("receipt.received_at"), format_datetime(dossier["received_at"])),
        (_("receipt.due"), format_date(dossier["due_at"])),
        (
            _("receipt.fee"),
            format_vnd(dossier["fee_vnd"]) if dossier["fee_vnd"] else _("procedures.fee.free"),
        ),
        (_("receipt.return"), _("channel." + dossier["channel"])),
    ]


def qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")  # type: ignore[no-any-return]


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    qrcode.make(url, box_size=8, border=2).save(buffer)
    return buffer.getvalue()


def receipt_pdf(dossier: dict[str, Any], locale: str, url: str) -> bytes:
    title = translate(locale, "receipt.title")
    pdf = new_document(title)
    pdf.set_font("dejavu", "B", 15)
    pdf.multi_cell(w=0, text=title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for label, value in receipt_lines(dossier, locale):
        pdf.set_font("dejavu", "B", 11)
        pdf.cell(w=60, text=label)
        pdf.set_font("dejavu", size=11)
        pdf.multi_cell(w=0, text=value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("dejavu", "B", 11)
    pdf.cell(text=translate(locale, "receipt.documents"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dejavu", size=11)
    for name in documents(dossier, locale):
        pdf.multi_cell(w=0, text=f"• {name}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.image(io.BytesIO(qr_png(url)), w=35)
    pdf.set_font("dejavu", size=9)
    pdf.multi_cell(w=0, text=translate(locale, "receipt.scan", url=url), new_x="LMARGIN", new_y="NEXT")
    return to_bytes(pdf)
