"""format_exemption_list(): the annex wording of the seed internal-review letter, and the rules behind it."""

import pytest

from app.exemption import Catalogue, UnknownExemption, format_code, format_exemption_list

# The annex of the seed internal-review letter (law.md README): codes relied on -> the wording printed.
SEED_ANNEX = [
    (["s36(2)(b)(ii)", "s36(2)(c)"], "36(2)(b)(ii) and (c)"),
    (["s21", "s31", "s33", "s36(2)(b)(ii)", "s36(2)(c)"], "21, 31, 33 and 36(2)(b)(ii) and (c)"),
    (["s21", "s36(2)(b)(i)", "s36(2)(b)(ii)", "s36(2)(c)"], "21, 36(2)(b)(i) and (ii) and (c)"),
    ([], "n/a"),
    (["s36(2)(b)(i)", "s36(2)(b)(ii)", "s36(2)(c)"], "36(2)(b)(i) and (ii) and (c)"),
    (["s33", "s36(2)(b)(i)", "s36(2)(b)(ii)", "s36(2)(c)"], "33, 36(2)(b)(i) and (ii) and (c)"),
    (["s31(1)(g)", "s31(2)", "s33", "s36(2)(b)(ii)"], "31(1)(g) and 31(2), 33 and 36(2)(b)(ii)"),
]


@pytest.mark.parametrize(("codes", "expected"), SEED_ANNEX)
def test_seed_annex_rows(catalogue: Catalogue, codes: list[str], expected: str) -> None:
    assert format_exemption_list(codes, catalogue) == expected
    assert format_exemption_list(reversed(codes), catalogue) == expected


def test_purpose_alongside_its_limb(catalogue: Catalogue) -> None:
    assert format_exemption_list(["s31(2)(c)", "s31(1)(g)"], catalogue) == "31(1)(g) and 31(2)(c)"


def test_duplicates_and_loose_forms_are_merged(catalogue: Catalogue) -> None:
    codes = ["36(2)(c)", "s36(2)(c)", "section 36(2)(b)(ii)", "s36(2)(b)(ii)"]
    assert format_exemption_list(codes, catalogue) == "36(2)(b)(ii) and (c)"


def test_two_plain_groups_join_with_and(catalogue: Catalogue) -> None:
    assert format_exemption_list(["s43(2)", "s21"], catalogue) == "21 and 43(2)"
    assert format_exemption_list(["s22A", "s22", "s23", "s21"], catalogue) == "21, 22, 22A and 23"


def test_only_a_shared_bracketed_part_shortens(catalogue: Catalogue) -> None:
    assert format_exemption_list(["s27(1)(a)", "s27(2)"], catalogue) == "27(1)(a) and 27(2)"
    assert format_exemption_list(["s27(1)(a)", "s27(1)(d)"], catalogue) == "27(1)(a) and (d)"
    assert format_exemption_list(["s36(2)(b)", "s36(2)(b)(i)"], catalogue) == "36(2)(b) and 36(2)(b)(i)"


def test_eir_exceptions(catalogue: Catalogue) -> None:
    codes = ["reg12(5)(e)", "reg 12(4)(e)", "reg12(5)(d)", "reg13(2A)"]
    assert format_exemption_list(codes, catalogue) == "12(4)(e), 12(5)(d) and (e) and 13(1)"


def test_personal_data_conditions(catalogue: Catalogue) -> None:
    assert format_exemption_list(["s40(3A)", "s40(3B)"], catalogue) == "40(2) and 40(2) (second condition)"


def test_unknown_code_is_refused(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownExemption):
        format_exemption_list(["s25"], catalogue)


@pytest.mark.parametrize(
    ("code", "text"),
    [("s36(2)(b)(ii)", "36(2)(b)(ii)"), ("reg12(5)(e)", "12(5)(e)"), ("s22A", "22A"), ("reg13(1)", "13(1)"),
     ("s40(2)/second", "40(2) (second condition)"), ("s21", "21")],
)  # fmt: skip
def test_format_code(code: str, text: str) -> None:
    assert format_code(code) == text
