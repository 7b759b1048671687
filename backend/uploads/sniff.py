"""What a file is, decided by its first bytes — never by its name or the type the client declared.

A name or declared type that names another accepted type is a lie (a PNG called scan.jpg) and is
refused; a missing or generic one (``blob``, ``application/octet-stream``) is ignored.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from backend.errors import Problem

# Accepted kinds and the MIME type each is known by.
ACCEPTED = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "heif": "image/heif",
    "pdf": "application/pdf",
}
IMAGE_KINDS = frozenset({"jpeg", "png", "webp", "heif"})
HEIF_BRANDS = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"}
)

_EXTENSIONS = {
    ".jpg": "jpeg", ".jpeg": "jpeg", ".jpe": "jpeg", ".jfif": "jpeg",
    ".png": "png", ".webp": "webp", ".heic": "heif", ".heif": "heif", ".hif": "heif", ".pdf": "pdf",
}  # fmt: skip
_DECLARED = {
    "image/jpeg": "jpeg", "image/jpg": "jpeg", "image/pjpeg": "jpeg", "image/png": "png",
    "image/webp": "webp", "image/heic": "heif", "image/heif": "heif", "image/heic-sequence": "heif",
    "image/heif-sequence": "heif", "application/pdf": "pdf",
}  # fmt: skip


def _refused_kind(head: bytes) -> str:
    """A short, safe name for a type we recognise but refuse (shown in the message)."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if stripped.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in stripped[:1024]:
        return "SVG"
    if head.startswith(
        (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe")
    ):
        return "EXE"
    if head.startswith(b"PK\x03\x04"):
        return "ZIP"
    if head[4:8] == b"ftyp":
        return "VIDEO"
    if stripped.startswith((b"<html", b"<!doctype html")):
        return "HTML"
    return "unknown"


def sniff(data: bytes) -> str:
    """The accepted kind of `data` ("jpeg", "png", "webp", "heif", "pdf"), or a 415 problem."""
    if not data:
        raise Problem(422, "upload_empty")
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and (data[8:12] in HEIF_BRANDS):
        return "heif"
    if data.startswith(b"%PDF-"):
        return "pdf"
    raise Problem(415, "upload_unsupported_type", detected=_refused_kind(data[:2048]))


def claimed_kind(filename: str | None, declared_type: str | None) -> set[str]:
    """The accepted kinds that the client's file name and declared type name."""
    claims: set[str] = set()
    if filename:
        kind = _EXTENSIONS.get(PurePosixPath(filename.replace("\\", "/")).suffix.lower())
        if kind:
            claims.add(kind)
    if declared_type:
        kind = _DECLARED.get(declared_type.split(";", 1)[0].strip().lower())
        if kind:
            claims.add(kind)
    return claims


def check_type(data: bytes, filename: str | None, declared_type: str | None) -> str:
    """Sniff `data` and refuse it when its name or declared type says it is something else."""
    kind = sniff(data)
    lies = claimed_kind(filename, declared_type) - {kind}
    if lies:
        raise Problem(
            415, "upload_type_mismatch", params={"claimed": sorted(lies)[0].upper(), "actual": kind.upper()}
        )
    return kind
