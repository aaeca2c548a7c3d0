"""A change to a versioned row must say which version it read: none is a 428, a stale one a 409, the right one
goes through (RFC 6585 / RFC 9110 If-Match). Making a decision where none exists overwrites nothing, so needs none."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.main import create_app
from tests.factories import bearer, make_request, make_user

R = "/api/v1/requests/{request_id}"
VERSIONED = [
    ("patch", R),
    ("put", f"{R}/documents/{{document_id}}/decisions/{{stage}}"),
    ("put", f"{R}/internal-review/outcome"),
]


def audit_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def assert_precondition_required(response: Any) -> None:
    assert response.status_code == 428, response.text
    body = response.json()
    assert (body["error"], body["rule"]) == ("precondition_required", "version_required")
    assert '"version"' in body["detail"]
    assert 'If-Match: "N"' in body["detail"]
    assert "current_version" not in body  # the fix is to read it, not to copy a number from the refusal


@pytest.mark.parametrize(("method", "path"), VERSIONED)
def test_openapi_documents_the_428(method: str, path: str) -> None:
    responses = create_app(run_sweeper=False).openapi()["paths"][path][method]["responses"]
    assert "428" in responses
    assert "If-Match" in responses["428"]["description"]
    assert responses["428"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")


def test_patching_a_request(client: TestClient, session: Session) -> None:
    officer = make_user(session, "officer")[1]
    req = make_request(client, officer)
    url = f"/api/v1/requests/{req['id']}"
    before = audit_count(session)
    assert_precondition_required(client.patch(url, json={"title": "Unseen overwrite"}, headers=bearer(officer)))
    assert client.get(url, headers=bearer(officer)).json()["title"] == req["title"]
    assert audit_count(session) == before
    stale = client.patch(url, json={"title": "Stale", "version": req["version"] + 1}, headers=bearer(officer))
    assert stale.status_code == 409
    assert stale.json()["rule"] == "stale_version"
    ok = client.patch(url, json={"title": "Read, then changed", "version": req["version"]}, headers=bearer(officer))
    assert ok.status_code == 200, ok.text
    assert ok.json()["title"] == "Read, then changed"
    by_header = client.patch(
        url, json={"title": "By header"}, headers={**bearer(officer), "If-Match": ok.headers["ETag"]}
    )
    assert by_header.status_code == 200, by_header.text
    assert by_header.json()["version"] == ok.json()["version"] + 1


def test_replacing_a_decision_but_not_making_the_first(client: TestClient, session: Session) -> None:
    officer, reviewer = make_user(session, "officer")[1], make_user(session, "reviewer")[1]
    req = make_request(client, officer, received_on="2025-03-03")
    doc = client.post(
        f"/api/v1/requests/{req['id']}/documents", json={"item": "1", "title": "Paper"}, headers=bearer(officer)
    ).json()
    url = f"/api/v1/requests/{req['id']}/documents/{doc['id']}/decisions/initial"
    first = client.put(url, json={"outcome": "not_held", "decided_on": "2025-03-04"}, headers=bearer(reviewer))
    assert first.status_code == 201, first.text
    version = first.json()["version"]
    assert_precondition_required(
        client.put(url, json={"outcome": "disclosed", "decided_on": "2025-03-04"}, headers=bearer(reviewer))
    )
    stale = client.put(
        url, json={"outcome": "disclosed", "decided_on": "2025-03-04", "version": version + 1}, headers=bearer(reviewer)
    )
    assert stale.status_code == 409
    assert stale.json()["rule"] == "stale_version"
    got = client.get(f"/api/v1/requests/{req['id']}/documents/{doc['id']}", headers=bearer(reviewer)).json()
    assert got["decisions"]["initial"]["outcome"] == "not_held"
    ok = client.put(
        url,
        json={"outcome": "disclosed", "decided_on": "2025-03-04"},
        headers={**bearer(reviewer), "If-Match": f'"{version}"'},
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["outcome"] == "disclosed"


def test_deciding_an_internal_review(client: TestClient, session: Session) -> None:
    officer, reviewer = make_user(session, "officer")[1], make_user(session, "reviewer")[1]
    req = make_request(client, officer, received_on="2025-09-12")
    base = f"/api/v1/requests/{req['id']}"
    doc = client.post(f"{base}/documents", json={"item": "1", "title": "Paper"}, headers=bearer(officer)).json()
    client.put(
        f"{base}/documents/{doc['id']}/decisions/initial",
        json={"outcome": "not_held", "decided_on": "2025-10-01"},
        headers=bearer(reviewer),
    )
    responded = client.post(f"{base}/events", json={"type": "responded", "on": "2025-10-10"}, headers=bearer(officer))
    assert responded.status_code == 201, responded.text
    opened = client.post(f"{base}/internal-review", json={"requested_on": "2025-11-14"}, headers=bearer(officer))
    assert opened.status_code == 201, opened.text
    version = opened.json()["request"]["version"]
    outcome = {"outcome": "upheld", "decided_on": "2025-12-10"}
    assert_precondition_required(client.put(f"{base}/internal-review/outcome", json=outcome, headers=bearer(officer)))
    assert client.get(base, headers=bearer(officer)).json()["status"] == "internal_review"
    stale = client.put(
        f"{base}/internal-review/outcome", json=outcome | {"version": version - 1}, headers=bearer(officer)
    )
    assert stale.status_code == 409
    assert stale.json()["rule"] == "stale_version"
    ok = client.put(f"{base}/internal-review/outcome", json=outcome | {"version": version}, headers=bearer(officer))
    assert ok.status_code == 200, ok.text
    assert ok.json()["request"]["status"] == "review_complete"
