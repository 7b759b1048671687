"""Form pieces several procedures share: the applicant step, prefilled from the population
database (`x-prefill` names the population field), and the contact step."""

from __future__ import annotations

from typing import Any

APPLICANT_PROPERTIES: dict[str, Any] = {
    "full_name": {"type": "string", "minLength": 2, "maxLength": 100, "x-prefill": "full_name"},
    "date_of_birth": {"type": "string", "format": "date-dmy", "x-prefill": "date_of_birth"},
    "sex": {"type": "string", "enum": ["male", "female"], "x-prefill": "sex"},
    "id_number": {"type": "string", "format": "vn-id-number", "x-prefill": "id_number"},
    "permanent_address": {
        "type": "string",
        "minLength": 5,
        "maxLength": 300,
        "x-prefill": "permanent_address",
    },
    "phone": {"type": "string", "format": "vn-phone"},
}
APPLICANT_REQUIRED = ["full_name", "date_of_birth", "sex", "id_number", "permanent_address", "phone"]

APPLICANT_LABELS: dict[str, dict[str, str]] = {
    "full_name": {"vi": "Họ, chữ đệm và tên", "en": "Full name"},
    "date_of_birth": {
        "vi": "Ngày sinh",
        "en": "Date of birth",
        "help_vi": "dd/mm/yyyy",
        "help_en": "dd/mm/yyyy",
    },
    "sex": {"vi": "Giới tính", "en": "Sex"},
    "id_number": {
        "vi": "Số định danh cá nhân",
        "en": "Personal ID number",
        "help_vi": "12 chữ số",
        "help_en": "12 digits",
    },
    "permanent_address": {"vi": "Nơi thường trú", "en": "Permanent address"},
    "phone": {
        "vi": "Số điện thoại",
        "en": "Phone number",
        "help_vi": "Để nhận thông báo về hồ sơ",
        "help_en": "For news about your dossier",
    },
}

APPLICANT_STEP = {
    "key": "applicant",
    "title_vi": "Người yêu cầu",
    "title_en": "Applicant",
    "fields": ["full_name", "date_of_birth", "sex", "id_number", "permanent_address", "phone"],
}


def form(
    properties: dict[str, Any],
    required: list[str],
    labels: dict[str, dict[str, str]],
    steps: list[dict[str, Any]],
) -> dict[str, Any]:
    """A procedure's form: the applicant step first, then the procedure's own steps."""
    return {
        "schema": {
            "type": "object",
            "properties": {**APPLICANT_PROPERTIES, **properties},
            "required": [*APPLICANT_REQUIRED, *required],
            "additionalProperties": False,
        },
        "steps": [APPLICANT_STEP, *steps],
        "labels": {**APPLICANT_LABELS, **labels},
    }
