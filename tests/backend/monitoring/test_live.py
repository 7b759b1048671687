"""The live stream: the first message carries the current figures; a new dossier event (an
officer's decision) produces an update with the changed figure; nothing is sent while nothing
changes."""

from __future__ import annotations

import asyncio

from backend.dossiers.tables import Dossier
from backend.monitoring.dashboard import compute, flat
from backend.monitoring.live import updates
from backend.monitoring.scope import Scope
from tests.backend.monitoring.dataset import NOW, PERIOD, build_month, event, vn


async def test_the_stream_emits_an_update_after_a_new_event() -> None:
    month = await build_month()
    scope = Scope((month.office_a.id,))

    async def figures() -> dict[str, str]:
        return flat(await compute(scope, PERIOD, NOW, []), "vi")

    stream = updates(figures, poll=0.05, refresh=3600)
    first = await anext(stream)
    assert first["progress.resolved"] == "3"
    # Nothing changed: no message within several polls.
    pending = asyncio.ensure_future(anext(stream))
    await asyncio.sleep(0.3)
    assert not pending.done()
    # An officer approves d3 (overdue): a decision event and the status, as rules.apply writes them.
    d3 = month.dossiers["d3"]
    await Dossier.update({Dossier.status: "approved"}).where(Dossier.id == d3.id)
    await event(d3, "approve", vn(23, 9), month.officer_y, "approved")
    update = await asyncio.wait_for(pending, timeout=30)
    assert update["progress.resolved"] == "4"
    assert update["progress.late"] == "2"
    assert update["progress.in_process"] == "2"
    await stream.aclose()
