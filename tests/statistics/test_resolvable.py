"""Resolvable requests (law.md 11.1) and where requests stand, over hand-built cases; the figures are worked out in
the comments."""

import csv
import io
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import bearer, make_request, make_user
from tests.statistics.helpers import call, event

# What each refusal's notice needs recorded with it (app/foi_request/response.py).
NOTICE_DETAILS: dict[str, dict[str, Any]] = {
    "ncnd": {"exemptions": ["s40(5A)"]},
    "refused_s14": {"provision": "s14(1)"},
}


def answered(client: TestClient, officer: str, received: str, outcome: str, on: str) -> dict[str, Any]:
    req = make_request(client, officer, received_on=received)
    event(client, officer, req, "responded", on, outcome=outcome, **NOTICE_DETAILS.get(outcome, {}))
    return req


@pytest.fixture
def officer(client: TestClient, session: Session, today) -> str:  # type: ignore[no-untyped-def]
    today(date(2025, 6, 30))
    token = make_user(session, "officer")[1]
    # Q1 2025: fifteen requests received.
    # Resolvable (a decision on release was made): two granted in full, one partly withheld, and four withheld in
    # full, one for each reason (an exemption, NCND, the cost limit, vexatious).
    answered(client, token, "2025-01-06", "granted_in_full", "2025-01-20")
    answered(client, token, "2025-01-07", "granted_in_full", "2025-01-21")
    answered(client, token, "2025-01-08", "partly_withheld", "2025-01-22")
    answered(client, token, "2025-01-09", "withheld_in_full", "2025-01-23")
    answered(client, token, "2025-01-10", "ncnd", "2025-01-24")
    answered(client, token, "2025-01-13", "refused_s12", "2025-01-27")
    answered(client, token, "2025-01-14", "refused_s14", "2025-01-28")
    # Another partly withheld, now under internal review: still resolvable on its initial outcome.
    reviewed = answered(client, token, "2025-01-15", "partly_withheld", "2025-01-29")
    call(client, token, "POST", f"/api/v1/requests/{reviewed['id']}/internal-review", requested_on="2025-02-03")
    # Answered but not resolvable: information not held, advice and assistance only.
    answered(client, token, "2025-01-16", "not_held", "2025-01-30")
    answered(client, token, "2025-01-17", "advice_only", "2025-01-31")
    # Closed without an answer: withdrawn; lapsed (fee notice Mon 13 Jan unpaid; last day to pay Sat 12 Apr).
    withdrawn = make_request(client, token, received_on="2025-02-03")
    event(client, token, withdrawn, "withdrawn", "2025-02-05")
    lapsed = make_request(client, token, received_on="2025-01-06")
    event(client, token, lapsed, "fee_notice_issued", "2025-01-13", amount="25.00")
    event(client, token, lapsed, "lapsed", "2025-04-14")
    # Waiting: on hold for clarification, on hold for a fee, and one not yet assessed.
    clarifying = make_request(client, token, received_on="2025-03-03")
    event(client, token, clarifying, "clarification_requested", "2025-03-04")
    fee = make_request(client, token, received_on="2025-03-10")
    event(client, token, fee, "fee_notice_issued", "2025-03-11", amount="40.00")
    make_request(client, token, received_on="2025-03-14")
    # Q2 2025: one answered as not held and one open, so nothing is resolvable.
    answered(client, token, "2025-04-01", "not_held", "2025-04-02")
    make_request(client, token, received_on="2025-04-02")
    return token


def quarters(client: TestClient, token: str) -> list[dict[str, Any]]:
    response = client.get(
        "/api/v1/statistics", params={"from": "2025-01-01", "to": "2025-06-30"}, headers=bearer(token)
    )
    assert response.status_code == 200, response.text
    result: list[dict[str, Any]] = response.json()
    return result


