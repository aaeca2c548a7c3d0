"""The regulator a letter names is the request's regime's (data); FOI_REGULATOR_* replace only the Information
Commissioner's details (law.md Q8: the Information Commission), never the Scottish Information Commissioner's."""

import pytest

from app.config import Settings, check_authority_settings
from app.deadline.regimes import get_regime
from app.letter.builder import authority


def test_each_regime_gets_its_own_regulator() -> None:
    settings = Settings()
    foia, foisa = authority(settings, get_regime("foia")), authority(settings, get_regime("foisa"))
    assert foia.regulator_name == "Information Commissioner"
    assert "Wilmslow" in foia.regulator_address_lines
    assert (foia.regulator_complaint_provision, foia.regulator_apply_within) == ("section 50", "six weeks")
    assert foisa.regulator_name == "Scottish Information Commissioner"
    assert foisa.regulator_address_lines[0] == "Kinburn Castle"
    assert foisa.regulator_website == "https://www.foi.scot"
    assert (foisa.regulator_complaint_provision, foisa.regulator_apply_within) == ("section 47(1)", "six months")
    assert foisa.regulator_apply_within_statutory


def test_settings_override_only_the_information_commissioner() -> None:
    settings = Settings(
        regulator_name="Information Commission",
        regulator_address="Wycliffe House\\nWater Lane\\nWilmslow\\nSK9 5AF",
        regulator_website="https://ico.org.uk/make-a-complaint/",
    )
    for code in ("foia", "eir", "school", "archives"):
        regulator = authority(settings, get_regime(code))
        assert regulator.regulator_name == "Information Commission"
        assert regulator.regulator_address_lines == ["Wycliffe House", "Water Lane", "Wilmslow", "SK9 5AF"]
    scottish = authority(settings, get_regime("foisa"))
    assert scottish.regulator_name == "Scottish Information Commissioner"
    assert "Wilmslow" not in scottish.regulator_address_lines


def test_a_blank_override_is_refused_at_start_up() -> None:
    with pytest.raises(ValueError, match="FOI_REGULATOR_NAME"):
        check_authority_settings(Settings(regulator_name="  "))
    check_authority_settings(Settings())
