"""Refusals other than exemptions are complete notices: s12, s14(1)/(2), NCND and not held, in each regime.

Each response is recorded over the API with its details, then the decision letter is rendered to PDF and read
back: the letter must state every element the statute names (law.md sections 2.1, 5 and 8).
"""

import os
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from app.config import get_settings
from tests.factories import bearer, make_request, make_user
from tests.pdf import flat, pdf_text

PI = {
    "for_disclosure": "Saying whether we hold it would inform the public about enforcement.",
    "for_withholding": "Confirming would alert the people under investigation.",
    "conclusion": "The public interest favours neither confirming nor denying.",
}


@pytest.fixture
def officer(session: Session) -> str:
    return make_user(session, "officer")[1]


def respond(client: TestClient, token: str, rid: int, on: str = "2025-04-01", **details: Any) -> Any:
    return client.post(
        f"/api/v1/requests/{rid}/events",
        json={"type": "responded", "on": on, "details": details},
        headers=bearer(token),
    )


ARTIFACTS = Path(os.environ.get("FOI_TEST_ARTIFACTS", Path(__file__).parents[2] / "var" / "test-artifacts"))


def decision_text(client: TestClient, token: str, rid: int) -> str:
    response = client.get(f"/api/v1/requests/{rid}/letters/decision.pdf", headers=bearer(token))
    assert response.status_code == 200, response.text
    # Kept for a person to look at (pdftoppm -png -r 60 ...): var/test-artifacts/refusals/<test>.pdf
    name = os.environ.get("PYTEST_CURRENT_TEST", "letter").split(" ")[0].split("::")[-1]
    (ARTIFACTS / "refusals").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "refusals" / f"{re.sub(r'[^A-Za-z0-9_-]', '_', name)}.pdf").write_bytes(response.content)
    return flat(pdf_text(response.content))


def assert_has(text: str, *phrases: str) -> None:
    missing = [p for p in phrases if flat(p) not in text]
    assert not missing, f"missing from the letter: {missing}"


# --- section 12: the cost limit --------------------------------------------------------------------------


def test_s12_states_the_limit_the_estimate_and_advice(client: TestClient, officer: str) -> None:
    earlier = make_request(client, officer, received_on="2025-02-10")
    req = make_request(client, officer, received_on="2025-03-14")
    r = respond(
        client,
        officer,
        req["id"],
        outcome="refused_s12",
        estimate_hours="32.5",
        estimate_breakdown="Locating 2,000 files at 1 minute each: 33 hours.",
        advice="Ask for the last six months only.",
        aggregated_with=[earlier["reference"].lower()],
    )
    assert r.status_code == 201, r.text
    assert r.json()["event"]["details"]["aggregated_with"] == [earlier["reference"]]
    text = decision_text(client, officer, req["id"])
    assert_has(
        text,
        "Section 12(1) of the FOI Act means",
        "notice under section 17(5) of the FOI Act",
        "£450",
        "£25 an hour",
        "18 hours",
        "regulation 3 of the Freedom of Information and Data Protection (Appropriate Limit and Fees) Regulations 2004",
        "32.5 hours",
        "Locating 2,000 files at 1 minute each",
        "section 16 of the FOI Act",
        "Ask for the last six months only.",
        f"request {earlier['reference']}",
        "regulation 5",
        "60 consecutive working days",
        "extracting the information",
    )
    assert "section 12." not in text


def test_s12_limit_follows_the_authority_band(
    client: TestClient, officer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "authority_cost_limit_band", "central_government")
    req = make_request(client, officer, received_on="2025-03-14")
    assert respond(client, officer, req["id"], outcome="refused_s12", estimate_hours="20").status_code == 422
    assert respond(client, officer, req["id"], outcome="refused_s12", estimate_hours="30").status_code == 201
    assert_has(decision_text(client, officer, req["id"]), "£600", "24 hours", "30 hours")


@pytest.mark.parametrize(
    ("details", "rule"),
    [
        ({"estimate_hours": "18"}, "estimate_within_limit"),
        ({"estimate_hours": "0"}, "bad_event_details"),
        ({"aggregated_with": ["FOI-1999-9999"]}, "unknown_request"),
        ({"provision": "s14(1)"}, "details_not_for_outcome"),
    ],
)
def test_s12_refusals_that_do_not_hold(client: TestClient, officer: str, details: dict[str, Any], rule: str) -> None:
    req = make_request(client, officer, received_on="2025-03-14")
    r = respond(client, officer, req["id"], outcome="refused_s12", **details)
    assert r.status_code == 422, r.text
    assert r.json()["rule"] == rule
    after = client.get(f"/api/v1/requests/{req['id']}", headers=bearer(officer)).json()
    assert after["status"] == "open"
    assert after["outcome"] is None


