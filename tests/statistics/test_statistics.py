"""Statistics over a hand-built dataset; every expected figure is worked out in the comments."""

import csv
import io
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import bearer, make_request, make_user
from tests.statistics.helpers import call, decided, event


@pytest.fixture
def dataset(client: TestClient, session: Session, today) -> str:  # type: ignore[no-untyped-def]
    today(date(2025, 6, 30))
    officer = make_user(session, "officer")[1]
    reviewer = make_user(session, "reviewer")[1]
    # Q1 2025
    # A: received Mon 6 Jan, due Mon 3 Feb; answered Mon 20 Jan in full: in time, 10 working days.
    a = make_request(client, officer, received_on="2025-01-06")
    event(client, officer, a, "responded", "2025-01-20", outcome="granted_in_full")
    # B: received Mon 6 Jan, withheld under s21 and s43(2); answered Mon 10 Feb: late, 25 working days.
    b = decided(client, officer, reviewer, "2025-01-06", "withheld", ["s21", "s43(2)"], "2025-01-30")
    event(client, officer, b, "responded", "2025-02-10")
    # C: received Mon 3 Feb, due Mon 3 Mar; a PIT extension to Mon 31 Mar; answered Thu 20 Mar in part:
    # in time with a permitted extension; 32 working days (Mon 17 Mar, St Patrick's Day, not counted).
    c = decided(client, officer, reviewer, "2025-02-03", "withheld_in_part", ["s43(2)"], "2025-03-18")
    event(client, officer, c, "pit_extension", "2025-02-28", extended_to="2025-03-31", exemptions=["s43(2)"])
    event(client, officer, c, "responded", "2025-03-20")
    # D: received Mon 10 Mar, withdrawn Wed 12 Mar. E: received Fri 14 Mar, still open.
    d = make_request(client, officer, received_on="2025-03-10")
    event(client, officer, d, "withdrawn", "2025-03-12")
    make_request(client, officer, received_on="2025-03-14")
    # B's internal review: asked Thu 20 Feb (due Fri 21 Mar), upheld Mon 10 Mar: in time.
    opened = call(client, officer, "POST", f"/api/v1/requests/{b['id']}/internal-review", requested_on="2025-02-20")
    call(
        client,
        officer,
        "PUT",
        f"/api/v1/requests/{b['id']}/internal-review/outcome",
        outcome="upheld",
        decided_on="2025-03-10",
        version=opened["request"]["version"],
    )
    # Q2 2025. F: received Tue 1 Apr, not held, answered Wed 2 Apr: in time, 1 working day.
    f = make_request(client, officer, received_on="2025-04-01")
    event(client, officer, f, "responded", "2025-04-02", outcome="not_held")
    return officer


def test_quarterly_figures(client: TestClient, dataset: str) -> None:
    response = client.get(
        "/api/v1/statistics", params={"from": "2025-01-01", "to": "2025-06-30"}, headers=bearer(dataset)
    )
    assert response.status_code == 200, response.text
    q1, q2 = response.json()
    assert q1["period"] == "2025-Q1"
    assert {k: q1[k] for k in ("received", "resolved", "in_time", "in_time_extended", "late", "withdrawn", "open")} == {
        "received": 5,
        "resolved": 3,
        "in_time": 2,
        "in_time_extended": 1,
        "late": 1,
        "withdrawn": 1,
        "open": 1,
    }
    assert q1["in_time_percent"] == 66.7
    assert (q1["granted_in_full"], q1["partially_withheld"], q1["withheld_in_full"]) == (1, 1, 1)
    assert q1["exemptions"] == {"s21": 1, "s43(2)": 2}
    assert q1["median_working_days"] == 25.0  # of 10, 25 and 32
    assert q1["internal_reviews"] == {
        "received": 1,
        "upheld": 1,
        "upheld_in_part": 0,
        "overturned": 0,
        "in_time": 1,
        "in_time_40": 1,
        "open": 0,
    }
    assert q2["period"] == "2025-Q2"
    assert (q2["received"], q2["not_held"], q2["in_time"], q2["median_working_days"]) == (1, 1, 1, 1.0)


def test_monthly_figures_and_csv(client: TestClient, dataset: str) -> None:
    months = client.get(
        "/api/v1/statistics",
        params={"from": "2025-01-01", "to": "2025-03-31", "group_by": "month"},
        headers=bearer(dataset),
    ).json()
    assert [(m["period"], m["received"]) for m in months] == [("2025-01", 2), ("2025-02", 1), ("2025-03", 2)]
    response = client.get(
        "/api/v1/statistics.csv", params={"from": "2025-01-01", "to": "2025-06-30"}, headers=bearer(dataset)
    )
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["period"] for r in rows] == ["2025-Q1", "2025-Q2"]
    assert rows[0]["received"] == "5"
    assert rows[0]["exemption s43(2)"] == "2"
    assert rows[1]["exemption s43(2)"] == "0"


def test_bad_periods(client: TestClient, session: Session) -> None:
    token = make_user(session, "officer")[1]
    backwards = client.get(
        "/api/v1/statistics", params={"from": "2025-06-30", "to": "2025-01-01"}, headers=bearer(token)
    )
    assert backwards.status_code == 422
    assert (
        client.get(
            "/api/v1/statistics",
            params={"from": "2025-01-01", "to": "2025-06-30", "group_by": "week"},
            headers=bearer(token),
        ).status_code
        == 422
    )
    assert (
        client.get("/api/v1/statistics", params={"from": "soon", "to": "2025-06-30"}, headers=bearer(token)).status_code
        == 422
    )
    assert client.get("/api/v1/statistics", params={"from": "2025-01-01", "to": "2025-06-30"}).status_code == 401


def test_foisa_exemptions_are_counted_apart_from_foia_ones(client: TestClient, session: Session, today) -> None:  # type: ignore[no-untyped-def]
    # FOISA s30 (prejudice to public affairs) is not FOIA s30 (investigations): one code, two exemptions.
    today(date(2025, 6, 30))
    officer = make_user(session, "officer")[1]
    reviewer = make_user(session, "reviewer")[1]
    foia = decided(client, officer, reviewer, "2025-04-01", "withheld", ["s30(1)(a)"], "2025-04-10")
    event(client, officer, foia, "responded", "2025-04-11")
    foisa = decided(client, officer, reviewer, "2025-04-01", "withheld", ["s30(c)"], "2025-04-10", regime="foisa")
    event(client, officer, foisa, "responded", "2025-04-11")
    (q2,) = client.get(
        "/api/v1/statistics", params={"from": "2025-04-01", "to": "2025-06-30"}, headers=bearer(officer)
    ).json()
    assert q2["exemptions"] == {"s30(1)(a)": 1, "FOISA s30(c)": 1}
