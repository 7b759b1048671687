"""What the officer checked at reception: which of the procedure's required documents were
actually handed over, and how many pages each. Stored on the dossier with the `receive`
transition; the receipt and the counter page list them.

The list is `[{"key": <required document key>, "pages": n}]`. A key the procedure does not
require, a repeated key or a page count outside 1..500 is refused (422) and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from backend.errors import Problem

MAX_PAGES = 500


def clean_received(
    procedure_documents: list[dict[str, Any]] | None, items: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The checked documents in the procedure's order, or Problem(422)."""
    required = [str(doc["key"]) for doc in procedure_documents or []]
    pages: dict[str, int] = {}
    for item in items:
        key = str(item.get("key", ""))
        if key not in required:
            raise Problem(422, "received_document_unknown", params={"document": key[:60]})
        if key in pages:
            raise Problem(422, "received_document_repeated", params={"document": key})
        count = item.get("pages")
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_PAGES:
            raise Problem(422, "received_pages_invalid", params={"document": key, "max": MAX_PAGES})
        pages[key] = count
    return [{"key": key, "pages": pages[key]} for key in required if key in pages]


def from_form(
    procedure_documents: list[dict[str, Any]] | None, form: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The counter page's check-list: a checkbox `doc-<key>` and a page count `pages-<key>` per
    required document. An unreadable page count is Problem(422) as in the API."""
    items: list[dict[str, Any]] = []
    for doc in procedure_documents or []:
        key = str(doc["key"])
        if form.get(f"doc-{key}"):
            raw = str(form.get(f"pages-{key}", "")).strip()
            items.append({"key": key, "pages": int(raw) if raw.isdigit() else raw})
    return clean_received(procedure_documents, items)


def received_lines(dossier: dict[str, Any], locale: str) -> list[dict[str, Any]] | None:
    """Names and page counts of what was received, or None when reception recorded nothing."""
    received = dossier.get("received_documents")
    if received is None:
        return None
    names = {
        str(doc["key"]): str(doc.get(f"name_{locale}") or doc["name_vi"])
        for doc in dossier["procedure_documents"] or []
    }
    return [
        {"key": item["key"], "name": names.get(item["key"], item["key"]), "pages": item["pages"]}
        for item in received
    ]