def test_aggregation_only_within_sixty_working_days(client: TestClient, officer: str) -> None:
    old = make_request(client, officer, received_on="2024-11-01")
    req = make_request(client, officer, received_on="2025-03-14")
    r = respond(client, officer, req["id"], outcome="refused_s12", aggregated_with=[old["reference"]])
    assert r.status_code == 422
    assert r.json()["rule"] == "aggregation_window"
    assert "60 consecutive working days" in r.json()["detail"]
    same = respond(client, officer, req["id"], outcome="refused_s12", aggregated_with=[req["reference"]])
    assert same.json()["rule"] == "same_request"


# --- section 14: vexatious or repeated -------------------------------------------------------------------


def test_s14_needs_its_subsection(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-14")
    r = respond(client, officer, req["id"], outcome="refused_s14")
    assert r.status_code == 422
    assert r.json()["rule"] == "s14_provision_required"
    assert "s14(1)" in r.json()["detail"]
    assert "s14(2)" in r.json()["detail"]
    bad = respond(client, officer, req["id"], outcome="refused_s14", provision="s14(3)")
    assert bad.status_code == 422


def test_s14_1_vexatious_letter(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-14")
    r = respond(
        client,
        officer,
        req["id"],
        outcome="refused_s14",
        provision="s14(1)",
        reasons="This is the fortieth request this year about one closed complaint.",
    )
    assert r.status_code == 201, r.text
    text = decision_text(client, officer, req["id"])
    assert_has(
        text,
        "We are refusing your request because it is vexatious.",
        "section 14(1) of the FOI Act",
        "notice under section 17(5) of the FOI Act",
        "the fortieth request this year",
        "section 50",
    )
    assert "section 14(2)" not in text


def test_s14_2_names_the_earlier_request(client: TestClient, officer: str) -> None:
    earlier = make_request(client, officer, received_on="2025-01-06")
    req = make_request(client, officer, received_on="2025-03-14")
    missing = respond(client, officer, req["id"], outcome="refused_s14", provision="s14(2)")
    assert missing.json()["rule"] == "earlier_request_required"
    later = respond(
        client, officer, earlier["id"], outcome="refused_s14", provision="s14(2)", earlier_request=req["reference"]
    )
    assert later.json()["rule"] == "earlier_request_later"
    r = respond(
        client, officer, req["id"], outcome="refused_s14", provision="s14(2)", earlier_request=earlier["reference"]
    )
    assert r.status_code == 201, r.text
    assert r.json()["warnings"] == []
    text = decision_text(client, officer, req["id"])
    assert_has(
        text,
        "We are refusing your request because it repeats an earlier request of yours.",
        "section 14(2) of the FOI Act",
        earlier["reference"],
        "6 January 2025",
        "substantially similar",
    )


def test_s14_2_warns_when_the_earlier_request_has_another_requester(client: TestClient, officer: str) -> None:
    other = make_request(
        client, officer, received_on="2025-01-06", requester={"name": "Alex Other", "email": "alex@example.net"}
    )
    req = make_request(client, officer, received_on="2025-03-14")
    r = respond(
        client, officer, req["id"], outcome="refused_s14", provision="s14(2)", earlier_request=other["reference"]
    )
    assert r.status_code == 201
    assert any("different requester (Alex Other)" in w for w in r.json()["warnings"])


def test_s17_6_no_notice_means_no_letter(client: TestClient, officer: str) -> None:
    earlier = make_request(client, officer, received_on="2025-01-06")
    req = make_request(client, officer, received_on="2025-03-14")
    without = respond(client, officer, req["id"], outcome="refused_s14", provision="s14(1)", notice_not_required=True)
    assert without.json()["rule"] == "earlier_request_required"
    r = respond(
        client,
        officer,
        req["id"],
        outcome="refused_s14",
        provision="s14(1)",
        notice_not_required=True,
        earlier_request=earlier["reference"],
    )
    assert r.status_code == 201, r.text
    letter = client.get(f"/api/v1/requests/{req['id']}/letters/decision.pdf", headers=bearer(officer))
    assert letter.status_code == 409
    assert letter.json()["rule"] == "no_notice_needed"
    assert "17(6)" in letter.json()["detail"]


# --- neither confirm nor deny ---------------------------------------------------------------------------


def test_ncnd_must_name_its_provisions(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-14")
    bare = respond(client, officer, req["id"], outcome="ncnd")
    assert bare.json()["rule"] == "ncnd_provision_required"
    assert "17(1)(b)" in bare.json()["detail"]
    disclosure = respond(client, officer, req["id"], outcome="ncnd", exemptions=["s31(1)(a)"])
    assert disclosure.json()["rule"] == "not_an_ncnd_provision"
    assert "s31(3)" in disclosure.json()["detail"]
    none = respond(client, officer, req["id"], outcome="ncnd", exemptions=["s21"])
    assert none.json()["rule"] == "not_an_ncnd_provision"
    qualified = respond(client, officer, req["id"], outcome="ncnd", exemptions=["31(3)"])
    assert qualified.json()["rule"] == "public_interest_required"
    empty_pi = respond(client, officer, req["id"], outcome="ncnd", exemptions=["31(3)"], public_interest={})
    assert empty_pi.status_code == 422


def test_ncnd_letter_names_provisions_and_the_public_interest(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-14")
    r = respond(
        client, officer, req["id"], outcome="ncnd", exemptions=["section 31(3)", "s40(5B)(a)(i)"], public_interest=PI
    )
    assert r.status_code == 201, r.text
    assert r.json()["event"]["details"]["exemptions"] == ["s31(3)", "s40(5B)(a)(i)"]
    text = decision_text(client, officer, req["id"])
    assert_has(
        text,
        "neither confirm nor deny",
        "Section 1(1)(a) of the FOI Act usually gives you the right",
        "refusal notice under section 17(1)(b) of the FOI Act",
        "section 31(3) of the FOI Act",
        "(Law enforcement)",
        "section 40(5B)(a)(i) of the FOI Act",
        "section 17(4) of the FOI Act",
        "The public interest favours neither confirming nor denying.",
        "In favour of neither confirming nor denying",
    )


def test_absolute_ncnd_needs_no_public_interest(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-14")
    r = respond(client, officer, req["id"], outcome="ncnd", exemptions=["s40(5A)"], reasons="Own data.")
    assert r.status_code == 201, r.text
    text = decision_text(client, officer, req["id"])
    assert_has(text, "section 40(5A) of the FOI Act", "Own data.")
    assert "public interest test" not in text.lower()


# --- not held ---------------------------------------------------------------------------------------------


def test_not_held_gives_the_s1_statement_and_who_may_hold_it(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-14")
    r = respond(client, officer, req["id"], outcome="not_held", other_holder="the Department for Transport")
    assert r.status_code == 201, r.text
    text = decision_text(client, officer, req["id"])
    assert_has(
        text,
        "section 1(1)(a) of the FOI Act",
        "we do not hold it",
        "section 16 of the FOI Act",
        "may be held by the Department for Transport",
    )


def test_not_held_without_a_known_holder_says_so(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-14")
    assert respond(client, officer, req["id"], outcome="not_held").status_code == 201
    assert_has(decision_text(client, officer, req["id"]), "We do not know of another organisation")


# --- the EIR and FOISA -----------------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["refused_s12", "refused_s14"])
def test_eir_has_no_s12_or_s14(client: TestClient, officer: str, outcome: str) -> None:
    req = make_request(client, officer, regime="eir", received_on="2025-03-14")
    r = respond(client, officer, req["id"], outcome=outcome, provision="s14(1)" if outcome == "refused_s14" else None)
    assert r.status_code == 422
    assert r.json()["rule"] == "manifestly_unreasonable"
    assert "reg12(4)(b)" in r.json()["detail"]
    assert "12(1)(b)" in r.json()["detail"]


def test_eir_manifestly_unreasonable_is_a_whole_request_refusal(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, regime="eir", received_on="2025-03-14")
    no_pi = respond(client, officer, req["id"], outcome="withheld_in_full", exemptions=["reg12(4)(b)"])
    assert no_pi.json()["rule"] == "public_interest_required"
    r = respond(
        client,
        officer,
        req["id"],
        outcome="withheld_in_full",
        exemptions=["12(4)(b)"],
        reasons="Complying would take 300 hours of staff time.",
        public_interest={**PI, "conclusion": "The burden outweighs the value of disclosure."},
    )
    assert r.status_code == 201, r.text
    text = decision_text(client, officer, req["id"])
    assert_has(
        text,
        "regulation 12(4)(b) of the EIR",
        "Complying would take 300 hours of staff time.",
        "The burden outweighs the value of disclosure.",
        "presumption in favour of disclosure",
    )


def test_eir_not_held_is_regulation_12_4_a(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, regime="eir", received_on="2025-03-14")
    assert respond(client, officer, req["id"], outcome="not_held").status_code == 201
    text = decision_text(client, officer, req["id"])
    assert_has(text, "regulation 12(4)(a) of the EIR", "regulation 9(1) of the EIR")
    assert "public interest" not in text.lower().split("publication")[0]


def test_foisa_cost_limit_in_scottish_terms(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, regime="foisa", received_on="2025-03-14")
    r = respond(client, officer, req["id"], outcome="refused_s12", estimate_hours="41")
    assert r.status_code == 201, r.text
    text = decision_text(client, officer, req["id"])
    assert_has(
        text,
        "Section 12(1) of FOISA",
        "section 16(4) of FOISA",
        "£600",
        "£15 an hour",
        "40 hours",
        "section 15 of FOISA",
    )
    assert "FOI Act" not in text


# --- every response -------------------------------------------------------------------------------------


def test_a_late_response_says_sorry(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-14")
    assert req["due_on"] == "2025-04-14"  # St Patrick's Day is a holiday in Northern Ireland (FOIA s10(6))
    assert respond(client, officer, req["id"], on="2025-04-15", outcome="not_held").status_code == 201
    assert_has(
        decision_text(client, officer, req["id"]),
        "We are sorry that we did not reply within the 20 working days that section 10(1) of the FOI Act allows.",
    )
    on_time = make_request(client, officer, received_on="2025-03-14")
    assert respond(client, officer, on_time["id"], on="2025-04-14", outcome="not_held").status_code == 201
    assert "We are sorry" not in decision_text(client, officer, on_time["id"])


DETAIL_KEYS = st.sampled_from(
    [
        "outcome",
        "estimate_hours",
        "estimate_breakdown",
        "aggregated_with",
        "advice",
        "provision",
        "earlier_request",
        "notice_not_required",
        "reasons",
        "exemptions",
        "public_interest",
        "other_holder",
        "note",
        "surprise",
    ]
)
DETAIL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6),
    st.sampled_from(["refused_s12", "refused_s14", "ncnd", "not_held", "s14(1)", "s14(2)", "s31(3)", "FOI-2025-0001"]),
    st.text(max_size=30),
    st.lists(st.sampled_from(["s31(3)", "s40(5A)", "s21", "reg12(6)", "", "x"]), max_size=3),
    st.fixed_dictionaries({"conclusion": st.text(max_size=10)}),
)


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(details=st.dictionaries(DETAIL_KEYS, DETAIL_VALUES, max_size=5))
def test_any_response_details_are_recorded_or_refused_cleanly(
    client: TestClient, officer: str, details: dict[str, Any]
) -> None:
    req = make_request(client, officer, received_on="2025-03-14")
    r = respond(client, officer, req["id"], **details)
    assert r.status_code in (201, 422), r.text
    after = client.get(f"/api/v1/requests/{req['id']}", headers=bearer(officer)).json()
    if r.status_code == 422:
        assert r.json()["detail"]
        assert after["status"] == "open"
        assert after["outcome"] is None
        return
    assert after["status"] == "responded"
    letter = client.get(f"/api/v1/requests/{req['id']}/letters/decision.pdf", headers=bearer(officer))
    assert letter.status_code in (200, 409), letter.text


def test_foisa_ncnd_is_section_18(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, regime="foisa", received_on="2025-03-14")
    foia_code = respond(client, officer, req["id"], outcome="ncnd", exemptions=["s40(5B)"])
    assert foia_code.status_code == 422
    bare = respond(client, officer, req["id"], outcome="ncnd", exemptions=["s18(1)"], public_interest=PI)
    assert bare.json()["rule"] == "ncnd_exemption_required"
    no_pi = respond(client, officer, req["id"], outcome="ncnd", exemptions=["s18(1)", "s35(1)(a)"])
    assert no_pi.json()["rule"] == "public_interest_required"
    r = respond(client, officer, req["id"], outcome="ncnd", exemptions=["s18(1)", "s35(1)(a)"], public_interest=PI)
    assert r.status_code == 201, r.text
    assert r.json()["event"]["details"]["exemptions"] == ["s18(1)", "s35(1)(a)"]
    text = decision_text(client, officer, req["id"])
    assert_has(
        text,
        "refusal notice under section 16(1) of FOISA",
        "We rely on section 18(1) of FOISA",
        "section 35(1)(a) of FOISA",
        PI["conclusion"],
    )
    assert "FOI Act" not in text
    assert "section 17(4)" not in text


def test_foisa_not_held_is_a_section_17_notice(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, regime="foisa", received_on="2025-03-14")
    assert respond(client, officer, req["id"], outcome="not_held", other_holder="Fife Council").status_code == 201
    text = decision_text(client, officer, req["id"])
    assert_has(text, "notice under section 17(1) of FOISA", "section 15 of FOISA", "may be held by Fife Council")
    assert "Scottish Information Commissioner" in text


def test_foisa_vexatious_is_section_14_with_the_section_16_notice(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, regime="foisa", received_on="2025-03-14")
    assert respond(client, officer, req["id"], outcome="refused_s14", provision="s14(1)").status_code == 201
    assert_has(
        decision_text(client, officer, req["id"]), "section 14(1) of FOISA", "notice under section 16(5) of FOISA"
    )
