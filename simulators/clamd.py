"""A tiny clamd: speaks ClamAV's TCP protocol (PING, zINSTREAM with length-prefixed chunks) so the
real scan adapter (backend/uploads/scan.py) can be tested without ClamAV.

It answers `stream: Eicar-Test-Signature FOUND` when the stream holds the EICAR test string and
`stream: OK` otherwise; `mode="hang"` reads the stream and never answers, `mode="error"` answers
an error line. clamd is not HTTP, so this is not mounted under /_sim: tests (and developers, with
`python -m simulators.clamd PORT`) start it on a local port.
"""

from __future__ import annotations

import asyncio
import struct
import sys

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
MAX_STREAM = 25 * 1024 * 1024  # clamd's StreamMaxLength default


class ClamdSimulator:
    def __init__(self, mode: str = "scan") -> None:
        self.mode = mode
        self.server: asyncio.Server | None = None
        self.streams_scanned = 0
        self.address = ""
        self._handlers: set[asyncio.Task[None]] = set()

    async def _read_stream(self, reader: asyncio.StreamReader) -> bytes | None:
        parts: list[bytes] = []
        total = 0
        while True:
            (size,) = struct.unpack(">I", await reader.readexactly(4))
            if size == 0:
                return b"".join(parts)
            total += size
            if total > MAX_STREAM:
                return None
            parts.append(await reader.readexactly(size))

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._handlers.add(task)
        try:
            command = await reader.readuntil(b"\0")
            if command in (b"zPING\0", b"nPING\n"):
                writer.write(b"PONG\0")
            elif command == b"zINSTREAM\0":
                stream = await self._read_stream(reader)
                self.streams_scanned += 1
                if self.mode == "hang":
                    await asyncio.Event().wait()
                if stream is None:
                    writer.write(b"INSTREAM size limit exceeded. ERROR\0")
                elif self.mode == "error":
                    writer.write(b"stream: Can't allocate memory ERROR\0")
                elif EICAR in stream:
                    writer.write(b"stream: Eicar-Test-Signature FOUND\0")
                else:
                    writer.write(b"stream: OK\0")
            else:
                writer.write(b"UNKNOWN COMMAND\0")
            await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        finally:
            writer.close()
            if task is not None:
                self._handlers.discard(task)

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen and return the "host:port" address to give MOTCUA_CLAMD."""
        self.server = await asyncio.start_server(self._handle, host, port)
        bound = self.server.sockets[0].getsockname()
        self.address = f"{bound[0]}:{bound[1]}"
        return self.address

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            for task in list(self._handlers):  # a hanging scan is still waiting
                task.cancel()
            await self.server.wait_closed()


async def _serve(port: int) -> None:
    simulator = ClamdSimulator()
    print(f"clamd simulator on {await simulator.start(port=port)}")
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(_serve(int(sys.argv[1]) if len(sys.argv) > 1 else 3310))
