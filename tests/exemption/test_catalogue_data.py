"""The shipped exemption files: complete, and accurate to law.md sections 7-9."""

import tomllib
from pathlib import Path

import pytest

from app.exemption import Catalogue, Section, default_catalogue_dir

FOIA_SECTIONS = [
    "s21", "s22", "s22A", "s23", "s24", "s26", "s27", "s28", "s29", "s30", "s31", "s32",
    "s33", "s34", "s35", "s36", "s37", "s38", "s39", "s40", "s41", "s42", "s43", "s44",
]  # fmt: skip
EIR_LIMBS = [f"reg12(4)({p})" for p in "abcde"] + [f"reg12(5)({p})" for p in "abcdefg"]

# FOIA s2(3) (law.md section 7): s21, s23, s32, s34, s36 (Houses of Parliament only), s37(1)(a)-(ab),
# s40(1), s40(2) first condition, s41, s44. s40(5A)/(5B) follow the data they protect (law.md section 8, Q5).
ABSOLUTE_FOIA_LIMBS = {
    "s21(1)", "s23(1)", "s32(1)", "s32(2)", "s34(1)", "s37(1)(a)", "s37(1)(aa)", "s37(1)(ab)",
    "s40(1)", "s40(2)", "s40(5A)", "s40(5B)", "s41(1)", "s44(1)(a)", "s44(1)(b)", "s44(1)(c)",
}  # fmt: skip


def _files() -> list[Path]:
    return sorted(default_catalogue_dir().glob("*.toml"))


def _uk_files() -> list[Path]:
    return [path for path in _files() if not path.name.startswith("foisa-")]


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_every_file_is_valid_on_its_own(path: Path) -> None:
    section = Section.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    assert section.limbs
    assert 2 <= len(section.paragraphs) <= 4


def test_one_file_per_section(catalogue: Catalogue) -> None:
    # catalogue.sections holds FOIA and the EIR (what a code without a regime means); FOISA is in its own regime.
    assert len(_uk_files()) == len(catalogue.sections) == 28
    assert len(_files()) == len(catalogue.all_sections) == 28 + len(catalogue.sections_in("foisa"))


def test_every_foia_part_ii_section_is_present_in_statute_order(catalogue: Catalogue) -> None:
    foia = [code for code, s in catalogue.sections.items() if s.regime == "foia"]
    assert foia == FOIA_SECTIONS
    assert "s25" not in catalogue.sections


def test_eir_exceptions_are_present(catalogue: Catalogue) -> None:
    assert [c for c, s in catalogue.sections.items() if s.regime == "eir"] == ["reg5", "reg12(4)", "reg12(5)", "reg13"]
    eir_limbs = [limb.code for s in catalogue.sections.values() if s.regime == "eir" for limb in s.limbs]
    assert eir_limbs[: len(EIR_LIMBS) + 1] == ["reg5(3)", *EIR_LIMBS]
    assert {"reg13(1)", "reg13(1)/second", "reg13(1)/third"} <= set(eir_limbs)


def test_s2_3_absolute_list_holds_limb_by_limb(catalogue: Catalogue) -> None:
    for section in catalogue.sections.values():
        if section.regime != "foia":
            continue
        for limb in section.limbs:
            expected = "absolute" if limb.code in ABSOLUTE_FOIA_LIMBS else "qualified"
            assert limb.basis == expected, limb.code
    found = {limb.code for s in catalogue.sections.values() for limb in s.limbs}
    assert found >= ABSOLUTE_FOIA_LIMBS


@pytest.mark.parametrize(
    ("code", "basis"),
    [
        ("s21", "absolute"), ("s23", "absolute"), ("s32", "absolute"), ("s34", "absolute"),
        ("s41", "absolute"), ("s44", "absolute"), ("s36", "qualified"), ("s31", "qualified"),
        ("s37", "mixed"), ("s40", "mixed"), ("reg12(4)", "qualified"), ("reg12(5)", "qualified"),
        ("reg13", "mixed"),
    ],
)  # fmt: skip
def test_section_basis(catalogue: Catalogue, code: str, basis: str) -> None:
    assert catalogue.sections[code].basis == basis


def test_s36_is_absolute_only_for_the_houses_and_says_so(catalogue: Catalogue) -> None:
    notes = " ".join(catalogue.sections["s36"].notes)
    assert "House of Commons" in notes
    assert "House of Lords" in notes
    assert "s36(4)" in notes


