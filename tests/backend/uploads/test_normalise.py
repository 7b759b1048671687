"""What is stored: upright, metadata-free, size-bounded JPEGs with thumbnails; bombs and broken
files refused before they cost anything."""

import io

import pytest
from PIL import Image, ImageFile, ImageFilter

from backend.errors import Problem
from backend.settings import get_settings
from backend.uploads.normalise import Budget, normalise, normalise_sync
from tests.backend.uploads import images

BUDGET = Budget.from_settings(get_settings())


def _opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


async def test_a_sideways_phone_photo_comes_out_upright_without_exif_or_gps() -> None:
    original = images.jpeg_with_orientation_and_gps(6)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825), "the test photo must carry GPS"
    result = await normalise(original, "jpeg", BUDGET)
    stored = _opened(result.data)
    assert stored.format == "JPEG"
    assert stored.size == (300, 400) == (result.width, result.height)  # rotated a quarter turn
    red, white = (255, 0, 0), (255, 255, 255)
    # Orientation 6 means "turn clockwise to view": the stored top-left quarter is now top-right.
    assert max(abs(a - b) for a, b in zip(stored.getpixel((250, 50)), red, strict=True)) < 40
    assert max(abs(a - b) for a, b in zip(stored.getpixel((50, 50)), white, strict=True)) < 40
    assert len(stored.getexif()) == 0
    assert "exif" not in stored.info
    assert "comment" not in stored.info
    assert "icc_profile" not in stored.info
    assert b"Exif\x00\x00" not in result.data
    assert b"PhoneMaker" not in result.data
    assert b"taken at home" not in result.data
    assert result.sha256
    assert len(result.sha256) == 64


def test_heic_is_converted_to_jpeg() -> None:
    result = normalise_sync(images.heic_photo((1200, 900)), "heif", BUDGET)
    assert result.mime == "image/jpeg"
    assert _opened(result.data).format == "JPEG"
    assert (result.width, result.height) == (1200, 900)


def test_a_large_photo_is_downscaled_to_the_budget_with_a_thumbnail() -> None:
    data = images.encode(images.page_photo((4000, 3000)), "JPEG", quality=95)
    result = normalise_sync(data, "jpeg", BUDGET)
    assert max(result.width or 0, result.height or 0) <= BUDGET.long_side
    assert len(result.data) <= BUDGET.budget_bytes
    assert result.thumbnail is not None
    assert max(_opened(result.thumbnail).size) <= BUDGET.thumb_side


def test_a_photo_over_the_byte_budget_is_squeezed_under_it() -> None:
    small_budget = Budget(BUDGET.max_pixels, 2000, 90, 60_000, 320, 10)
    result = normalise_sync(images.encode(images.page_photo((2000, 1500)), "PNG"), "png", small_budget)
    assert len(result.data) <= 60_000
    assert _opened(result.data).size == (result.width, result.height)


def test_transparency_becomes_white_not_black() -> None:
    clear = Image.new("RGBA", (900, 900), (0, 0, 0, 0))
    result = normalise_sync(images.encode(clear, "PNG"), "png", BUDGET)
    assert _opened(result.data).convert("RGB").getpixel((10, 10)) == (255, 255, 255)


@pytest.mark.parametrize(("bomb", "kind"), [(images.png_bomb, "png"), (images.jpeg_bomb, "jpeg")])
def test_a_decompression_bomb_is_refused_before_it_is_decoded(
    bomb: object, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = bomb()  # type: ignore[operator]
    assert len(data) < 1_000_000
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # our own limit must stop it, not Pillow's
    width, height = Image.open(io.BytesIO(data)).size
    assert width * height > 10 * BUDGET.max_pixels
    loads: list[tuple[int, int]] = []
    real_load = ImageFile.ImageFile.load

    def spy(self: ImageFile.ImageFile):  # type: ignore[no-untyped-def]
        loads.append(self.size)
        return real_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    with pytest.raises(Problem) as refused:
        normalise_sync(data, kind, BUDGET)
    assert refused.value.code == "upload_too_many_pixels"
    assert refused.value.status_code == 422
    assert loads == []  # refused from the header: not one pixel decoded


def test_draft_mode_is_set_before_the_image_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import JpegImagePlugin

    events: list[str] = []
    real_draft, real_load = JpegImagePlugin.JpegImageFile.draft, ImageFile.ImageFile.load

    def draft(self, mode, size):  # type: ignore[no-untyped-def]
        events.append(f"draft {size[0]}x{size[1]}")
        return real_draft(self, mode, size)

    def load(self):  # type: ignore[no-untyped-def]
        events.append(f"load {self.size[0]}x{self.size[1]}")
        return real_load(self)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", draft)
    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    normalise_sync(images.encode(images.page_photo((4000, 3000)), "JPEG"), "jpeg", BUDGET)
    assert events[0] == "draft 2000x1500"
    assert events[1] == "load 2000x1500"  # libjpeg decoded at half scale, never the full 12 MP


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (images.truncated_jpeg(), "jpeg"),
        (images.encode(images.page_photo((300, 300)), "PNG")[:400], "png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "jpeg"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 garbage", "webp"),
    ],
)
def test_truncated_or_corrupt_images_answer_422(data: bytes, kind: str) -> None:
    with pytest.raises(Problem) as refused:
        normalise_sync(data, kind, BUDGET)
    assert refused.value.status_code == 422
    assert refused.value.code == "upload_corrupt"


def test_quality_warnings_name_what_makes_a_photo_hard_to_read() -> None:
    sharp = images.page_photo((1600, 1200))
    assert normalise_sync(images.encode(sharp, "JPEG"), "jpeg", BUDGET).warnings == ()
    blurred = sharp.filter(ImageFilter.GaussianBlur(10))
    assert normalise_sync(images.encode(blurred, "JPEG"), "jpeg", BUDGET).warnings == ("blurred",)
    dark = images.page_photo((1600, 1200), colour="#141414", ink="#303030")
    assert "too_dark" in normalise_sync(images.encode(dark, "JPEG"), "jpeg", BUDGET).warnings
    small = images.page_photo((400, 300))
    assert "too_small" in normalise_sync(images.encode(small, "JPEG"), "jpeg", BUDGET).warnings
