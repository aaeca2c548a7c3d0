"""Regimes and school calendars are data: validated on load, and a new file is a new regime."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from app.deadline import (
    SchoolCalendar,
    UnknownRegime,
    compute_clock,
    get_regime,
    load_regimes,
    load_school_calendars,
)
from app.deadline.regimes import REGIMES_DIR
from app.deadline.schools import school_day_index

from .helpers import EXAMPLE_PRIMARY, UK, day


def test_shipped_regimes() -> None:
    regimes = load_regimes()
    assert set(regimes) == {"foia", "eir", "foisa", "school", "archives"}
    foia, eir, foisa = regimes["foia"], regimes["eir"], regimes["foisa"]
    assert (foia.working_days, foia.subdivisions, foia.reference_prefix) == (20, ("ENG", "NIR", "SCT", "WLS"), "FOI")
    assert (foia.pit_extension, foia.pit_normal_further_working_days) == (True, 20)
    assert foia.commissioner_extension_max_working_days == 60
    assert (foia.fee_pause, foia.fee_payment_months, foia.clarification_lapse_months) == (True, 3, 3)
    assert (foia.review.working_days, foia.review.max_working_days, foia.review.statutory) == (20, 40, False)
    assert (eir.pit_extension, eir.complex_extension_working_days, eir.review.working_days) == (False, 40, 40)
    assert (foisa.subdivisions, foisa.pit_extension, foisa.reference_prefix) == (("SCT",), False, "FOISA")
    assert regimes["school"].school_days
    assert regimes["school"].outer_limit_working_days == 60
    assert regimes["archives"].working_days == 30
    assert get_regime("foia") is get_regime("foia")


def test_each_regime_names_its_regulator() -> None:
    regimes = load_regimes()
    for code in ("foia", "eir", "school", "archives"):
        regulator = regimes[code].regulator
        assert (regulator.code, regulator.name, regulator.apply_within_statutory) == (
            "ico",
            "Information Commissioner",
            False,  # law.md Q7: six weeks is the ICO's guidance, not the Act's
        )
        assert "Wilmslow" in regulator.address_lines
    assert regimes["foia"].regulator.complaint_provision == "section 50"
    assert regimes["eir"].regulator.complaint_provision == "regulation 18"
    scottish = regimes["foisa"].regulator
    assert scottish.name == "Scottish Information Commissioner"
    assert scottish.address_lines == ("Kinburn Castle", "Doubledykes Road", "St Andrews", "Fife", "KY16 9DS")
    assert scottish.website == "https://www.foi.scot"
    assert (scottish.complaint_provision, scottish.apply_within, scottish.apply_within_statutory) == (
        "section 47(1)",
        "six months",
        True,
    )
    assert regimes["foisa"].exemptions == "foisa"
    # FOISA s20(5) and s21(1): 40 working days to require a review, 20 for the authority to answer it.
    assert (regimes["foisa"].review.request_window_working_days, regimes["foisa"].review.working_days) == (40, 20)


def test_unknown_regime() -> None:
    with pytest.raises(UnknownRegime) as caught:
        get_regime("fois")
    assert isinstance(caught.value, ValueError)
    assert caught.value.code == "fois"
    assert caught.value.known == ["archives", "eir", "foia", "foisa", "school"]


def test_a_new_file_is_a_new_regime(tmp_path: Path) -> None:
    shutil.copy(REGIMES_DIR / "foia.toml", tmp_path / "foia.toml")
    text = (REGIMES_DIR / "archives.toml").read_text().replace('code = "archives"', 'code = "keeper"')
    (tmp_path / "keeper.toml").write_text(text.replace("working_days = 30", "working_days = 25"))
    regimes = load_regimes(tmp_path)
    assert set(regimes) == {"foia", "keeper"}
    # Received Fri 14 Mar 2025: the 25th working day is Wed 23 Apr 2025 (after Good Friday and Easter Monday).
    assert compute_clock(regimes["keeper"], day("2025-03-14"), [], UK).due_on == day("2025-04-23")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("pit_extension = true", 'pit_extension = "yes"'), "pit_extension"),
        (("working_days = 20\n", "working_days = 0\n"), "working_days"),
        (("working_days = 20\n", 'working_days = "20"\n'), "working_days"),
        (('subdivisions = ["ENG", "NIR", "SCT", "WLS"]', 'subdivisions = ["GB"]'), "subdivisions"),
        (('code = "foia"', 'code = "foia"\nsurprise = 1'), "surprise"),
        (('code = "foia"', 'code = "other"'), "must match the file name"),
        (("pit_normal_further_working_days = 20\n", ""), "pit_normal_further_working_days"),
        (('website = "https://ico.org.uk/make-a-complaint/"', 'website = "http://ico.org.uk"'), "regulator.website"),
        (('complaint_provision = "section 50"\n', ""), "regulator.complaint_provision"),
        (("apply_within_statutory = false", 'apply_within_statutory = "no"'), "apply_within_statutory"),
    ],
)
def test_invalid_regime_files_are_refused(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    text = (REGIMES_DIR / "foia.toml").read_text()
    assert change[0] in text
    (tmp_path / "foia.toml").write_text(text.replace(change[0], change[1], 1))
    with pytest.raises(ValueError, match=message):
        load_regimes(tmp_path)


def test_regimes_are_frozen() -> None:
    with pytest.raises(ValueError, match="frozen"):
        get_regime("foia").working_days = 10  # type: ignore[misc]


def test_example_school_calendar() -> None:
    assert set(load_school_calendars()) == {"example-primary"}
    school = EXAMPLE_PRIMARY
    assert school.coverage == (day("2024-09-01"), day("2027-08-31"))
    assert school.is_school_day(day("2025-07-22"), UK)  # last day of the summer term (example 18a)
    assert not school.is_school_day(day("2025-07-23"), UK)
    assert school.is_school_day(day("2025-09-03"), UK)
    assert not school.is_school_day(day("2025-10-27"), UK)  # half term (example 18b)
    assert not school.is_school_day(day("2026-01-05"), UK)  # INSET day
    assert not school.is_school_day(day("2025-05-05"), UK)  # bank holiday inside a term
    assert school_day_index(school, UK) is school_day_index(school, UK)
    # Three academic years of roughly 190 sessions each.
    assert 540 <= len(school_day_index(school, UK)) <= 600


def test_school_calendar_validation(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="overlap"):
        SchoolCalendar("x", "X", ((date(2025, 9, 1), date(2025, 10, 1)), (date(2025, 9, 20), date(2025, 11, 1))))
    with pytest.raises(ValueError, match="no terms"):
        SchoolCalendar("x", "X", ())
    (tmp_path / "bad.toml").write_text('slug = "bad"\nname = "Bad"\nholidays = []\n')
    with pytest.raises(ValueError, match="unknown keys"):
        load_school_calendars(tmp_path)
