import pytest

from auth.phones import normalise_phone


@pytest.mark.parametrize(
    "raw", ["0912345678", "+84912345678", "84912345678", "+84 912 345 678", "091.234.5678", "0912-345-678"]
)
def test_every_vietnamese_form_of_a_mobile_number_is_the_same_person(raw: str) -> None:
    assert normalise_phone(raw) == "+84912345678"


@pytest.mark.parametrize("raw", ["", "912345678", "+1 415 555 0100", "0012345678", "09123", "09123456789012"])
def test_what_is_not_a_vietnamese_number_is_refused(raw: str) -> None:
    assert normalise_phone(raw) is None
