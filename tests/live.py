"""A live MotCua on a free port, served by the same Granian command as `make run`: for browser
journeys and for tests whose real clients (push channel, worker processes) talk to it over HTTP."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from backend.run import server_command, spawn, stop

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_motcua(tries: int = 200) -> Iterator[str]:
    """Start the server, wait (up to `tries` × 0.1 s) for /health, yield its base URL, stop it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = spawn(
        server_command(port), cwd=ROOT, env={**os.environ, "PORT": str(port), "MOTCUA_BASE_URL": base}
    )
    try:
        for _ in range(tries):
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError("server did not answer /health")
        yield base
    finally:
        stop(process)
