"""load_catalogue(): bad files are refused with the file named; new files need no code change."""

import shutil
from pathlib import Path

import pytest

from app.exemption import AmbiguousExemption, CatalogueError, default_catalogue_dir, load_catalogue

NEW_SECTION = """
code = "s99"
regime = "foia"
title = "Test exemption"
legislation_url = "https://www.legislation.gov.uk/ukpga/2000/36/section/99"
test = "prejudice"
test_description = "Prejudice-based."
ncnd = "s99(3)"
summary = "A made-up exemption used by the tests."
paragraphs = [
  "The authority may withhold test information.",
  "This is a qualified exemption: the authority weighs the public interest.",
]
public_interest_for = ["Openness."]
public_interest_against = ["Protecting tests."]

[[limbs]]
code = "s99(1)"
description = "would, or would be likely to, prejudice the tests"
basis = "qualified"
aliases = ["s99(1)(a)"]

[[limbs]]
code = "s99(2)"
description = "is a test secret"
basis = "absolute"
"""


@pytest.fixture
def exemptions(tmp_path: Path) -> Path:
    target = tmp_path / "exemptions"
    shutil.copytree(default_catalogue_dir(), target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_extra_key_names_the_file(exemptions: Path) -> None:
    _edit(exemptions / "s36.toml", 'title = "', 'colour = "red"\ntitle = "')
    with pytest.raises(CatalogueError, match=r"(?s)s36\.toml.*colour.*Extra inputs are not permitted") as caught:
        load_catalogue(exemptions)
    assert caught.value.path == exemptions / "s36.toml"


def test_a_wrong_basis_names_the_file(exemptions: Path) -> None:
    _edit(exemptions / "s40.toml", 'basis = "absolute"', 'basis = "sometimes"')
    with pytest.raises(CatalogueError, match=r"(?s)s40\.toml.*basis.*'absolute' or 'qualified'"):
        load_catalogue(exemptions)


def test_broken_toml_names_the_file(exemptions: Path) -> None:
    (exemptions / "s21.toml").write_text('code = "s21\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"s21\.toml: cannot read TOML"):
        load_catalogue(exemptions)


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("s36.toml", 'code = "s36(2)(c)"', 'code = "S36(2)(C)"', r"write it as 's36\(2\)\(c\)'"),
        ("s36.toml", 'code = "s36(2)(c)"', 'code = "s37(2)(c)"', "not within section"),
        ("s31.toml", 'regime = "foia"', 'regime = "eir"', "a eir code starts with 'reg'"),
        ("s22.toml", "https://www.legislation.gov.uk/", "https://example.com/", "legislation.gov.uk"),
        ("s21.toml", 'basis = "absolute"', 'basis = "qualified"', "needs public_interest_for"),
        ("s33.toml", 'basis = "qualified"', 'basis = "qualified"\nrequires_purpose = true', "no purposes"),
        ("s21.toml", 'basis = "absolute"', 'basis = "absolute"\naliases = ["s21(1)"]', "appears twice"),
        ("s21.toml", "paragraphs = [", 'paragraphs = ["Extra.", "Extra.", "Extra.", ', "2 to 4 paragraphs"),
        (
            "s21.toml",
            'basis = "absolute"',
            'basis = "absolute"\nstatistical_without_opinion = "s21(4)"',
            "needs requires_qualified_person",
        ),
    ],
)
def test_invalid_content_is_refused(exemptions: Path, file: str, old: str, new: str, message: str) -> None:
    _edit(exemptions / file, old, new)
    with pytest.raises(CatalogueError, match=message) as caught:
        load_catalogue(exemptions)
    assert file in str(caught.value)


def test_a_code_defined_in_two_files_is_refused(exemptions: Path) -> None:
    _edit(exemptions / "s41.toml", 'basis = "absolute"', 'basis = "absolute"\naliases = ["s41(3B)"]')
    _edit(exemptions / "s41.toml", 'code = "s41"', 'code = "s40"')
    _edit(exemptions / "s41.toml", 'code = "s41(1)"', 'code = "s40(9)"')
    _edit(exemptions / "s41.toml", '"s41(3B)"', '"s40(3B)"')
    with pytest.raises(CatalogueError, match="already defined in"):
        load_catalogue(exemptions)


def test_an_alias_clashing_with_another_file_is_refused(exemptions: Path) -> None:
    (exemptions / "s99.toml").write_text(NEW_SECTION.replace('"s99(1)(a)"', '"s99(2)"'), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"s99\.toml"):
        load_catalogue(exemptions)


def test_missing_or_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="not found"):
        load_catalogue(tmp_path / "nowhere")
    with pytest.raises(CatalogueError, match="no exemption files"):
        load_catalogue(tmp_path)


def test_a_new_file_adds_a_citable_code_without_code_change(exemptions: Path) -> None:
    (exemptions / "s99.toml").write_text(NEW_SECTION, encoding="utf-8")
    catalogue = load_catalogue(exemptions)
    assert list(catalogue.sections)[-5:] == ["s99", "reg5", "reg12(4)", "reg12(5)", "reg13"]
    citation = catalogue.resolve("section 99(1)(a)", regime="foia")
    assert citation.code == "s99(1)"
    assert citation.requires_public_interest_test
    assert catalogue.sections["s99"].basis == "mixed"
    with pytest.raises(AmbiguousExemption, match="cite a limb"):
        catalogue.resolve("s99")


def test_a_directory_with_only_a_new_file(tmp_path: Path) -> None:
    (tmp_path / "s99.toml").write_text(NEW_SECTION, encoding="utf-8")
    catalogue = load_catalogue(tmp_path)
    assert list(catalogue.sections) == ["s99"]
    assert catalogue.resolve("99(2)").absolute
