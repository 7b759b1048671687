"""A live MotCua (Granian, as `make run` serves it) whose push simulator the real channel and
real worker processes talk to over HTTP, and helpers to drive that simulator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.live import running_motcua

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def push_service() -> Iterator[str]:
    with running_motcua(tries=300) as base:
        yield base


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
