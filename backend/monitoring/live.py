"""Live figures for an open dashboard, safe with several server processes: each open stream
polls a cheap change watermark (the highest DossierEvent, Payment and StoredFile ids, each an
index lookup) every POLL_SECONDS and recomputes the figures when it moves — or every
REFRESH_SECONDS anyway, which catches changes that add no row (a rating, a payment turning paid,
the clock passing a due time). Only changed figures are sent."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from piccolo.query.functions.aggregate import Max

from backend.dossiers.tables import DossierEvent
from backend.payments.tables import Payment
from backend.uploads.tables import StoredFile

T = TypeVar("T")
POLL_SECONDS = 2.0
REFRESH_SECONDS = 30.0


async def _top(table: Any) -> Any:
    row = await table.select(Max(table.id, alias="top")).first()
    return row["top"] if row else None


async def watermark() -> tuple[Any, ...]:
    """The newest event, payment and file: one round trip's time per poll, not three."""
    return tuple(await asyncio.gather(*(_top(table) for table in (DossierEvent, Payment, StoredFile))))


async def updates(
    figures: Callable[[], Awaitable[T]],
    *,
    poll: float = POLL_SECONDS,
    refresh: float = REFRESH_SECONDS,
    mark: Callable[[], Awaitable[tuple[Any, ...]]] = watermark,
) -> AsyncIterator[T]:
    """Yields the current figures at once, then whenever they change."""
    last_mark = await mark()
    last = await figures()
    yield last
    waited = 0.0
    while True:
        await asyncio.sleep(poll)
        waited += poll
        now_mark = await mark()
        if now_mark == last_mark and waited < refresh:
            continue
        last_mark, waited = now_mark, 0.0
        current = await figures()
        if current != last:
            last = current
            yield current
