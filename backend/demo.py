"""Demo data for `make run`: each domain contributes a loader; loaders are idempotent.

A loader returns lines to print (for instance the demo accounts it created and how to log in).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from auth.demo import load_identities
from backend.offices.demo import load_offices
from backend.procedures.demo import load_procedures
from backend.scheduling.demo import load_windows

Loader = Callable[[], Awaitable[list[str]]]

# In dependency order (offices before staff, procedures before dossiers).
LOADERS: list[Loader] = [load_offices, load_identities, load_procedures, load_windows]


async def load_all() -> list[str]:
    lines: list[str] = []
    for loader in LOADERS:
        lines.extend(await loader())
    return lines


if __name__ == "__main__":
    for line in asyncio.run(load_all()):
        print(line)
