"""Internal reviews: opened after the response, with their own 20/40 working-day clock, re-decided per document."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import bearer, make_request, make_user

PI = {"for_disclosure": "Transparency.", "for_withholding": "Safe space.", "conclusion": "Maintain."}


@pytest.fixture
def people(session: Session) -> dict[str, str]:
    people = {role: make_user(session, role)[1] for role in ("officer", "reviewer")}
    # s45 Code, section 5: the review is carried out by someone who made none of the initial decisions.
    people["second_reviewer"] = make_user(session, "reviewer")[1]
    return people


def responded_case(client: TestClient, people: dict[str, str], received_on: str, responded_on: str) -> dict[str, Any]:
    officer, reviewer = people["officer"], people["reviewer"]
    req = make_request(client, officer, received_on=received_on)
    docs = []
    for item in ("1", "2"):
        doc = client.post(
            f"/api/v1/requests/{req['id']}/documents",
            json={"item": item, "title": f"Paper {item}"},
            headers=bearer(officer),
        ).json()
        r = client.put(
            f"/api/v1/requests/{req['id']}/documents/{doc['id']}/decisions/initial",
            json={
                "outcome": "withheld",
                "decided_on": received_on,
                "exemptions": [{"code": "s43(2)", "public_interest": PI}],
            },
            headers=bearer(reviewer),
        )
        assert r.status_code == 201, r.text
        docs.append(doc)
    r = client.post(
        f"/api/v1/requests/{req['id']}/events",
        json={"type": "responded", "on": responded_on},
        headers=bearer(officer),
    )
    assert r.status_code == 201, r.text
    assert r.json()["request"]["outcome"] == "withheld_in_full"
    return {"request": req, "docs": docs}


def test_review_before_response_is_409(client: TestClient, people: dict[str, str]) -> None:
    req = make_request(client, people["officer"], received_on="2025-10-01")
    response = client.post(
        f"/api/v1/requests/{req['id']}/internal-review",
        json={"requested_on": "2025-10-20"},
        headers=bearer(people["officer"]),
    )
    assert response.status_code == 409


def test_review_dates_and_outcome(client: TestClient, people: dict[str, str]) -> None:
    # law.md example 21: response Fri 10 Oct 2025; review asked Fri 14 Nov 2025 -> due Mon 15 Dec 2025,
    # exceptional maximum Fri 16 Jan 2026.
    case = responded_case(client, people, "2025-09-12", "2025-10-10")
    rid = case["request"]["id"]
    opened = client.post(
        f"/api/v1/requests/{rid}/internal-review",
        json={"requested_on": "2025-11-14"},
        headers=bearer(people["officer"]),
    )
    assert opened.status_code == 201, opened.text
    review = opened.json()["internal_review"]
    assert review["due_on"] == "2025-12-15"
    assert review["extended_due_on"] == "2026-01-16"
    assert review["late_request"] is False
    response_event = client.get(f"/api/v1/requests/{rid}/events", headers=bearer(people["officer"])).json()[0]
    removal = client.delete(f"/api/v1/requests/{rid}/events/{response_event['id']}", headers=bearer(people["officer"]))
    assert removal.status_code == 409
    assert opened.json()["request"]["status"] == "internal_review"
    got = client.get(f"/api/v1/requests/{rid}", headers=bearer(people["officer"])).json()
    assert got["internal_review"]["due_on"] == "2025-12-15"
    assert got["internal_review"]["extended_due_on"] == "2026-01-16"
    assert opened.json()["suggested_outcome"] == "upheld"
    doc = case["docs"][0]
    changed = client.put(
        f"/api/v1/requests/{rid}/documents/{doc['id']}/decisions/internal_review",
        json={"outcome": "disclosed", "decided_on": "2025-12-01"},
        headers=bearer(people["second_reviewer"]),
    )
    assert changed.status_code == 201, changed.text
    status = client.get(f"/api/v1/requests/{rid}/internal-review", headers=bearer(people["officer"])).json()
    assert status["suggested_outcome"] == "upheld_in_part"
    decided = client.put(
        f"/api/v1/requests/{rid}/internal-review/outcome",
        json={"outcome": "upheld_in_part", "decided_on": "2025-12-10", "version": status["request"]["version"]},
        headers=bearer(people["officer"]),
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["request"]["status"] == "review_complete"
    assert decided.json()["internal_review"]["timeliness"] == "in_time"
    again = client.put(
        f"/api/v1/requests/{rid}/internal-review/outcome",
        json={"outcome": "upheld", "decided_on": "2025-12-11", "version": decided.json()["request"]["version"]},
        headers=bearer(people["officer"]),
    )
    assert again.status_code == 409
    assert again.json()["rule"] == "internal_review_closed"
    annex = client.get(
        f"/api/v1/requests/{rid}/annex",
        params={"stage": "internal_review"},
        headers=bearer(people["officer"]),
    ).json()
    assert [r["decision"] for r in annex["rows"]] == ["Disclosed", "Withheld"]


def test_late_review_request_is_flagged_but_accepted(client: TestClient, people: dict[str, str]) -> None:
    # The seed letter: response Wed 25 Oct 2017; a review asked for after 40 working days is flagged.
    case = responded_case(client, people, "2017-09-27", "2017-10-25")
    opened = client.post(
        f"/api/v1/requests/{case['request']['id']}/internal-review",
        json={"requested_on": "2018-01-05"},
        headers=bearer(people["officer"]),
    )
    assert opened.status_code == 201
    assert opened.json()["internal_review"]["late_request"] is True
    assert opened.json()["warnings"]


def test_initial_decision_is_frozen_after_response(client: TestClient, people: dict[str, str]) -> None:
    case = responded_case(client, people, "2025-09-12", "2025-10-10")
    doc = case["docs"][0]
    response = client.put(
        f"/api/v1/requests/{case['request']['id']}/documents/{doc['id']}/decisions/initial",
        json={"outcome": "disclosed"},
        headers=bearer(people["reviewer"]),
    )
    assert response.status_code == 409
    no_review = client.put(
        f"/api/v1/requests/{case['request']['id']}/documents/{doc['id']}/decisions/internal_review",
        json={"outcome": "disclosed"},
        headers=bearer(people["reviewer"]),
    )
    assert no_review.status_code == 409


def test_reviewers_work_on_the_review_from_its_opening_and_it_is_released_once_decided(
    client: TestClient, session: Session, people: dict[str, str]
) -> None:
    from app.document.models import Stage
    from app.foi_request.models import FoiRequest
    from app.review.service import released_stage, working_stage

    case = responded_case(client, people, "2025-09-12", "2025-10-10")
    rid = case["request"]["id"]

    def stages() -> tuple[Stage, Stage]:
        req = session.get(FoiRequest, rid)
        assert req is not None
        return working_stage(session, req), released_stage(session, req)

    assert stages() == (Stage.initial, Stage.initial)
    opened = client.post(
        f"/api/v1/requests/{rid}/internal-review",
        json={"requested_on": "2025-11-14"},
        headers=bearer(people["officer"]),
    )
    assert opened.status_code == 201, opened.text
    assert stages() == (Stage.internal_review, Stage.initial)
    decided = client.put(
        f"/api/v1/requests/{rid}/internal-review/outcome",
        json={"outcome": "upheld", "decided_on": "2025-12-10", "version": opened.json()["request"]["version"]},
        headers=bearer(people["officer"]),
    )
    assert decided.status_code == 200, decided.text
    # Once decided the case is review_complete: redactions must still go to the review's decisions, which are
    # the ones the bundle releases (the document page had keyed on status internal_review alone).
    assert stages() == (Stage.internal_review, Stage.internal_review)
