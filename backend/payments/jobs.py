"""The payments domain's periodic jobs (scheduled in backend/schedule.py)."""

from __future__ import annotations

import httpx

from backend.payments.gateway import provider_for
from backend.payments.reconcile import reconcile_due
from backend.settings import get_settings


async def reconcile_payments(client: httpx.AsyncClient | None = None) -> dict[str, int]:
    """Settle attempts pending past their expiry from the gateway's own record (querydr)."""
    if client is not None:
        return await reconcile_due(provider_for(get_settings(), client))
    async with httpx.AsyncClient(timeout=15) as own:
        return await reconcile_due(provider_for(get_settings(), own))
