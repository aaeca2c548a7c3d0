"""Regimes and variants as data, through the API: schools, archives, EIR reg 7, Commissioner dates, lapse."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import bearer, make_request, make_user, request_body


@pytest.fixture
def officer(session: Session) -> str:
    return make_user(session, "officer")[1]


def event(client: TestClient, token: str, rid: int, type_: str, on: str, **details: object):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/requests/{rid}/events", json={"type": type_, "on": on, "details": details}, headers=bearer(token)
    )


def test_school_counts_school_days_up_to_the_60th_working_day(client: TestClient, officer: str) -> None:
    # law.md example 18a: received Fri 18 Jul 2025 in the summer holiday -> Fri 26 Sep 2025 (20 school days).
    req = make_request(client, officer, regime="school", school="example-primary", received_on="2025-07-18")
    assert req["due_on"] == "2025-09-26"
    clock = client.get(f"/api/v1/requests/{req['id']}/clock", headers=bearer(officer)).json()
    assert clock["outer_limit_on"] == "2025-10-14"
    missing = client.post("/api/v1/requests", json=request_body(regime="school"), headers=bearer(officer))
    assert missing.status_code == 422
    assert missing.json()["rule"] == "school_calendar_required"
    stray = client.post("/api/v1/requests", json=request_body(school="example-primary"), headers=bearer(officer))
    assert stray.status_code == 422


def test_archives_have_thirty_working_days(client: TestClient, officer: str) -> None:
    # law.md example 19: Fri 14 Mar 2025 -> 30th working day Wed 30 Apr 2025.
    assert make_request(client, officer, regime="archives", received_on="2025-03-14")["due_on"] == "2025-04-30"


def test_eir_complex_and_voluminous_extension_to_forty_days(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, regime="eir", received_on="2025-03-14")
    assert req["reference"].startswith("EIR-2025-")
    extended = event(client, officer, req["id"], "eir_extension", "2025-04-01")
    assert extended.status_code == 201, extended.text
    assert extended.json()["request"]["extended_due_on"] == "2025-05-15"  # 40th WD, law.md example 1
    pit = event(
        client, officer, req["id"], "pit_extension", "2025-04-02", extended_to="2025-05-20", exemptions=["reg12(5)(e)"]
    )
    assert pit.status_code == 422


def test_commissioner_specified_date_at_most_sixty_working_days(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-14")
    too_late = event(client, officer, req["id"], "commissioner_extension", "2025-03-20", extended_to="2025-06-16")
    assert too_late.status_code == 422
    ok = event(client, officer, req["id"], "commissioner_extension", "2025-03-20", extended_to="2025-06-13")
    assert ok.status_code == 201, ok.text
    assert ok.json()["request"]["extended_due_on"] == "2025-06-13"


def test_unpaid_fee_lapses_only_after_three_months(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-03")
    event(client, officer, req["id"], "fee_notice_issued", "2025-03-10", amount="25.00")
    early = event(client, officer, req["id"], "lapsed", "2025-06-09")
    assert early.status_code == 422  # law.md example 22: the last day to pay is Mon 9 Jun 2025
    lapsed = event(client, officer, req["id"], "lapsed", "2025-06-10")
    assert lapsed.status_code == 201, lapsed.text
    assert lapsed.json()["request"]["status"] == "lapsed"


def test_exceptional_pit_extension_needs_a_reason(client: TestClient, officer: str) -> None:
    req = make_request(client, officer, received_on="2025-03-14")
    # More than 20 further working days beyond Mon 14 Apr 2025 (the 40th WD is Thu 15 May).
    bare = event(
        client, officer, req["id"], "pit_extension", "2025-04-10", extended_to="2025-06-30", exemptions=["s43(2)"]
    )
    assert bare.status_code == 422
    reasoned = event(
        client,
        officer,
        req["id"],
        "pit_extension",
        "2025-04-10",
        extended_to="2025-06-30",
        exemptions=["s43(2)"],
        reason="Consultation with forty third parties on commercial terms.",
    )
    assert reasoned.status_code == 201, reasoned.text
    assert reasoned.json()["warnings"]
