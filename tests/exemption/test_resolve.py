"""Catalogue.resolve(), purpose() and sort_key(): what a caseworker types, turned into a citation."""

import pytest

from app.errors import Unprocessable
from app.exemption import (
    AmbiguousExemption,
    Catalogue,
    UnknownExemption,
    UnsupportedRegime,
    WrongRegime,
)


@pytest.mark.parametrize(
    "typed",
    ["s36(2)(b)(ii)", "36(2)(b)(ii)", "S36(2)(b)(ii)", "section 36(2)(b)(ii)", "s 36 (2) (b) (ii)",
     "Section 36(2)(B)(II)", "s.36(2)(b)(ii)", "  sec 36(2)(b)(ii) "],
)  # fmt: skip
def test_loose_forms_of_a_foia_limb(catalogue: Catalogue, typed: str) -> None:
    assert catalogue.resolve(typed).code == "s36(2)(b)(ii)"


@pytest.mark.parametrize("typed", ["reg12(5)(e)", "12(5)(e)", "reg 12(5)(e)", "Regulation 12(5)(e)", "EIR 12(5)(e)"])
def test_loose_forms_of_an_eir_exception(catalogue: Catalogue, typed: str) -> None:
    assert catalogue.resolve(typed).code == "reg12(5)(e)"
    assert catalogue.resolve(typed, regime="eir").code == "reg12(5)(e)"


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [("s40(2)/first", "s40(2)"), ("s40(3A)", "s40(2)"), ("40(3A)(a)", "s40(2)"), ("s40(3B)", "s40(2)/second"),
     ("s40(4A)", "s40(2)/third"), ("s40(5B)(a)(i)", "s40(5B)"), ("reg 13(2A)", "reg13(1)"),
     ("s22a", "s22A"), ("22A(1)", "s22A(1)")],
)  # fmt: skip
def test_aliases_resolve_to_the_canonical_limb(catalogue: Catalogue, typed: str, canonical: str) -> None:
    assert catalogue.resolve(typed).code == canonical


def test_citation_of_a_qualified_person_limb(catalogue: Catalogue) -> None:
    citation = catalogue.resolve("s36(2)(b)(ii)", regime="foia")
    assert citation.section.code == "s36"
    assert citation.limb is not None
    assert citation.limb.code == "s36(2)(b)(ii)"
    assert not citation.absolute
    assert citation.requires_public_interest_test
    assert citation.requires_qualified_person
    assert not citation.requires_purpose
    assert "free and frank exchange of views" in citation.description


def test_citation_flags_for_purpose_and_legitimate_interests(catalogue: Catalogue) -> None:
    assert catalogue.resolve("s31(1)(g)").requires_purpose
    assert not catalogue.resolve("s31(1)(a)").requires_purpose
    first = catalogue.resolve("s40(2)")
    assert first.absolute
    assert not first.requires_public_interest_test
    assert first.requires_legitimate_interests
    second = catalogue.resolve("s40(3B)")
    assert not second.absolute
    assert second.requires_public_interest_test
    assert catalogue.resolve("s37(1)(a)").absolute
    assert not catalogue.resolve("s37(1)(ac)").absolute


@pytest.mark.parametrize(("typed", "absolute"), [("s21", True), ("21", True), ("s31", False), ("s33", False)])
def test_single_basis_section_may_be_cited_whole(catalogue: Catalogue, typed: str, absolute: bool) -> None:
    citation = catalogue.resolve(typed)
    assert citation.code == typed if typed.startswith("s") else f"s{typed}"
    assert citation.limb is None
    assert citation.absolute is absolute
    assert citation.requires_public_interest_test is not absolute


def test_whole_section_carries_only_requirements_every_limb_shares(catalogue: Catalogue) -> None:
    whole = catalogue.resolve("s31")
    assert not whole.requires_purpose
    assert whole.description == catalogue.sections["s31"].summary


@pytest.mark.parametrize("typed", ["s36", "section 36", "s40", "s37", "reg13", "reg12(5)", "12(4)"])
def test_mixed_or_limb_only_section_cited_bare_asks_for_a_limb(catalogue: Catalogue, typed: str) -> None:
    with pytest.raises(AmbiguousExemption, match=r"cite a limb, e\.g\. ") as caught:
        catalogue.resolve(typed)
    assert caught.value.suggestion is not None
    assert isinstance(caught.value, UnknownExemption)


def test_s40_bare_names_its_limbs(catalogue: Catalogue) -> None:
    with pytest.raises(AmbiguousExemption) as caught:
        catalogue.resolve("s40")
    assert "absolute and qualified" in caught.value.message
    assert "s40(2)/second" in caught.value.message


def test_part_of_a_limb_asks_for_a_limb(catalogue: Catalogue) -> None:
    with pytest.raises(AmbiguousExemption, match=r"s36\(2\)\(b\)\(i\) or s36\(2\)\(b\)\(ii\)"):
        catalogue.resolve("s36(2)(b)")


