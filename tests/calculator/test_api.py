"""GET /api/v1/deadlines: the worked examples of law.md 4 through the API, the future, and every bad input a 422
that says what is wrong and how to put it right."""

from datetime import date
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from tests.factories import bearer, make_user


@pytest.fixture
def token(session: Session, today) -> str:  # type: ignore[no-untyped-def]
    today(date(2025, 6, 30))
    return make_user(session, "officer")[1]


def ask(client: TestClient, token: str, **params: str) -> Any:
    return client.get("/api/v1/deadlines", params=params, headers=bearer(token))


@pytest.mark.parametrize(
    ("params", "due_on"),
    [
        # law.md 4 #1: Fri 14 Mar 2025; Mon 17 Mar (St Patrick's Day, NI) is skipped.
        ({"regime": "foia", "received_on": "2025-03-14"}, "2025-04-14"),
        # #1 under FOISA (Scottish calendar only): St Patrick's Day counts.
        ({"regime": "foisa", "received_on": "2025-03-14"}, "2025-04-11"),
        # #2: Saturday receipt, day 1 is Monday.
        ({"regime": "foia", "received_on": "2025-09-13"}, "2025-10-10"),
        # #4: across Christmas and New Year, 2 Jan (Scotland) skipped.
        ({"regime": "foia", "received_on": "2025-12-08"}, "2026-01-09"),
        # #18a and #18b: a maintained school's summer holiday and half term (SI 2004/3364 reg 3).
        ({"regime": "school", "received_on": "2025-07-18", "school": "example-primary"}, "2025-09-26"),
        ({"regime": "school", "received_on": "2025-10-20", "school": "example-primary"}, "2025-11-24"),
        # #19: archives, the 30th working day (reg 4).
        ({"regime": "archives", "received_on": "2025-03-14"}, "2025-04-30"),
    ],
)
def test_worked_examples(client: TestClient, token: str, params: dict[str, str], due_on: str) -> None:
    response = ask(client, token, **params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["due_on"] == due_on
    assert body["received_on"] == params["received_on"]
    # The working ends on the due date, as the request clock shows it.
    due_steps = [s for s in body["steps"] if s["kind"] == "due"]
    assert [s["on"] for s in due_steps] == [due_on]
    assert body["explanation"] == [s["description"] for s in body["steps"]]


def test_the_working_day_by_day(client: TestClient, token: str) -> None:
    body = ask(client, token, regime="foia", received_on="2025-03-14").json()
    assert (body["regime"], body["date_of_receipt"], body["day_one"]) == ("foia", "2025-03-14", "2025-03-18")
    assert body["legal_basis"].startswith("FOIA")
    by_day = {s["on"]: s for s in body["steps"] if s["kind"] != "due"}
    assert by_day["2025-03-17"]["kind"] == "holiday"
    assert by_day["2025-03-17"]["nations"] == ["NIR"]
    assert by_day["2025-03-18"]["working_day"] == 1
    assert by_day["2025-04-14"]["working_day"] == 20
    assert body["code_2018_due_on"] is None  # received on a working day: the readings agree
    assert (body["calendar_from"], body["calendar_to"]) == ("1990-01-01", "2100-12-31")
    # #2: Saturday receipt; the s45 Code 2018 reading is given for information.
    saturday = ask(client, token, regime="foia", received_on="2025-09-13").json()
    assert saturday["code_2018_due_on"] == "2025-10-13"
    school = ask(client, token, regime="school", received_on="2025-07-18", school="example-primary").json()
    assert (school["outer_limit_on"], school["school"]) == ("2025-10-14", "example-primary")
    assert (school["calendar_from"], school["calendar_to"]) == ("2024-09-01", "2027-08-31")


def test_a_future_date(client: TestClient, token: str) -> None:
    # Today is 30 Jun 2025. Mon 7 Dec 2026: 8-11, 14-18, 21-24 Dec (13 days); 25 Dec, 28 Dec (Boxing Day
    # substitute), 29-31 Dec (16); 1 Jan 2027, 4 Jan (2 January substitute, Scotland) skipped; 5-8 Jan (20).
    response = ask(client, token, regime="foia", received_on="2026-12-07")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["due_on"] == "2027-01-08"
    assert any("proclaimed later" in w for w in body["warnings"])
    skipped = {s["on"]: s["nations"] for s in body["steps"] if s["kind"] == "holiday"}
    assert skipped["2027-01-04"] == ["SCT"]
    assert set(skipped) == {"2026-12-25", "2026-12-28", "2027-01-01", "2027-01-04"}
    # A past date carries no such warning.
    assert ask(client, token, regime="foia", received_on="2025-03-14").json()["warnings"] == []


@pytest.mark.parametrize(
    ("params", "rule", "says"),
    [
        ({"regime": "foia", "received_on": "2101-01-05"}, "date_out_of_range", "1990-01-01 to 2100-12-31"),
        ({"regime": "foia", "received_on": "1989-12-29"}, "date_out_of_range", "1990-01-01 to 2100-12-31"),
        ({"regime": "foia", "received_on": "2100-12-20"}, "date_out_of_range", "covers 1990-01-01 to 2100-12-31"),
        (
            {"regime": "school", "received_on": "2028-01-10", "school": "example-primary"},
            "school_calendar_incomplete",
            "2024-09-01 to 2027-08-31",
        ),
        ({"regime": "gdpr", "received_on": "2025-03-14"}, "unknown_regime", "foia"),
        ({"received_on": "2025-03-14"}, "regime_required", "foia"),
        ({"regime": "school", "received_on": "2025-03-14"}, "school_calendar_required", "example-primary"),
        (
            {"regime": "school", "received_on": "2025-03-14", "school": "nowhere"},
            "school_calendar_required",
            "example-primary",
        ),
        (
            {"regime": "foia", "received_on": "2025-03-14", "school": "example-primary"},
            "school_not_applicable",
            "school regime",
        ),
        ({"regime": "foia"}, "date_required", "YYYY-MM-DD"),
        ({"regime": "foia", "received_on": "07/12/2026"}, "malformed_date", "YYYY-MM-DD"),
        ({"regime": "foia", "received_on": "20261207"}, "malformed_date", "YYYY-MM-DD"),
        ({"regime": "foia", "received_on": "2026-W49-1"}, "malformed_date", "YYYY-MM-DD"),
        ({"regime": "foia", "received_on": "2026-02-30"}, "malformed_date", "not a real date"),
    ],
)
def test_bad_input_says_what_to_do(
    client: TestClient, token: str, params: dict[str, str], rule: str, says: str
) -> None:
    response = ask(client, token, **params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["rule"] == rule
    assert says in body["detail"]


def test_who_may_ask(client: TestClient, session: Session, token: str) -> None:
    params = {"regime": "foia", "received_on": "2025-03-14"}
    assert client.get("/api/v1/deadlines", params=params).status_code == 401
    for role in ("reviewer", "qualified_person", "admin"):
        assert ask(client, make_user(session, role)[1], **params).status_code == 200


query_text = st.text(st.characters(codec="utf-8"), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(["regime", "received_on", "school", "from", "x"]) | query_text, query_text, max_size=4
    ),
    st.text(max_size=60),
)
def test_no_query_string_gives_a_5xx(client: TestClient, token: str, params: dict[str, str], raw: str) -> None:
    for response in (
        ask(client, token, **params),
        client.get(f"/api/v1/deadlines?{quote(raw, safe='=&%+')}", headers=bearer(token)),
    ):
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            assert response.json()["detail"]
