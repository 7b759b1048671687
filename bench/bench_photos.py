"""Photo normalisation against one plain full decode of the same 12-megapixel JPEG.

ratio photo_vs_decode   the whole pipeline (header check, draft-mode decode, EXIF transpose,
                        downscale, re-encode, thumbnail, quality measure) ÷ Image.open().load()
                        of the same file, best of several runs each (lower is better; below 1
                        means draft mode makes the pipeline cheaper than decoding the photo)
figure photo_normalise_ms / photo_decode_ms
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter

from backend.settings import get_settings
from backend.uploads.normalise import Budget, normalise_sync
from bench.harness import ratio

LINE = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập, Tự do, Hạnh phúc "


def twelve_megapixel_jpeg() -> bytes:
    """4000×3000, photo-like: a page of text on a shaded background, slightly soft."""
    image = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for y in range(100, 2900, 60):
        draw.text((150, y), LINE * 2, fill="black", font_size=40)
    out = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(1)).save(out, format="JPEG", quality=92)
    return out.getvalue()


def best_of(action: Callable[[], object], seconds: float) -> float:
    timings: list[float] = []
    deadline = time.perf_counter() + seconds
    while len(timings) < 3 or time.perf_counter() < deadline:
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    seconds = float(os.environ.get("BENCH_SECONDS", "5"))
    data = twelve_megapixel_jpeg()
    budget = Budget.from_settings(get_settings())

    def decode() -> None:
        with Image.open(io.BytesIO(data)) as image:
            image.load()

    decode_s = best_of(decode, seconds)
    normalise_s = best_of(lambda: normalise_sync(data, "jpeg", budget), seconds)
    print(f"figure photo_input_bytes {len(data)} bytes")
    print(f"figure photo_decode_ms {decode_s * 1000:.1f} ms")
    print(f"figure photo_normalise_ms {normalise_s * 1000:.1f} ms")
    ratio("photo_vs_decode", normalise_s / decode_s)


if __name__ == "__main__":
    main()
