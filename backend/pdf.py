"""Printable documents (receipts, appointment slips) as PDF, with Vietnamese diacritics.

fpdf2 embeds a Unicode TrueType font: Debian's DejaVu Sans (package fonts-dejavu-core, which
`make` installs through scripts/ensure-system-packages when it is missing).
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def new_document(title: str) -> FPDF:
    """An A4 portrait document with DejaVu Sans (regular and bold) registered as "dejavu"."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(title)
    pdf.set_creator("MotCua")
    pdf.add_font("dejavu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("dejavu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_font("dejavu", size=11)
    pdf.add_page()
    return pdf


def to_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())
