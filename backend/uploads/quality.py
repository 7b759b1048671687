"""Warnings (never refusals) for a photo that is likely unreadable, so the citizen can re-take it
on the spot: too small, too dark, or blurred.

Blur is the variance of the Laplacian (a sharp page has strong edges, a blurred one almost none),
measured on a grey copy with a fixed long side so the figure does not depend on the camera.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

MEASURE_SIDE = 640
MIN_LONG_SIDE = 800  # pixels of the original photo: below this, small print is unreadable
DARK_MEAN = 60  # mean grey level (0–255)
BLUR_VARIANCE = 100.0  # variance of the Laplacian on the MEASURE_SIDE grey copy


def laplacian_variance(grey: np.ndarray) -> float:
    """Variance of the 4-neighbour Laplacian of a 2-D grey array."""
    g = grey.astype(np.float32)
    lap = g[1:-1, :-2] + g[1:-1, 2:] + g[:-2, 1:-1] + g[2:, 1:-1] - 4.0 * g[1:-1, 1:-1]
    return float(lap.var())


def measure(image: Image.Image) -> tuple[float, float]:
    """(mean brightness, Laplacian variance) of `image`, on a grey copy MEASURE_SIDE px long."""
    grey = image.convert("L")
    grey.thumbnail((MEASURE_SIDE, MEASURE_SIDE), Image.Resampling.BILINEAR, reducing_gap=2.0)
    pixels = np.asarray(grey)
    if min(pixels.shape) < 3:
        return float(pixels.mean()), 0.0
    return float(pixels.mean()), laplacian_variance(pixels)


def quality_warnings(image: Image.Image, original_size: tuple[int, int]) -> tuple[str, ...]:
    """Catalog codes (`upload.warning.<code>`) for what makes the photo hard to read."""
    found: list[str] = []
    if max(original_size) < MIN_LONG_SIDE:
        found.append("too_small")
    brightness, sharpness = measure(image)
    if brightness < DARK_MEAN:
        found.append("too_dark")
    elif sharpness < BLUR_VARIANCE:
        found.append("blurred")
    return tuple(found)
