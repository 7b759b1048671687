"""PDF uploads are kept as sent once they pass checks, and a document's pages (photos and PDFs)
can be downloaded as one PDF."""

from __future__ import annotations

import io
import logging
from typing import Any

from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from backend.errors import Problem

logging.getLogger("pypdf").setLevel(logging.ERROR)  # a broken file is our 422, not a log line
_ACTIVE = ("/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/XFA")


def _active_content(reader: PdfReader) -> bool:
    """True when the document carries scripts, launch actions or embedded files."""
    root: Any = reader.root_object
    form: Any = _resolved(root.get("/AcroForm"))
    if "/AA" in root or (isinstance(form, dict) and "/XFA" in form):
        return True
    names: Any = _resolved(root.get("/Names"))
    if isinstance(names, dict) and any(key in names for key in ("/JavaScript", "/EmbeddedFiles")):
        return True
    action: Any = _resolved(root.get("/OpenAction"))
    return isinstance(action, dict) and action.get("/S") in _ACTIVE


def _resolved(value: Any) -> Any:
    return value.get_object() if hasattr(value, "get_object") else value


def check_pdf(data: bytes, max_pages: int) -> int:
    """The page count of a readable, unencrypted, script-free PDF of at most `max_pages` pages."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Problem(422, "upload_pdf_encrypted")
        pages = len(reader.pages)
        for page in reader.pages:
            _ = page.mediabox
        active = _active_content(reader)
    except Problem:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        raise Problem(422, "upload_corrupt") from None
    if pages == 0:
        raise Problem(422, "upload_corrupt")
    if pages > max_pages:
        raise Problem(422, "upload_too_many_pages", params={"limit": max_pages})
    if active:
        raise Problem(422, "upload_pdf_active")
    return pages


def _photo_page(jpeg: bytes, dpi: int = 150) -> bytes:
    """A one-page PDF the size of the photo at `dpi`; fpdf2 embeds the JPEG without re-encoding."""
    with Image.open(io.BytesIO(jpeg)) as image:
        width, height = (side * 72 / dpi for side in image.size)
    pdf = FPDF(unit="pt", format=(width, height))
    pdf.set_creator("MotCua")
    pdf.add_page()
    pdf.image(io.BytesIO(jpeg), x=0, y=0, w=width, h=height)
    return bytes(pdf.output())


def assemble(pages: list[tuple[str, bytes]]) -> bytes:
    """One PDF from a document's stored pages, in order: photos as full pages, PDFs appended."""
    writer = PdfWriter()
    for mime, data in pages:
        writer.append(io.BytesIO(data if mime == "application/pdf" else _photo_page(data)))
    writer.add_metadata({"/Producer": "MotCua"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
