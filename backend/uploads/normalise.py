"""Turn an accepted upload into what is stored: a clean, upright, size-bounded JPEG and its
thumbnail (photos), or the PDF as sent once it is checked.

Everything here is synchronous CPU work; `normalise()` runs it in a thread pool so the event loop
never decodes an image. The pixel count is checked from the header, before anything is decoded,
and JPEG draft mode is set before the first load so a 12-megapixel photo decodes at 1/2–1/8 scale.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError

from backend.errors import Problem
from backend.settings import Settings
from backend.uploads.pdfs import check_pdf
from backend.uploads.quality import quality_warnings

pillow_heif.register_heif_opener()
_FORMATS = {"jpeg": ["JPEG"], "png": ["PNG"], "webp": ["WEBP"], "heif": ["HEIF"]}
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="uploads")
DECODE_ERRORS = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    Image.DecompressionBombError,
)


@dataclass(frozen=True, slots=True)
class Budget:
    max_pixels: int
    long_side: int
    quality: int
    budget_bytes: int
    thumb_side: int
    max_pages: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Budget:
        return cls(
            max_pixels=settings.upload_max_pixels,
            long_side=settings.upload_long_side,
            quality=settings.upload_jpeg_quality,
            budget_bytes=settings.upload_budget_bytes,
            thumb_side=settings.upload_thumb_side,
            max_pages=settings.upload_max_pages,
        )


@dataclass(frozen=True, slots=True)
class Normalised:
    data: bytes
    mime: str
    sha256: str
    width: int | None
    height: int | None
    page_count: int
    thumbnail: bytes | None
    warnings: tuple[str, ...]


def open_checked(data: bytes, kind: str, max_pixels: int) -> Image.Image:
    """Open without decoding and refuse an image whose header promises too many pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=_FORMATS[kind])
    except Image.DecompressionBombError:  # Pillow's own, looser guard (2 × MAX_IMAGE_PIXELS)
        raise _too_many_pixels(max_pixels) from None
    except DECODE_ERRORS:
        raise Problem(422, "upload_corrupt") from None
    width, height = image.size
    if width <= 0 or height <= 0 or width * height > max_pixels:
        raise _too_many_pixels(max_pixels)
    return image


def _too_many_pixels(max_pixels: int) -> Problem:
    return Problem(422, "upload_too_many_pixels", params={"megapixels": max_pixels // 1_000_000})


def _scaled(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, long_side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image if image.mode in ("RGB", "L") else image.convert("RGB")


def _jpeg(image: Image.Image, quality: int) -> bytes:
    image.info = {}  # no comment, EXIF, XMP or ICC is carried over from the original
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, optimize=False, progressive=False)
    return out.getvalue()


def normalise_image(data: bytes, kind: str, budget: Budget) -> Normalised:
    image = open_checked(data, kind, budget.max_pixels)
    original_size = image.size
    if kind == "jpeg":
        # Before anything loads the image: let libjpeg decode at the smallest 1/n scale that
        # still covers the target size.
        image.draft("RGB", _scaled(image.size, budget.long_side))
    try:
        ImageOps.exif_transpose(image, in_place=True)  # turns (and loads) only when EXIF says so
        image.load()
        upright = image
    except DECODE_ERRORS:
        raise Problem(422, "upload_corrupt") from None
    flat = _flatten(upright)
    flat.thumbnail((budget.long_side, budget.long_side), Image.Resampling.LANCZOS, reducing_gap=2.0)
    encoded = _jpeg(flat, budget.quality)
    quality, current = budget.quality, flat
    while len(encoded) > budget.budget_bytes and max(current.size) > 200:
        if quality > 60:
            quality -= 10
        else:
            current = current.resize(
                _scaled(current.size, int(max(current.size) * 0.8)), Image.Resampling.LANCZOS
            )
        encoded = _jpeg(current, quality)
    thumb = current.resize(
        _scaled(current.size, budget.thumb_side), Image.Resampling.LANCZOS, reducing_gap=2.0
    )
    return Normalised(
        data=encoded,
        mime="image/jpeg",
        sha256=hashlib.sha256(encoded).hexdigest(),
        width=current.width,
        height=current.height,
        page_count=1,
        thumbnail=_jpeg(thumb, 70),
        warnings=quality_warnings(current, original_size),
    )


def normalise_sync(data: bytes, kind: str, budget: Budget) -> Normalised:
    if kind == "pdf":
        pages = check_pdf(data, budget.max_pages)
        return Normalised(
            data, "application/pdf", hashlib.sha256(data).hexdigest(), None, None, pages, None, ()
        )
    return normalise_image(data, kind, budget)


async def normalise(data: bytes, kind: str, budget: Budget) -> Normalised:
    """`normalise_sync` in the uploads thread pool (Pillow releases the GIL while it decodes)."""
    return await asyncio.get_running_loop().run_in_executor(_POOL, normalise_sync, data, kind, budget)
