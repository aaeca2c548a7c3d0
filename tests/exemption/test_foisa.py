"""The FOISA catalogue (FOISA Part 2, ss25-41, and s18 NCND): its own regime, beside FOIA sections of the same
numbers. FOISA s2(2) lists the absolute exemptions; FOISA's harm test is substantial prejudice."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.exemption import Catalogue, UnknownExemption, WrongRegime, default_catalogue_dir, load_catalogue

FOISA_SECTIONS = ["s18", *(f"s{n}" for n in range(25, 42))]
# FOISA s2(2): s25, s26, s36(2), s37, and s38(1)(a), (c), (d) and (b) where the first condition is satisfied.
ABSOLUTE_FOISA_LIMBS = {
    "s25(1)", "s26(a)", "s26(b)", "s26(c)", "s36(2)", "s37(1)(a)", "s37(1)(b)",
    "s38(1)(a)", "s38(1)(b)", "s38(1)(c)", "s38(1)(d)",
}  # fmt: skip
# FOISA s18(1): sections 28 to 35, 38, 39(1) and 41.
NCND_BY_S18 = {f"s{n}" for n in range(28, 36)} | {"s38", "s41"}

CATALOGUE = load_catalogue(default_catalogue_dir())
FOISA_CODES = sorted(
    code
    for section in CATALOGUE.sections_in("foisa").values()
    for limb in section.limbs
    for code in (limb.code, *limb.aliases)
)
UK_CODES = sorted(
    code for section in CATALOGUE.sections.values() for limb in section.limbs for code in (limb.code, *limb.aliases)
)


def test_every_foisa_section_is_present_in_statute_order(catalogue: Catalogue) -> None:
    assert list(catalogue.sections_in("foisa")) == FOISA_SECTIONS
    assert catalogue.regimes == ("foia", "eir", "foisa")
    # FOIA's sections by code are unchanged by FOISA's: a code without a regime still means FOIA.
    assert catalogue.sections["s30"].regime == "foia"
    assert catalogue.sections_in("foisa")["s30"].title == "Prejudice to effective conduct of public affairs"


def test_s2_2_absolute_list_holds_limb_by_limb(catalogue: Catalogue) -> None:
    for section in catalogue.sections_in("foisa").values():
        for limb in section.limbs:
            expected = "absolute" if limb.code in ABSOLUTE_FOISA_LIMBS else "qualified"
            assert limb.basis == expected, limb.code
    assert catalogue.resolve("s38(2A)", "foisa").absolute
    assert not catalogue.resolve("s38(2B)", "foisa").absolute
    assert catalogue.sections_in("foisa")["s36"].basis == "mixed"


def test_substantial_prejudice_is_in_the_data(catalogue: Catalogue) -> None:
    substantial = {
        "s27(2)", "s28(1)", "s30(a)", "s30(b)(i)", "s30(b)(ii)", "s30(c)", "s31(4)(a)", "s31(4)(b)",
        "s32(1)(a)(i)", "s33(1)(b)", "s33(2)(a)", "s35(1)(a)", "s35(1)(g)", "s40(a)", "s40(b)",
    }  # fmt: skip
    for code in substantial:
        assert "substantially" in catalogue.resolve(code, "foisa").description, code
    # FOIA's s36 test has no "substantially"; FOISA's s30 needs no qualified person.
    assert "substantially" not in catalogue.resolve("s36(2)(b)(i)", "foia").description
    assert not any(limb.requires_qualified_person for s in catalogue.sections_in("foisa").values() for limb in s.limbs)


def test_future_publication_is_within_twelve_weeks(catalogue: Catalogue) -> None:
    assert "twelve weeks" in catalogue.resolve("s27(1)", "foisa").description


def test_ncnd_is_section_18(catalogue: Catalogue) -> None:
    for section in catalogue.sections_in("foisa").values():
        expected = "s18(1)" if section.code in NCND_BY_S18 else None
        assert section.ncnd == expected, section.code
    assert catalogue.resolve("s39(1)", "foisa").ncnd == "s18(1)"
    assert catalogue.resolve("s39(2)", "foisa").ncnd is None
    assert catalogue.resolve("s25", "foisa").ncnd is None
    ncnd = catalogue.resolve("section 18(1)", "foisa")
    assert ncnd.code == "s18(1)"
    assert ncnd.requires_public_interest_test  # s18(1): "contrary to the public interest"


def test_purposes_of_s35(catalogue: Catalogue) -> None:
    assert catalogue.resolve("s35(1)(g)", "foisa").requires_purpose
    assert catalogue.purpose("s35", "(c)", "foisa").code == "s35(2)(c)"
    # Named by section alone (as app/document/rules.py does), s35 means the one with purposes: FOISA's.
    assert catalogue.purpose("s35", "c").code == "s35(2)(c)"
    assert catalogue.purpose("s31", "c").code == "s31(2)(c)"


def test_files_are_written_for_the_requester_and_flag_what_to_verify(catalogue: Catalogue) -> None:
    for section in catalogue.sections_in("foisa").values():
        text = " ".join(section.paragraphs)
        assert "the authority" in text, section.code
        assert " we " not in f" {text.lower()} ", section.code
        assert section.legislation_url.endswith(f"/asp/2002/13/section/{section.code[1:]}"), section.code
        if section.basis == "absolute":
            assert "absolute" in text, section.code
        else:
            assert "public interest" in text, section.code
    flagged = [s.code for s in catalogue.sections_in("foisa").values() if any("recall – verify" in n for n in s.notes)]
    assert {"s18", "s27", "s34", "s35", "s38", "s41"} <= set(flagged)


@pytest.mark.parametrize(
    ("code", "foia_title", "foisa_title"),
    [
        ("s30", "Investigations and proceedings conducted by public authorities", "Prejudice to effective conduct"),
        ("s36", "Prejudice to effective conduct of public affairs", "Confidentiality"),
        ("s38", "Health and safety", "Personal information"),
    ],
)
def test_the_same_number_in_each_regime(catalogue: Catalogue, code: str, foia_title: str, foisa_title: str) -> None:
    assert catalogue.section_of(code, "foia").title.startswith(foia_title)
    assert catalogue.section_of(code, "foisa").title.startswith(foisa_title)
    assert catalogue.section_of(code).regime == "foia"


def test_a_foia_only_code_on_a_foisa_request(catalogue: Catalogue) -> None:
    with pytest.raises(WrongRegime, match=r"s43\(2\) is a FOIA exemption; this request is under FOISA") as caught:
        catalogue.resolve("s43(2)", "foisa")
    assert "GET /api/v1/exemptions?regime=foisa" in caught.value.message
    with pytest.raises(WrongRegime, match="is a FOIA exemption; this request is under FOISA"):
        catalogue.resolve("s36(2)(b)(ii)", "foisa")  # FOISA s36 has no (2)(b)(ii)
    with pytest.raises(WrongRegime, match=r"s30\(b\)\(i\) is a FOISA exemption; this request is under FOIA"):
        catalogue.resolve("s30(b)(i)", "foia")
    with pytest.raises(WrongRegime, match="is an EIR exception; this request is under FOISA"):
        catalogue.resolve("reg12(5)(e)", "foisa")


def test_unknown_foisa_code_suggests_a_foisa_limb(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownExemption) as caught:
        catalogue.resolve("s30(b)(iii)", "foisa")
    assert caught.value.suggestion == "s30(b)(ii)"
    assert not isinstance(caught.value, WrongRegime)


def test_loose_forms_on_a_foisa_request(catalogue: Catalogue) -> None:
    for typed in ("30(b)(i)", "section 30(b)(i)", "FOISA s30(b)(i)", "s 30 (b) (i)"):
        assert catalogue.resolve(typed, "foisa").code == "s30(b)(i)", typed
    assert catalogue.canonical("38(2A)", "foisa") == "s38(1)(b)"


@given(st.sampled_from(FOISA_CODES))
def test_every_foisa_code_resolves_to_its_own_limb_in_foisa_and_never_as_foia(code: str) -> None:
    citation = CATALOGUE.resolve(code, "foisa")
    assert citation.section.regime == "foisa"
    assert code == citation.code or code in (citation.limb.aliases if citation.limb else ())
    try:
        other = CATALOGUE.resolve(code, "foia")
    except UnknownExemption:
        return
    assert other.section.regime == "foia"  # the same spelling in FOIA is FOIA's own limb, never FOISA's
    assert other.section is not citation.section


@given(st.sampled_from(UK_CODES))
def test_every_foia_and_eir_code_resolves_as_before_and_never_as_foisa(code: str) -> None:
    bare = CATALOGUE.resolve(code)
    assert bare.section.regime in ("foia", "eir")
    assert CATALOGUE.resolve(code, bare.section.regime) == bare
    try:
        foisa = CATALOGUE.resolve(code, "foisa")
    except UnknownExemption:
        return
    assert foisa.section.regime == "foisa"