def test_resolvable_figures(client: TestClient, officer: str) -> None:
    q1, q2 = quarters(client, officer)
    # Resolvable: 2 granted + 2 partly + 4 withheld in full = 8; 2 of 8 granted in full = 25.0%.
    assert q1["resolvable"] == {
        "total": 8,
        "granted_in_full": 2,
        "partially_withheld": 2,
        "withheld_in_full": 4,
        "granted_in_full_percent": 25.0,
        "withheld_in_full_reasons": {"exemption": 1, "ncnd": 1, "cost_limit": 1, "vexatious_or_repeated": 1},
    }
    # The existing outcome fields keep their meaning: one count per recorded outcome.
    assert (q1["granted_in_full"], q1["partially_withheld"], q1["withheld_in_full"]) == (2, 2, 1)
    assert (q1["ncnd"], q1["refused_s12"], q1["refused_s14"], q1["not_held"], q1["advice_only"]) == (1, 1, 1, 1, 1)
    # Q2: nothing resolvable, so no percentage.
    assert q2["resolvable"]["total"] == 0
    assert q2["resolvable"]["granted_in_full_percent"] is None


def test_status_buckets(client: TestClient, officer: str) -> None:
    q1, q2 = quarters(client, officer)
    # 15 received = 10 answered + 1 withdrawn + 1 lapsed + 2 on hold + 1 not yet assessed.
    assert {
        k: q1[k]
        for k in (
            "received",
            "resolved",
            "withdrawn",
            "lapsed",
            "on_hold",
            "on_hold_clarification",
            "on_hold_fee",
            "not_yet_assessed",
            "open",
        )
    } == {
        "received": 15,
        "resolved": 10,
        "withdrawn": 1,
        "lapsed": 1,
        "on_hold": 2,
        "on_hold_clarification": 1,
        "on_hold_fee": 1,
        "not_yet_assessed": 1,
        "open": 3,  # unchanged meaning: on hold and not yet assessed together
    }
    assert (q2["received"], q2["resolved"], q2["not_yet_assessed"], q2["on_hold"]) == (2, 1, 1, 0)


def test_by_team_and_csv(client: TestClient, officer: str) -> None:
    teams = client.get(
        "/api/v1/statistics",
        params={"from": "2025-01-01", "to": "2025-06-30", "group_by": "team"},
        headers=bearer(officer),
    ).json()
    # No case is assigned: the whole range under "No team", Q1 and Q2 together.
    assert [(t["team"], t["received"], t["resolvable"]["total"], t["not_yet_assessed"]) for t in teams] == [
        ("No team", 17, 8, 2)
    ]
    response = client.get(
        "/api/v1/statistics.csv", params={"from": "2025-01-01", "to": "2025-06-30"}, headers=bearer(officer)
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    header = response.text.splitlines()[0].split(",")
    # The columns there before keep their places; the new ones come after the internal reviews.
    assert header.index("internal_reviews_open") < header.index("on_hold") < header.index("resolvable")
    q1 = rows[0]
    assert {
        k: q1[k]
        for k in (
            "resolvable",
            "resolvable_granted_in_full",
            "resolvable_partially_withheld",
            "resolvable_withheld_in_full",
            "resolvable_granted_in_full_percent",
            "withheld_in_full_exemption",
            "withheld_in_full_ncnd",
            "withheld_in_full_cost_limit",
            "withheld_in_full_vexatious_or_repeated",
            "on_hold_clarification",
            "on_hold_fee",
            "not_yet_assessed",
        )
    } == {
        "resolvable": "8",
        "resolvable_granted_in_full": "2",
        "resolvable_partially_withheld": "2",
        "resolvable_withheld_in_full": "4",
        "resolvable_granted_in_full_percent": "25.0",
        "withheld_in_full_exemption": "1",
        "withheld_in_full_ncnd": "1",
        "withheld_in_full_cost_limit": "1",
        "withheld_in_full_vexatious_or_repeated": "1",
        "on_hold_clarification": "1",
        "on_hold_fee": "1",
        "not_yet_assessed": "1",
    }
    assert rows[1]["resolvable_granted_in_full_percent"] == ""
