"""s45 Code of Practice, section 5: the internal review is carried out by someone not involved in the original
decision, unless an admin overrides that with a reason; the letter claims independence only when the record shows
it."""

import os
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.checks import decision_drift, request_drift
from app.audit.models import AuditEvent
from tests.factories import bearer, make_request, make_user
from tests.pdf import flat, pdf_text

PI = {"for_disclosure": "Transparency.", "for_withholding": "Commercial harm.", "conclusion": "Withhold."}
INDEPENDENT = "Someone who was not involved in the original decision has carried out the review."
INVOLVED = "The review was carried out by one of our reviewers, who was also involved in the original decision."


@pytest.fixture
def people(session: Session) -> dict[str, str]:
    people = {role: make_user(session, role)[1] for role in ("officer", "admin")}
    people["first"] = make_user(session, "reviewer", name="Rowan First")[1]
    people["second"] = make_user(session, "reviewer", name="Sasha Second")[1]
    return people


@pytest.fixture
def case(client: TestClient, people: dict[str, str]) -> dict[str, Any]:
    """Decided by Rowan First, responded to, and under review."""
    req = make_request(client, people["officer"], received_on="2025-09-12")
    rid = req["id"]
    doc = client.post(
        f"/api/v1/requests/{rid}/documents", json={"item": "1", "title": "Contract"}, headers=bearer(people["officer"])
    ).json()
    initial = client.put(
        f"/api/v1/requests/{rid}/documents/{doc['id']}/decisions/initial",
        json={
            "outcome": "withheld",
            "decided_on": "2025-09-15",
            "exemptions": [{"code": "s43(2)", "public_interest": PI}],
        },
        headers=bearer(people["first"]),
    )
    assert initial.status_code == 201, initial.text
    responded = client.post(
        f"/api/v1/requests/{rid}/events",
        json={"type": "responded", "on": "2025-10-10"},
        headers=bearer(people["officer"]),
    )
    assert responded.status_code == 201, responded.text
    opened = client.post(
        f"/api/v1/requests/{rid}/internal-review",
        json={"requested_on": "2025-11-14"},
        headers=bearer(people["officer"]),
    )
    assert opened.status_code == 201, opened.text
    independence = opened.json()["independence"]
    assert independence["reviewer"] is None
    assert independence["independent"] is False  # nobody has carried it out yet
    return {"id": rid, "doc": doc["id"]}


def redecide(client: TestClient, token: str, case: dict[str, Any], outcome: str = "disclosed"):  # type: ignore[no-untyped-def]
    return client.put(
        f"/api/v1/requests/{case['id']}/documents/{case['doc']}/decisions/internal_review",
        json={"outcome": outcome, "decided_on": "2025-12-01"},
        headers=bearer(token),
    )


def review(client: TestClient, token: str, case: dict[str, Any]) -> dict[str, Any]:
    response = client.get(f"/api/v1/requests/{case['id']}/internal-review", headers=bearer(token))
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def decide_outcome(client: TestClient, token: str, case: dict[str, Any]) -> dict[str, Any]:
    version = review(client, token, case)["request"]["version"]
    decided = client.put(
        f"/api/v1/requests/{case['id']}/internal-review/outcome",
        json={"outcome": "overturned", "decided_on": "2025-12-10", "version": version},
        headers=bearer(token),
    )
    assert decided.status_code == 200, decided.text
    result: dict[str, Any] = decided.json()
    return result


def letter_text(client: TestClient, token: str, case: dict[str, Any], keep_as: str | None = None) -> str:
    pdf = client.get(f"/api/v1/requests/{case['id']}/letters/internal_review.pdf", headers=bearer(token))
    assert pdf.status_code == 200, pdf.text
    if keep_as and os.environ.get("FOI_KEEP_LETTERS"):  # to look at the letter: pdftoppm -png -r 60 on it
        Path(os.environ["FOI_KEEP_LETTERS"], keep_as).write_bytes(pdf.content)
    return flat(pdf_text(pdf.content))


def override(client: TestClient, token: str, case: dict[str, Any], body: dict[str, Any]):  # type: ignore[no-untyped-def]
    return client.put(
        f"/api/v1/requests/{case['id']}/internal-review/independence-override", json=body, headers=bearer(token)
    )


def test_the_original_decision_maker_cannot_redecide_at_review(
    client: TestClient, people: dict[str, str], case: dict[str, Any]
) -> None:
    refused = redecide(client, people["first"], case)
    assert refused.status_code == 409
    body = refused.json()
    assert body["rule"] == "reviewer_not_independent"
    assert "reviewer_not_independent" in body["detail"]
    assert "s45 Code of Practice, section 5" in body["detail"]
    assert "independence override" in body["detail"]  # how to proceed
    assert body["how"] == f"PUT /api/v1/requests/{case['id']}/internal-review/independence-override (admins)"
    assert review(client, people["officer"], case)["independence"]["reviewer"] is None


