"""Third parties' details offered as suggestions: what the published formats say is one, and nothing else."""

from hypothesis import given, settings
from hypothesis import strategies as st

from app.personal_data import third_party
from app.personal_data.third_party import nhs_number_valid


def kinds(text: str) -> set[tuple[str, str]]:
    return {(h.kind, h.text) for h in third_party.find(text)}


def test_each_pattern_finds_its_kind() -> None:
    text = (
        "Write to pat@example.org or ring 020 7946 0958 or 07700 900123; she lives at SW1A 1AA. "
        "NI number QQ 12 34 56 C is not issued, but AB 12 34 56 C is the format. NHS number 943 476 5919."
    )
    found = kinds(text)
    assert ("email", "pat@example.org") in found
    assert ("phone", "020 7946 0958") in found
    assert ("phone", "07700 900123") in found
    assert ("postcode", "SW1A 1AA") in found
    assert ("National Insurance number", "AB 12 34 56 C") in found
    assert not any(text.startswith("QQ") for _, text in found)  # Q is never a first letter
    assert ("NHS number", "943 476 5919") in found


def test_an_nhs_number_needs_its_check_digit() -> None:
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")  # one digit out
    assert not kinds("Order 943 476 5918 shipped.") & {("NHS number", "943 476 5918")}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=9, max_size=9))
def test_the_check_digit_is_modulus_11(digits: list[int]) -> None:
    total = sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    number = "".join(map(str, digits))
    valid = [c for c in range(10) if nhs_number_valid(number + str(c))]
    assert valid == ([] if check == 10 else [check])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_read_without_error(text: str) -> None:
    for hit in third_party.find(text):
        assert hit.text
