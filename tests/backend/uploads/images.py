"""Real files made on the spot: photos with EXIF, HEIC, PDFs, decompression bombs, liars."""

from __future__ import annotations

import io
import struct
import zlib

import pillow_heif
from PIL import ExifTags, Image, ImageDraw

from simulators.clamd import EICAR

pillow_heif.register_heif_opener()


def page_photo(
    size: tuple[int, int] = (1600, 1200), *, colour: str = "white", ink: str = "black"
) -> Image.Image:
    """Something like a photographed paper: lines of text on a light page."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    step = max(12, size[1] // 40)
    for y in range(step, size[1] - step, step):
        draw.text((step, y), "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM " * 4, fill=ink, font_size=step * 0.7)
    return image


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def jpeg_with_orientation_and_gps(orientation: int = 6) -> bytes:
    """A 400×300 landscape JPEG whose top-left quarter is red, with EXIF orientation and GPS."""
    image = Image.new("RGB", (400, 300), "white")
    image.paste((255, 0, 0), (0, 0, 200, 150))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (21.0, 1.0, 42.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (105.0, 51.0, 12.0)
    return encode(image, "JPEG", exif=exif.tobytes(), quality=95, comment=b"taken at home")


def heic_photo(size: tuple[int, int] = (1200, 900)) -> bytes:
    return encode(page_photo(size), "HEIF", quality=80)


def png_bomb(side: int = 30_000) -> bytes:
    """A valid 1-bit PNG of side×side black pixels: 900 megapixels (2.7 GB as RGB) from a file of
    ~100 kB. Written row by row so the test itself never holds the image."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (side + 7) // 8)  # filter byte + packed pixels
    body = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def jpeg_bomb() -> bytes:
    """A small JPEG whose frame header claims 60000×60000 pixels."""
    data = bytearray(encode(Image.new("RGB", (64, 64), "grey"), "JPEG"))
    sof = data.find(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 60000, 60000)
    return bytes(data)


def truncated_jpeg() -> bytes:
    whole = encode(page_photo((1200, 900)), "JPEG", quality=90)
    return whole[: len(whole) // 2]


def pdf_document(pages: int = 2) -> bytes:
    images = [page_photo((600, 800)) for _ in range(pages)]
    return encode(images[0], "PDF", save_all=True, append_images=images[1:], resolution=100)


def jpeg_with_eicar() -> bytes:
    """A valid photo followed by the EICAR test string (what a scanner must catch)."""
    return encode(page_photo((900, 1200)), "JPEG") + EICAR


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
GIF = encode(Image.new("P", (10, 10)), "GIF")
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64
WINDOWS_EXE = b"MZ\x90\x00" + b"\x00" * 64