def test_a_different_reviewer_is_recorded_and_the_letter_says_the_review_was_independent(
    client: TestClient, people: dict[str, str], case: dict[str, Any]
) -> None:
    assert redecide(client, people["second"], case).status_code == 201
    independence = review(client, people["officer"], case)["independence"]
    assert independence["reviewer"]["name"] == "Sasha Second"
    assert independence["independent"] is True
    assert independence["involved"] == []
    assert independence["override"] is None
    decided = decide_outcome(client, people["officer"], case)
    assert decided["independence"]["reviewer"]["name"] == "Sasha Second"  # recording the outcome does not change it
    text = letter_text(client, people["officer"], case, "independent.pdf")
    assert INDEPENDENT in text
    assert "also involved" not in text


def test_an_admin_override_with_a_reason_lets_them_review_is_audited_and_the_letter_claims_no_independence(
    client: TestClient, session: Session, people: dict[str, str], case: dict[str, Any]
) -> None:
    version = review(client, people["officer"], case)["request"]["version"]
    reason = "The only other reviewer is on long-term leave and the review is due on Monday."
    assert override(client, people["officer"], case, {"reason": reason, "version": version}).status_code == 403
    assert override(client, people["first"], case, {"reason": reason, "version": version}).status_code == 403
    missing = override(client, people["admin"], case, {"version": version})
    assert missing.status_code == 422
    assert missing.json()["rule"] == "override_reason_required"
    assert "reason" in missing.json()["detail"]
    blank = override(client, people["admin"], case, {"reason": "   ", "version": version})
    assert blank.status_code == 422
    assert override(client, people["admin"], case, {"reason": reason}).status_code == 428

    allowed = override(client, people["admin"], case, {"reason": reason, "version": version})
    assert allowed.status_code == 200, allowed.text
    recorded = allowed.json()["independence"]["override"]
    assert recorded["reason"] == reason
    assert recorded["by"]["name"].startswith("Admin")
    # A second admin pressing the same button with the version they read is told it changed.
    stale = override(client, people["admin"], case, {"reason": "Another reason.", "version": version})
    assert stale.status_code == 409
    assert stale.json()["rule"] == "stale_version"
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "independence_overridden", AuditEvent.request_id == case["id"])
    ).one()
    assert event.after is not None
    assert event.after["independence_override_reason"] == reason
    # `foi audit verify` still finds every case and decision as its audit log last recorded it.
    assert [d for d in request_drift(session) if d.entity_id == case["id"]] == []
    assert [d for d in decision_drift(session) if d.label.startswith(f"document {case['doc']},")] == []

    assert redecide(client, people["first"], case).status_code == 201
    independence = review(client, people["officer"], case)["independence"]
    assert independence["reviewer"]["name"] == "Rowan First"
    assert independence["independent"] is False
    assert [u["name"] for u in independence["involved"]] == ["Rowan First"]
    decide_outcome(client, people["officer"], case)
    text = letter_text(client, people["officer"], case, "overridden.pdf")
    assert "not involved" not in text
    assert INVOLVED in text
    assert reason not in text  # the reason is the authority's record, not the letter's
    closed = override(
        client,
        people["admin"],
        case,
        {"reason": reason, "version": review(client, people["admin"], case)["request"]["version"]},
    )
    assert closed.status_code == 409
    assert closed.json()["rule"] == "internal_review_closed"


def test_an_override_the_review_did_not_need_claims_nothing(
    client: TestClient, people: dict[str, str], case: dict[str, Any]
) -> None:
    version = review(client, people["officer"], case)["request"]["version"]
    assert override(client, people["admin"], case, {"reason": "Cover in case.", "version": version}).status_code == 200
    assert redecide(client, people["second"], case).status_code == 201
    decide_outcome(client, people["officer"], case)
    text = letter_text(client, people["officer"], case)
    assert "not involved" not in text
    assert "involved in the original decision" not in text
    assert "This letter tells you the outcome." in text


def test_a_review_that_redecides_nothing_is_carried_out_by_whoever_records_its_outcome(
    client: TestClient, people: dict[str, str], case: dict[str, Any]
) -> None:
    decided = decide_outcome(client, people["officer"], case)
    assert decided["independence"]["reviewer"] is not None
    assert decided["independence"]["independent"] is True
    assert INDEPENDENT in letter_text(client, people["officer"], case)