def test_s36_limbs_and_only_they_need_the_qualified_person(catalogue: Catalogue) -> None:
    needing = {limb.code for s in catalogue.sections.values() for limb in s.limbs if limb.requires_qualified_person}
    assert needing == {limb.code for limb in catalogue.sections["s36"].limbs}
    assert len(needing) == 6
    assert "s36(2)(b)(ii)" in needing


def test_statistical_information_needs_no_opinion_under_s36_4_only(catalogue: Catalogue) -> None:
    excused = {
        limb.code: limb.statistical_without_opinion
        for s in catalogue.sections.values()
        for limb in s.limbs
        if limb.statistical_without_opinion
    }
    assert excused == dict.fromkeys((limb.code for limb in catalogue.sections["s36"].limbs), "s36(4)")


def test_s31_g_h_i_need_a_purpose_from_s31_2(catalogue: Catalogue) -> None:
    needing = {limb.code for s in catalogue.sections.values() for limb in s.limbs if limb.requires_purpose}
    assert needing == {"s31(1)(g)", "s31(1)(h)", "s31(1)(i)"}
    assert [p.code for p in catalogue.sections["s31"].purposes] == [f"s31(2)({p})" for p in "abcdefghij"]


def test_personal_data_first_condition_needs_legitimate_interests(catalogue: Catalogue) -> None:
    needing = {limb.code for s in catalogue.sections.values() for limb in s.limbs if limb.requires_legitimate_interests}
    assert {"s40(2)", "reg13(1)"} <= needing
    assert not needing & {"s40(1)", "s40(2)/second", "s40(2)/third", "reg13(1)/second", "reg13(1)/third"}


def test_every_eir_reg12_exception_is_qualified_with_the_presumption(catalogue: Catalogue) -> None:
    for code in ("reg12(4)", "reg12(5)"):
        section = catalogue.sections[code]
        assert {limb.basis for limb in section.limbs} == {"qualified"}
        assert any("presumption in favour of disclosure" in p for p in section.paragraphs), code
        assert section.limb_required


def test_eir_emissions_and_ncnd_notes(catalogue: Catalogue) -> None:
    notes = " ".join(catalogue.sections["reg12(5)"].notes)
    assert "reg 12(9)" in notes
    assert "(d) to (g)" in notes
    assert catalogue.resolve("reg12(5)(a)").ncnd == "reg12(6)"
    assert catalogue.resolve("reg12(5)(e)").ncnd is None


def test_ncnd_provisions(catalogue: Catalogue) -> None:
    assert catalogue.sections["s21"].ncnd is None
    assert catalogue.sections["s36"].ncnd == "s36(3)"
    assert catalogue.resolve("s43(1)").ncnd is None
    assert catalogue.resolve("s43(2)").ncnd == "s43(3)"
    assert catalogue.resolve("s40(1)").ncnd == "s40(5A)"
    assert catalogue.resolve("s40(2)").ncnd == "s40(5B)"
    for section in catalogue.sections.values():
        if section.regime == "foia" and section.code != "s21":
            assert section.ncnd or any(limb.ncnd for limb in section.limbs), section.code


def test_qualified_sections_carry_public_interest_wording(catalogue: Catalogue) -> None:
    for section in catalogue.sections.values():
        if section.basis == "absolute":
            assert "absolute" in " ".join(section.paragraphs), section.code
            continue
        assert section.public_interest_for, section.code
        assert section.public_interest_against, section.code
        assert any("public interest" in p for p in section.paragraphs), section.code


def test_paragraphs_are_written_for_the_requester(catalogue: Catalogue) -> None:
    for section in catalogue.sections.values():
        text = " ".join(section.paragraphs)
        assert "the authority" in text, section.code
        assert " we " not in f" {text.lower()} ", section.code


def test_legislation_urls_point_at_the_provision(catalogue: Catalogue) -> None:
    for section in catalogue.sections.values():
        number = section.code.removeprefix("reg").removeprefix("s").split("(")[0]
        kind = "section" if section.regime == "foia" else "regulation"
        assert section.legislation_url.endswith(f"/{kind}/{number}"), section.code


def test_recall_verify_items_are_flagged(catalogue: Catalogue) -> None:
    for code in ("s31", "s36", "s37", "s40", "reg12(4)", "reg12(5)", "reg13"):
        assert any("recall – verify" in n for n in catalogue.sections[code].notes), code


def test_to_public_lists_every_section(catalogue: Catalogue) -> None:
    public = catalogue.to_public()
    assert [s["code"] for s in public] == list(catalogue.sections)
    assert public[0]["basis"] == "absolute"
