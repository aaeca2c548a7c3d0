"""Statistics by team and open cases by age, over hand-built datasets; expected figures worked out below."""

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.deadline import uk_calendar
from app.statistics.ageing import BANDS, band_label, nth_working_day_back
from tests.factories import bearer, make_request, make_user
from tests.statistics.helpers import call, decided, event

RANGE = {"from": "2025-01-01", "to": "2025-06-30"}


@pytest.fixture
def teams(client: TestClient, session: Session, today) -> str:  # type: ignore[no-untyped-def]
    today(date(2025, 6, 30))
    admin = make_user(session, "admin")[1]
    reviewer = make_user(session, "reviewer")[1]
    records = call(
        client,
        admin,
        "POST",
        "/api/v1/users",
        name="Ann",
        email="ann@example.org",
        role="officer",
        team="Records & <Archives>",
    )
    adults = call(
        client, admin, "POST", "/api/v1/users", name="Bo", email="bo@example.org", role="officer", team="Adults"
    )
    loner = call(
        client, admin, "POST", "/api/v1/users", name="Cy", email="cy@example.org", role="officer", team="Temporary"
    )
    a: str = records["token"]
    b: str = adults["token"]
    c: str = loner["token"]
    a_id, b_id, c_id = records["user"]["id"], adults["user"]["id"], loner["user"]["id"]
    # Records: received Mon 6 Jan, answered in full Mon 20 Jan (in time, 10 working days) ...
    r1 = make_request(client, a, received_on="2025-01-06", assigned_to_id=a_id)
    event(client, a, r1, "responded", "2025-01-20", outcome="granted_in_full")
    # ... and received Mon 6 Jan, withheld under s21, answered Mon 10 Feb (late, 25 working days), reviewed.
    r2 = decided(client, a, reviewer, "2025-01-06", "withheld", ["s21"], "2025-01-30", assigned_to_id=a_id)
    event(client, a, r2, "responded", "2025-02-10")
    call(client, a, "POST", f"/api/v1/requests/{r2['id']}/internal-review", requested_on="2025-02-20")
    # Outside the range (received 20 Dec 2024): counted nowhere.
    make_request(client, a, received_on="2024-12-20", assigned_to_id=a_id)
    # Bo's case, still open; Bo then moves from Adults to Children: the case counts under Children.
    make_request(client, b, received_on="2025-02-03", assigned_to_id=b_id)
    call(client, admin, "PATCH", f"/api/v1/users/{b_id}", team="Children")
    # Cy's case, not held, answered Wed 12 Mar (2 working days); Cy's team is then removed: No team.
    r4 = make_request(client, c, received_on="2025-03-10", assigned_to_id=c_id)
    event(client, c, r4, "responded", "2025-03-12", outcome="not_held")
    call(client, admin, "PATCH", f"/api/v1/users/{c_id}", team=None)
    # A case nobody is assigned to, open: No team.
    r5 = make_request(client, a, received_on="2025-04-01")
    call(client, a, "PATCH", f"/api/v1/requests/{r5['id']}", assigned_to_id=None, version=r5["version"])
    return a


def test_statistics_by_team(client: TestClient, teams: str) -> None:
    response = client.get("/api/v1/statistics", params={**RANGE, "group_by": "team"}, headers=bearer(teams))
    assert response.status_code == 200, response.text
    rows = response.json()
    # Teams A-Z (by the team at query time), No team last; each row covers the whole range.
    assert [r["team"] for r in rows] == ["Children", "Records & <Archives>", "No team"]
    assert {r["period"] for r in rows} == {"2025-01-01/2025-06-30"}
    children, records, unassigned = rows
    assert (children["received"], children["open"], children["resolved"], children["in_time_percent"]) == (
        1,
        1,
        0,
        None,
    )
    # Records: 2 received, both answered, 1 in time and 1 late: 50%; median of 10 and 25 working days.
    assert (records["received"], records["resolved"], records["in_time"], records["late"]) == (2, 2, 1, 1)
    assert (records["in_time_percent"], records["median_working_days"]) == (50.0, 17.5)
    assert records["exemptions"] == {"s21": 1}
    assert records["internal_reviews"]["received"] == 1
    assert records["internal_reviews"]["open"] == 1
    # No team: Cy's not-held answer (team removed) and the unassigned open case.
    assert (unassigned["received"], unassigned["resolved"], unassigned["open"], unassigned["not_held"]) == (
        2,
        1,
        1,
        1,
    )
    assert (unassigned["in_time_percent"], unassigned["median_working_days"]) == (100.0, 2.0)
    assert unassigned["internal_reviews"]["received"] == 0