def test_wrong_regime(catalogue: Catalogue) -> None:
    with pytest.raises(WrongRegime, match=r"reg12\(5\)\(e\) is an EIR exception; this request is under FOIA"):
        catalogue.resolve("reg12(5)(e)", regime="foia")
    with pytest.raises(WrongRegime, match="is a FOIA exemption; this request is under the EIR"):
        catalogue.resolve("s43(2)", regime="eir")
    with pytest.raises(WrongRegime):
        catalogue.resolve("12(5)(e)", regime="foia")


def test_an_unknown_regime_is_refused(catalogue: Catalogue) -> None:
    with pytest.raises(UnsupportedRegime, match="Unknown regime 'gdpr': the exemption catalogue covers foia, eir and"):
        catalogue.resolve("s21", regime="gdpr")


def test_regime_is_case_insensitive(catalogue: Catalogue) -> None:
    assert catalogue.resolve("s21", regime="FOIA").code == "s21"


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [("s36(2)(b)(iv)", "s36(2)(b)(ii)"), ("s63(2)(b)(ii)", "s36(2)(b)(ii)"), ("reg12(5)(h)", "reg12(5)(g)"),
     ("s31(1)(k)", "s31(1)(i)"), ("s40(2)(a)", "s40(2)"), ("s45", "s44")],
)  # fmt: skip
def test_unknown_code_suggests_the_nearest(catalogue: Catalogue, typed: str, suggestion: str) -> None:
    with pytest.raises(UnknownExemption) as caught:
        catalogue.resolve(typed)
    assert caught.value.code == typed
    assert caught.value.suggestion == suggestion
    assert caught.value.message == f"Unknown exemption {typed!r}. Did you mean {suggestion!r}?"
    assert str(caught.value) == caught.value.message


def test_there_is_no_s25(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownExemption) as caught:
        catalogue.resolve("s25")
    assert caught.value.suggestion in {"s24", "s26"}


def test_suggestion_respects_the_regime(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownExemption) as caught:
        catalogue.resolve("reg12(5)(h)", regime="eir")
    assert caught.value.suggestion == "reg12(5)(g)"


def test_nonsense_has_no_suggestion(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownExemption) as caught:
        catalogue.resolve("banana")
    assert caught.value.suggestion is None
    assert caught.value.message == "Unknown exemption 'banana'."


def test_unknown_exemption_is_a_value_error_and_a_422(catalogue: Catalogue) -> None:
    with pytest.raises(ValueError, match="Unknown exemption") as caught:
        catalogue.resolve("s99")
    assert isinstance(caught.value, Unprocessable)
    assert caught.value.status_code == 422
    assert caught.value.to_body()["code"] == "s99"


def test_a_s31_purpose_is_not_an_exemption_in_itself(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownExemption, match="cite s31") as caught:
        catalogue.resolve("s31(2)(c)")
    assert caught.value.suggestion == "s31(1)(g)"


@pytest.mark.parametrize("typed", ["(c)", "c", "C", "s31(2)(c)", "31(2)(c)", "section 31(2)(c)", "(2)(c)"])
def test_purpose_lookup(catalogue: Catalogue, typed: str) -> None:
    purpose = catalogue.purpose("s31", typed)
    assert purpose.code == "s31(2)(c)"
    assert "regulatory action" in purpose.description
    assert catalogue.purpose("31", typed) == purpose


def test_unknown_purpose_suggests(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownExemption, match=r"Unknown purpose '\(k\)' for s31") as caught:
        catalogue.purpose("s31", "(k)")
    assert caught.value.suggestion is not None
    with pytest.raises(UnknownExemption, match="s36 has no listed purposes"):
        catalogue.purpose("s36", "(a)")
    with pytest.raises(UnknownExemption):
        catalogue.purpose("s99", "(a)")


def test_sort_key_is_statute_order(catalogue: Catalogue) -> None:
    ordered = [
        "s21", "s22", "s22A(1)", "s23", "s31(1)(g)", "s31(1)(h)", "s31(2)(c)", "s33", "s36(2)(a)(iii)",
        "s36(2)(b)(i)", "s36(2)(b)(ii)", "s36(2)(c)", "s37(1)(a)", "s37(1)(aa)", "s37(1)(ad)", "s37(1)(b)",
        "s40(1)", "s40(2)", "s40(2)/second", "s40(2)/third", "s40(5A)", "s40(5B)", "s44(1)(c)",
        "reg12(4)(e)", "reg12(5)(a)", "reg12(5)(g)", "reg13(1)",
    ]  # fmt: skip
    shuffled = ordered[1::2] + ordered[::2]
    assert sorted(shuffled, key=catalogue.sort_key) == ordered
    assert catalogue.sort_key("s40(3B)") == catalogue.sort_key("s40(2)/second")
    with pytest.raises(UnknownExemption):
        catalogue.sort_key("s25")


def test_canonical_and_section_of(catalogue: Catalogue) -> None:
    assert catalogue.canonical("40(3A)") == "s40(2)"
    assert catalogue.canonical("s36(2)(b)") == "s36(2)(b)"
    assert catalogue.canonical("s31(2)") == "s31(2)"
    assert catalogue.section_of("s31(2)(c)").code == "s31"
    assert catalogue.section_of("12(5)(e)").code == "reg12(5)"
