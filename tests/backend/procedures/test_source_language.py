"""English pages show the legal basis in English where a translation exists, and say so where
it is only in Vietnamese (marked lang="vi" for screen readers)."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.backend.dossiers.helpers import LLTP, catalogue

EN = {"Accept-Language": "en"}


async def test_the_legal_basis_in_the_readers_language_or_marked_vietnamese(
    client: AsyncTestClient[Litestar],
) -> None:
    await catalogue()
    translated = await client.get(f"/procedures/{LLTP}", headers=EN)
    assert 'lang="en" data-testid="procedure-source">Law on Judicial Records 28/2009/QH12' in translated.text
    assert 'data-testid="source-language"' not in translated.text
    untranslated = await client.get("/procedures/1.001193", headers=EN)  # birth registration
    assert 'lang="vi" data-testid="procedure-source">' in untranslated.text
    assert "in Vietnamese: no English translation yet" in untranslated.text
    vietnamese = await client.get(f"/procedures/{LLTP}")
    assert 'lang="vi" data-testid="procedure-source">Luật Lý lịch tư pháp' in vietnamese.text
    assert 'data-testid="source-language"' not in vietnamese.text
    api = (await client.get(f"/api/v1/procedures/{LLTP}", headers=EN)).json()
    assert (api["source_lang"], api["source"][:3]) == ("en", "Law")