def test_team_csv_and_audit(client: TestClient, session: Session, teams: str) -> None:
    response = client.get("/api/v1/statistics.csv", params={**RANGE, "group_by": "team"}, headers=bearer(teams))
    assert response.status_code == 200, response.text
    assert "team" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["team"], r["received"]) for r in rows] == [
        ("Children", "1"),
        ("Records & <Archives>", "2"),
        ("No team", "2"),
    ]
    assert rows[1]["exemption s21"] == "1"
    changes = session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "user", AuditEvent.action == "updated").order_by(AuditEvent.id)
    ).all()
    assert [((e.before or {})["team"], (e.after or {})["team"]) for e in changes] == [
        ("Adults", "Children"),
        ("Temporary", None),
    ]


def test_quarters_have_no_team(client: TestClient, teams: str) -> None:
    quarters = client.get("/api/v1/statistics", params=RANGE, headers=bearer(teams)).json()
    assert [(q["period"], q["team"], q["received"]) for q in quarters] == [("2025-Q1", None, 4), ("2025-Q2", None, 1)]
    header = client.get("/api/v1/statistics.csv", params=RANGE, headers=bearer(teams)).text.splitlines()[0]
    assert "team" not in header.split(",")


def test_team_on_users(client: TestClient, session: Session) -> None:
    admin = make_user(session, "admin")[1]
    created = call(
        client, admin, "POST", "/api/v1/users", name="Di", email="di@example.org", role="officer", team="  Governance  "
    )
    user_id = created["user"]["id"]
    assert created["user"]["team"] == "Governance"
    # Leaving the team out keeps it; an empty string removes it; too long is a 422.
    assert call(client, admin, "PATCH", f"/api/v1/users/{user_id}", name="Di Jones")["team"] == "Governance"
    assert call(client, admin, "PATCH", f"/api/v1/users/{user_id}", team="")["team"] is None
    too_long = client.patch(f"/api/v1/users/{user_id}", json={"team": "x" * 101}, headers=bearer(admin))
    assert too_long.status_code == 422


def test_unknown_group_by(client: TestClient, session: Session) -> None:
    token = make_user(session, "officer")[1]
    for url in ("/api/v1/statistics", "/api/v1/statistics.csv"):
        response = client.get(url, params={**RANGE, "group_by": "officer"}, headers=bearer(token))
        assert response.status_code == 422


# Working days counted back from Mon 30 Jun 2025 on the UK-wide calendar (FOIA): every weekday of June is one
# (21), May loses the 5th and 26th, April loses Good Friday 18th and Easter Monday 21st. So the 11th working day
# back is Mon 16 Jun, the 16th Mon 9 Jun, the 21st Mon 2 Jun, the 41st Thu 1 May and the 61st Tue 1 Apr; a case
# is at least n working days old exactly when its date of receipt is before the n-th.
UK_BACK = {
    11: date(2025, 6, 16),
    16: date(2025, 6, 9),
    21: date(2025, 6, 2),
    41: date(2025, 5, 1),
    61: date(2025, 4, 1),
}


def test_working_days_back() -> None:
    calendar = uk_calendar()
    assert nth_working_day_back(calendar, date(2025, 6, 30), list(UK_BACK)) == UK_BACK
    # Scotland works Easter Monday (21 Apr), so its 61st working day back is a day later.
    assert nth_working_day_back(uk_calendar(("SCT",)), date(2025, 6, 30), [61]) == {61: date(2025, 4, 2)}
    # A Sunday: the first working day back is the Friday before.
    assert nth_working_day_back(calendar, date(2025, 6, 29), [1]) == {1: date(2025, 6, 27)}
    assert [band_label(low, high) for low, high, _ in BANDS] == [
        "0\u201310",
        "11\u201315",
        "16\u201320",
        "21\u201340",
        "41\u201360",
        "over 60",
    ]


def bands(body: dict[str, Any]) -> dict[str, tuple[int, int, int, int]]:
    return {b["label"]: (b["total"], b["open"], b["on_hold"], b["past_deadline"]) for b in body["bands"]}


