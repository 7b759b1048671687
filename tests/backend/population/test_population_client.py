"""The population adapter against the simulated database, over HTTP (ASGI transport)."""

from datetime import date

import httpx
import pytest
from litestar import Litestar

from backend.population.client import PopulationClient, PopulationUnavailable
from backend.settings import get_settings


async def test_a_known_person_comes_back_verified(app: Litestar) -> None:
    client = PopulationClient.from_settings(get_settings(), app.state.http_client)
    person = await client.lookup("001090012345")
    assert person is not None
    assert person.full_name == "Nguyễn Văn An"
    assert person.date_of_birth == date(1990, 5, 12)
    assert person.sex == "male"
    assert person.prefill()["date_of_birth"] == "12/05/1990"
    assert "Hàng Bạc" in person.permanent_address


async def test_unknown_or_malformed_numbers_are_nobody(app: Litestar) -> None:
    client = PopulationClient.from_settings(get_settings(), app.state.http_client)
    assert await client.lookup("999999999999") is None
    assert await client.lookup("12345") is None


async def test_a_wrong_key_or_an_unreachable_database_is_an_outage(app: Litestar) -> None:
    wrong = PopulationClient(get_settings().population_url, "wrong", app.state.http_client)
    with pytest.raises(PopulationUnavailable):
        await wrong.lookup("001090012345")
    down = PopulationClient("http://127.0.0.1:9", "k", httpx.AsyncClient(timeout=1))
    with pytest.raises(PopulationUnavailable):
        await down.lookup("001090012345")


async def test_the_id_number_never_travels_in_the_url(app: Litestar) -> None:
    seen: list[str] = []

    async def record(request: httpx.Request) -> None:
        seen.append(str(request.url))

    app.state.http_client.event_hooks["request"].append(record)
    client = PopulationClient.from_settings(get_settings(), app.state.http_client)
    await client.lookup("001090012345")
    assert seen
    assert all("001090012345" not in url for url in seen)
