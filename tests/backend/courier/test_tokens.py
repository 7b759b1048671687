"""The token and short-code format on their own: what is inside, what verifies, key rotation."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backend.courier import tokens
from backend.settings import Settings, SettingsError, from_env

WHEN = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def test_a_token_carries_purpose_id_and_expiry_and_nothing_else() -> None:
    settings = Settings()
    token_id = tokens.new_token_id()
    token = tokens.sign(settings, token_id, "delivery", WHEN)
    assert re.fullmatch(r"MC1\.[A-Za-z0-9_-]{23}\.[A-Za-z0-9_-]{22}", token)
    assert tokens.verify(settings, token) == tokens.TokenClaims(token_id, "delivery", WHEN)


def test_another_key_or_another_purpose_does_not_verify() -> None:
    token = tokens.sign(Settings(), tokens.new_token_id(), "pickup", WHEN)
    with pytest.raises(tokens.TokenInvalid):
        tokens.verify(Settings(secret_key="another-secret-key-of-enough-length-000"), token)
    head, payload, tag = token.split(".")
    raw = bytearray(tokens._unb64(payload))
    raw[0] = 2  # claim "delivery" with the pickup code's tag
    with pytest.raises(tokens.TokenInvalid):
        tokens.verify(Settings(), f"{head}.{tokens._b64(bytes(raw))}.{tag}")


def test_tokens_signed_before_a_secret_rotation_still_verify() -> None:
    old = Settings(secret_key="old-secret-key-with-thirty-two-chars!")
    token = tokens.sign(old, tokens.new_token_id(), "pickup", WHEN)
    rotated = dataclasses.replace(
        old, secret_key="new-secret-key-with-thirty-two-chars!", previous_secret_keys=(old.secret_key,)
    )
    assert tokens.verify(rotated, token).purpose == "pickup"


def test_short_codes_use_no_look_alike_characters_and_typing_is_forgiving() -> None:
    code = tokens.short_code(tokens.keys(Settings())[0], tokens.new_token_id())
    assert len(code) == 8
    assert not set(code) & set("01OIL")
    assert tokens.normalise_short(f" {code[:4].lower()}-{code[4:]} ") == code
    assert tokens.normalise_short("ABCD-EFG0") is None
    assert tokens.normalise_short("ABC") is None


def test_the_ttl_and_key_come_from_the_environment() -> None:
    settings = from_env({"MOTCUA_PICKUP_CODE_TTL_S": "3600", "MOTCUA_PICKUP_CODE_KEY": "k" * 32})
    assert (settings.pickup_code_ttl_s, settings.pickup_code_key) == (3600, "k" * 32)
    with pytest.raises(SettingsError, match="MOTCUA_PICKUP_CODE_TTL_S"):
        from_env({"MOTCUA_PICKUP_CODE_TTL_S": "0"})


def test_custody_events_have_no_update_or_delete_path() -> None:
    package = Path(__file__).resolve().parents[3] / "backend" / "courier"
    source = "\n".join(path.read_text(encoding="utf-8") for path in package.glob("*.py"))
    assert not re.search(r"CustodyEvent\.(update|delete|raw)\b", source)
