"""A live MotCua (Granian, as `make run` serves it) whose push simulator the real channel and
real worker processes talk to over HTTP, and helpers to drive that simulator."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from backend.run import server_command, spawn, stop

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def push_service() -> Iterator[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = spawn(
        server_command(port), cwd=ROOT, env={**os.environ, "PORT": str(port), "MOTCUA_BASE_URL": base}
    )
    try:
        for _ in range(300):
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


class PushSim:
    """The test's side of the simulator: register devices, tell them how to answer, read what
    they decrypted."""

    def __init__(self, base: str) -> None:
        self.base = base

    async def device(self, **keys: str) -> dict[str, Any]:
        async with httpx.AsyncClient() as http:
            response = await http.post(f"{self.base}/_sim/push/subscriptions", json=keys)
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def tell(self, sub_id: str, **behaviour: Any) -> None:
        async with httpx.AsyncClient() as http:
            response = await http.put(
                f"{self.base}/_sim/push/subscriptions/{sub_id}/behaviour", json=behaviour
            )
        assert response.status_code == 200, response.text

    async def seen(self, sub_id: str) -> dict[str, Any]:
        async with httpx.AsyncClient() as http:
            response = await http.get(f"{self.base}/_sim/push/subscriptions/{sub_id}/messages")
        assert response.status_code == 200, response.text
        return dict(response.json())


@pytest.fixture
def push_sim(push_service: str) -> PushSim:
    return PushSim(push_service)
