"""Which code the citizen holds now, and its QR image."""

from __future__ import annotations

import io
from typing import Any

import qrcode
import qrcode.image.svg

from backend.errors import Problem


async def purpose_for(booking: dict[str, Any]) -> str:
    """Before pickup, the pickup code; once the result is on its way, the delivery code."""
    if booking["status"] == "booked":
        return "pickup"
    if booking["status"] == "picked_up" and booking["returns_result"]:
        return "delivery"
    raise Problem(404, "pickup_code_not_found")


def qr_svg(token: str) -> str:
    image = qrcode.make(token, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    return image.to_string(encoding="unicode")  # type: ignore[no-any-return]


def qr_png(token: str) -> bytes:
    buffer = io.BytesIO()
    qrcode.make(token, box_size=10, border=4).save(buffer)
    return buffer.getvalue()
