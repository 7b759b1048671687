"""The fee a dossier owes, from the procedure's fee kind and rule and the citizen's answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _count(answers: Mapping[str, Any], field: str) -> int:
    value = answers.get(field, 1)
    return value if isinstance(value, int) and value > 0 else 1


def fee_for(fee_kind: str, fee_vnd: int, rule: Mapping[str, Any], answers: Mapping[str, Any]) -> int:
    """Whole đồng. `free` is 0; `fixed` is the base fee; `by_answers` applies the rule:

    - extra_copies: the base fee covers `included` copies; each further copy adds `per_copy`
      (criminal record certificates: 200.000 ₫, from the 3rd copy 5.000 ₫ each);
    - pages_per_copy: per copy, `first_rate` for each of the first `first_pages` pages and
      `next_rate` for each further page, at most `cap_per_copy` (certified copies).
    """
    if fee_kind == "free":
        return 0
    if fee_kind == "fixed" or not rule:
        return fee_vnd
    kind = rule.get("kind")
    if kind == "extra_copies":
        extra = max(_count(answers, rule["field"]) - int(rule["included"]), 0)
        return fee_vnd + extra * int(rule["per_copy"])
    if kind == "pages_per_copy":
        pages = _count(answers, rule["pages_field"])
        first = min(pages, int(rule["first_pages"]))
        per_copy = first * int(rule["first_rate"]) + (pages - first) * int(rule["next_rate"])
        return fee_vnd + _count(answers, rule["copies_field"]) * min(per_copy, int(rule["cap_per_copy"]))
    raise ValueError(f"unknown fee rule {kind!r}")
