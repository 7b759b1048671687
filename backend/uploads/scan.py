"""Malware scan before a file is accepted: ClamAV's clamd over TCP with the INSTREAM command.

Configured by MOTCUA_CLAMD ("host:port"); without it no scan runs. A scan that finds something
rejects the file (422); one that fails, answers nonsense or outlasts MOTCUA_CLAMD_TIMEOUT rejects
it too (503: try again later) — a file is never accepted unscanned when a scanner is configured.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct

import structlog

from backend.errors import Problem

CHUNK = 64 * 1024
log = structlog.get_logger("motcua.uploads.scan")


def _split_address(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    return host.strip("[]") or "127.0.0.1", int(port)


async def _instream(data: bytes, host: str, port: int) -> bytes:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(b"zINSTREAM\0")
        for start in range(0, len(data), CHUNK):
            chunk = data[start : start + CHUNK]
            writer.write(struct.pack(">I", len(chunk)) + chunk)
            await writer.drain()
        writer.write(struct.pack(">I", 0))
        await writer.drain()
        return await reader.readuntil(b"\0")
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def scan(data: bytes, address: str, timeout: float) -> None:  # noqa: ASYNC109
    """Return when clamd at `address` says the stream is clean; raise a Problem otherwise."""
    host, port = _split_address(address)
    try:
        async with asyncio.timeout(timeout):
            reply = await _instream(data, host, port)
    except (TimeoutError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
        log.warning("malware scan failed", reason=type(exc).__name__)
        raise Problem(503, "upload_scan_unavailable") from None
    text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if text.endswith(" OK") or text == "OK":
        return
    if text.endswith(" FOUND"):
        log.warning(
            "malware found", signature=text.removeprefix("stream:").removesuffix("FOUND").strip()[:100]
        )
        raise Problem(422, "upload_infected")
    log.warning("malware scan answered an error", reply=text[:100])
    raise Problem(503, "upload_scan_unavailable")