@dataclass
class Ages:
    """The dataset's officer, and what other tests' committed cases already add to each day's counts."""

    token: str
    before: dict[str, dict[str, Any]]

    def figures(self, client: TestClient, on: str) -> tuple[int, dict[str, tuple[int, int, int, int]]]:
        body = client.get("/api/v1/statistics/open-by-age", params={"on": on}, headers=bearer(self.token)).json()
        base = self.before[on]
        diff = {k: tuple(a - b for a, b in zip(v, bands(base)[k], strict=True)) for k, v in bands(body).items()}
        return body["total"] - base["total"], diff  # type: ignore[return-value]


@pytest.fixture
def ages(client: TestClient, session: Session, today) -> Ages:  # type: ignore[no-untyped-def]
    today(date(2025, 6, 30))
    officer = make_user(session, "officer")[1]
    # Some tests commit their cases (real concurrent transactions); count only what this dataset adds.
    before = {
        on: client.get("/api/v1/statistics/open-by-age", params={"on": on}, headers=bearer(officer)).json()
        for on in ("2025-06-30", "2025-06-27")
    }
    # (received, age in working days on Mon 30 Jun 2025)
    for received in (
        "2025-06-30",  # 0
        "2025-06-28",  # Saturday: 1 (Mon 30 Jun)
        "2025-06-16",  # 10: 17-20, 23-27, 30 Jun
        "2025-06-13",  # 11
        "2025-06-09",  # 15
        "2025-06-06",  # 16
        "2025-06-02",  # 20: due today, so not past its deadline
        "2025-05-30",  # 21: due Fri 27 Jun, past its deadline
        "2025-05-01",  # 40
        "2025-04-30",  # 41
        "2025-04-01",  # 60
        "2025-03-31",  # 61
    ):
        make_request(client, officer, received_on=received)
    # FOISA counts Scottish working days: Easter Monday is one, so Tue 1 Apr is 61 working days ago there.
    make_request(client, officer, received_on="2025-04-01", regime="foisa")
    # On hold for a fee since Tue 10 Jun (received Mon 2 Jun): still 20 working days old, and on hold.
    held = make_request(client, officer, received_on="2025-06-02")
    event(client, officer, held, "fee_notice_issued", "2025-06-10", amount="25.00")
    # Not open: answered, so not counted.
    answered = make_request(client, officer, received_on="2025-03-03")
    event(client, officer, answered, "responded", "2025-03-20", outcome="granted_in_full")
    return Ages(officer, before)


def test_open_by_age(client: TestClient, ages: Ages) -> None:
    response = client.get("/api/v1/statistics/open-by-age", headers=bearer(ages.token))
    assert response.status_code == 200, response.text
    assert response.json()["on"] == "2025-06-30"
    total, by_band = ages.figures(client, "2025-06-30")
    assert total == 14
    # (total, open, on hold, past deadline)
    assert by_band == {
        "0\u201310": (3, 3, 0, 0),  # ages 0, 1 and 10
        "11\u201315": (2, 2, 0, 0),  # 11 and 15
        "16\u201320": (3, 2, 1, 0),  # 16, 20 and the case on hold (20)
        "21\u201340": (2, 2, 0, 2),  # 21 and 40, both past their deadline
        "41\u201360": (2, 2, 0, 2),  # 41 and the FOIA 60
        "over 60": (2, 2, 0, 2),  # 61 and the FOISA case of 61
    }


def test_open_by_age_on_an_earlier_day(client: TestClient, ages: Ages) -> None:
    # On Fri 27 Jun each age is one less and the cases received on 28 and 30 Jun are left out.
    total, by_band = ages.figures(client, "2025-06-27")
    assert total == 12
    assert {k: v[0] for k, v in by_band.items()} == {
        "0\u201310": 2,  # 9 and 10 (was 11)
        "11\u201315": 2,  # 14 and 15 (was 16)
        "16\u201320": 3,  # 19, the held 19, and 20 (was 21)
        "21\u201340": 2,  # 39 and 40 (was 41)
        "41\u201360": 3,  # 59, 60 (was 61) and the FOISA 60
        "over 60": 0,
    }


def test_open_by_age_bad_input(client: TestClient, session: Session) -> None:
    token = make_user(session, "officer")[1]
    for on in ("soon", "1900-01-01", "2200-01-01"):
        response = client.get("/api/v1/statistics/open-by-age", params={"on": on}, headers=bearer(token))
        assert response.status_code == 422, on
    # Before any test's cases were received: nothing open, every band present and zero.
    empty = client.get("/api/v1/statistics/open-by-age", params={"on": "2000-01-04"}, headers=bearer(token)).json()
    assert empty["total"] == 0
    assert [b["total"] for b in empty["bands"]] == [0] * 6
