"""Server-side validation of a dossier's answers against its procedure's form schema.

A small JSON Schema subset (object with properties/required/additionalProperties; string with
minLength, maxLength, enum, format; integer with minimum, maximum) plus the Vietnamese formats:
`vn-id-number` (12 digits), `vn-phone` (a Vietnamese mobile or landline, normalised to +84...),
`date-dmy` (a real calendar date written dd/mm/yyyy).
Each error is (field, message key, params) so pages and the API translate it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from auth.phones import normalise_phone

ID_NUMBER = re.compile(r"^\d{12}$")
DATE_DMY = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")

FieldError = tuple[str, str, dict[str, Any]]


def parse_dmy(value: str) -> date | None:
    match = DATE_DMY.match(value.strip())
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _check_format(fmt: str, value: str) -> str | None:
    if fmt == "vn-id-number" and not ID_NUMBER.match(value):
        return "form.error.id_number"
    if fmt == "vn-phone" and normalise_phone(value) is None:
        return "form.error.phone"
    if fmt == "date-dmy" and parse_dmy(value) is None:
        return "form.error.date"
    return None


def _check(name: str, spec: Mapping[str, Any], value: Any) -> FieldError | None:
    kind = spec.get("type")
    if kind == "integer":
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            return (name, "form.error.integer", {})
        if "minimum" in spec and value < spec["minimum"]:
            return (name, "form.error.minimum", {"minimum": spec["minimum"]})
        if "maximum" in spec and value > spec["maximum"]:
            return (name, "form.error.maximum", {"maximum": spec["maximum"]})
        return None
    if not isinstance(value, str):
        return (name, "form.error.string", {})
    if "enum" in spec and value not in spec["enum"]:
        return (name, "form.error.choice", {})
    if len(value.strip()) < spec.get("minLength", 0):
        return (name, "form.error.min_length", {"minimum": spec["minLength"]})
    if len(value) > spec.get("maxLength", 10_000):
        return (name, "form.error.max_length", {"maximum": spec["maxLength"]})
    message = _check_format(spec.get("format", ""), value.strip()) if value.strip() else None
    return (name, message, {}) if message else None


def validate_answers(
    schema: Mapping[str, Any], answers: Mapping[str, Any], *, partial: bool = False
) -> list[FieldError]:
    """Errors in the answers; `partial` (a draft being saved step by step) skips missing fields."""
    properties: Mapping[str, Any] = schema.get("properties", {})
    errors: list[FieldError] = []
    if schema.get("additionalProperties") is False:
        errors.extend((name, "form.error.unknown", {}) for name in answers if name not in properties)
    for name, spec in properties.items():
        value = answers.get(name)
        if value is None or value == "":
            if not partial and name in schema.get("required", []):
                errors.append((name, "form.error.required", {}))
            continue
        error = _check(name, spec, value)
        if error:
            errors.append(error)
    return errors


def clean_answers(schema: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers as stored: integers as int, phones normalised, strings trimmed, blanks dropped."""
    properties: Mapping[str, Any] = schema.get("properties", {})
    cleaned: dict[str, Any] = {}
    for name, value in answers.items():
        spec = properties.get(name, {})
        if value is None or value == "":
            continue
        if spec.get("type") == "integer" and isinstance(value, str):
            cleaned[name] = int(value)
        elif spec.get("format") == "vn-phone" and isinstance(value, str):
            cleaned[name] = normalise_phone(value) or value
        else:
            cleaned[name] = value.strip() if isinstance(value, str) else value
    return cleaned
