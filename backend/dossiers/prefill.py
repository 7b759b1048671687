"""Once-only prefill: the citizen's verified data from the population database, if it knows them.

The fields it fills are shown read-only on the form, and what the citizen posts for them is
replaced by the verified values, so a read-only field cannot be changed by editing the page.
"""

from __future__ import annotations

from typing import Any

import structlog
from litestar.datastructures import State

from auth.principal import Principal
from auth.tables import Citizen
from backend.population.client import PopulationClient, PopulationUnavailable

log = structlog.get_logger("motcua.dossiers")


async def verified_answers(state: State, principal: Principal) -> dict[str, str]:
    """Answers the population database vouches for; empty when it does not know or is down."""
    row = await Citizen.select(Citizen.id_number).where(Citizen.id == principal.id).first()
    if row is None or not row["id_number"]:
        return {}
    client = PopulationClient.from_settings(state.settings, state.http_client)
    try:
        person = await client.lookup(str(row["id_number"]))
    except PopulationUnavailable as exc:
        log.warning("population database unavailable; the citizen types instead", reason=str(exc))
        return {}
    return person.prefill() if person else {}


def with_verified(answers: dict[str, Any], verified: dict[str, str]) -> dict[str, Any]:
    return {**answers, **verified}
