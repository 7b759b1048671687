import pytest

from auth.phones import normalise_phone
from backend.procedures.catalogue import CERTIFIED_COPY, CRIMINAL_RECORD, PASSPORT
from backend.procedures.fees import fee_for
from backend.procedures.validation import clean_answers, parse_dmy, validate_answers


def fee(procedure: dict, answers: dict) -> int:
    return fee_for(procedure["fee_kind"], procedure["fee_vnd"], procedure["fee_rule"], answers)


@pytest.mark.parametrize(("copies", "expected"), [(1, 200000), (2, 200000), (3, 205000), (5, 215000)])
def test_criminal_record_fee_grows_from_the_third_copy(copies: int, expected: int) -> None:
    assert fee(CRIMINAL_RECORD, {"copies": copies}) == expected


@pytest.mark.parametrize(
    ("pages", "copies", "expected"),
    [(1, 1, 2000), (2, 1, 4000), (5, 1, 7000), (5, 3, 21000), (400, 1, 200000), (400, 2, 400000)],
)
def test_certified_copy_fee_by_pages_with_a_cap(pages: int, copies: int, expected: int) -> None:
    assert fee(CERTIFIED_COPY, {"pages": pages, "copies": copies}) == expected


def test_fixed_fee_ignores_answers() -> None:
    assert fee(PASSPORT, {"copies": 9}) == 200000


SCHEMA = CRIMINAL_RECORD["form"]["schema"]
GOOD = {
    "full_name": "Nguyễn Văn An",
    "date_of_birth": "12/05/1990",
    "sex": "male",
    "id_number": "001090012345",
    "permanent_address": "Số 12 Phố Hàng Bạc, Hà Nội",
    "phone": "0912 345 678",
    "certificate_type": "1",
    "copies": "2",
    "purpose": "Xin việc",
}


def test_good_answers_pass_and_are_cleaned() -> None:
    assert validate_answers(SCHEMA, GOOD) == []
    cleaned = clean_answers(SCHEMA, GOOD)
    assert cleaned["phone"] == "+84912345678"
    assert cleaned["copies"] == 2


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("id_number", "00109001234", "form.error.id_number"),
        ("id_number", "00109001234a", "form.error.id_number"),
        ("phone", "12345", "form.error.phone"),
        ("date_of_birth", "31/02/1990", "form.error.date"),
        ("date_of_birth", "1990-05-12", "form.error.date"),
        ("copies", "0", "form.error.minimum"),
        ("copies", "two", "form.error.integer"),
        ("certificate_type", "3", "form.error.choice"),
        ("purpose", "", "form.error.required"),
        ("nickname", "An", "form.error.unknown"),
    ],
)
def test_each_bad_field_gets_its_own_message(field: str, value: str, key: str) -> None:
    errors = validate_answers(SCHEMA, {**GOOD, field: value})
    assert [(name, message) for name, message, _ in errors] == [(field, key)]


def test_a_draft_may_leave_fields_empty_but_not_wrong() -> None:
    assert validate_answers(SCHEMA, {"full_name": "An B"}, partial=True) == []
    assert validate_answers(SCHEMA, {"phone": "1"}, partial=True)[0][1] == "form.error.phone"


def test_phone_and_date_parsers() -> None:
    assert normalise_phone("+84 987 654 321") == "+84987654321"
    assert normalise_phone("84987654321") == "+84987654321"
    assert normalise_phone("0987-654-32") is None
    assert parse_dmy("29/02/2000") is not None
    assert parse_dmy("29/02/2001") is None
