"""The engine keeps itself: runs left behind by a dead worker are run again, and finished runs
are removed after a while (docs/retention.md). `build_app` schedules both on every engine."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import structlog
from procrastinate import exceptions
from procrastinate.manager import JobManager

log = structlog.get_logger("motcua.jobs")

# A worker that has not beaten its heart for this long is dead (Procrastinate beats every 10 s).
STALLED_AFTER_S = 60.0
SUCCEEDED_KEPT_HOURS = 7 * 24
DEAD_KEPT_HOURS = 30 * 24


async def recover_stalled(manager: JobManager) -> int:
    """Put back in the queue every run whose worker died mid-run (killed, machine lost). It runs
    again from the start, as a retry does; every job here is safe to repeat."""
    recovered = 0
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER_S):
        assert job.id is not None
        try:
            # No retry time: due at once, by the database's own clock.
            await manager.retry_job_by_id_async(job.id, retry_at=cast(datetime, None))
        except exceptions.ConnectorException:  # another worker recovered it first
            continue
        recovered += 1
        log.warning("job run recovered from a dead worker", job_id=job.id, task=job.task_name)
    return recovered


async def remove_finished(manager: JobManager) -> None:
    """Succeeded runs go after a week; dead and cancelled ones after 30 days."""
    await manager.delete_old_jobs(nb_hours=SUCCEEDED_KEPT_HOURS)
    await manager.delete_old_jobs(
        nb_hours=DEAD_KEPT_HOURS, include_failed=True, include_cancelled=True, include_aborted=True
    )
