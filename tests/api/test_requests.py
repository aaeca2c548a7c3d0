"""Requests over the API: logging, the clock, filters, versions, and bad input that changes nothing."""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.foi_request.models import FoiRequest, Requester
from tests.factories import bearer, make_request, make_user, request_body


@pytest.fixture
def officer(session: Session) -> str:
    return make_user(session, "officer")[1]


def counts(session: Session) -> tuple[int, int, int]:
    return (
        session.scalar(select(func.count()).select_from(FoiRequest)) or 0,
        session.scalar(select(func.count()).select_from(Requester)) or 0,
        session.scalar(select(func.count()).select_from(AuditEvent)) or 0,
    )


def test_log_request_computes_due_date_and_reference(client: TestClient, officer: str, today) -> None:
    today(date(2025, 6, 1))
    # law.md example 1: Fri 14 Mar 2025; Mon 17 Mar (St Patrick's Day, NI) is skipped -> Mon 14 Apr 2025.
    body = make_request(client, officer, received_on="2025-03-14")
    assert body["due_on"] == "2025-04-14"
    assert body["reference"].startswith("FOI-2025-")
    assert body["status"] == "open"
    assert body["version"] == 1
    assert body["extended_due_on"] is None
    assert body["internal_review"] is None
    again = make_request(client, officer, received_on="2025-03-15")
    assert int(again["reference"][-6:]) == int(body["reference"][-6:]) + 1


def test_seed_letter_dates(client: TestClient, officer: str) -> None:
    # The seed letter: request of Wed 27 September 2017, decision due (and given) Wed 25 October 2017.
    body = make_request(client, officer, received_on="2017-09-27")
    assert body["due_on"] == "2017-10-25"
    assert body["reference"].startswith("FOI-2017-")


def test_get_request_sends_etag_and_requester(client: TestClient, officer: str) -> None:
    created = make_request(client, officer)
    response = client.get(f"/api/v1/requests/{created['id']}", headers=bearer(officer))
    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    assert response.json()["requester"]["name"] == "Sam Requester"


@pytest.mark.parametrize(
    ("override", "rule"),
    [
        ({"received_on": "2025-02-30"}, None),
        ({"received_on": "yesterday"}, None),
        ({"regime": "gdpr"}, "unknown_regime"),
        ({"title": "   "}, None),
        ({"requester": {"name": "A", "email": "not-an-email"}}, None),
        ({"surprise": 1}, None),
    ],
)
def test_bad_input_is_422_and_changes_nothing(
    client: TestClient, session: Session, officer: str, override: dict[str, object], rule: str | None
) -> None:
    before = counts(session)
    response = client.post("/api/v1/requests", json=request_body(**override), headers=bearer(officer))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["detail"]
    if rule:
        assert body["rule"] == rule
    assert counts(session) == before


def test_received_date_in_future_rejected(client: TestClient, session: Session, officer: str, today) -> None:
    today(date(2025, 3, 14))
    before = counts(session)
    response = client.post("/api/v1/requests", json=request_body(received_on="2025-03-15"), headers=bearer(officer))
    assert response.status_code == 422
    assert response.json()["rule"] == "received_in_future"
    assert "2025-03-14" in response.json()["detail"]
    assert counts(session) == before


def test_patch_with_stale_version_is_409_and_changes_nothing(client: TestClient, officer: str) -> None:
    created = make_request(client, officer)
    url = f"/api/v1/requests/{created['id']}"
    ok = client.patch(url, json={"title": "New title", "version": 1}, headers=bearer(officer))
    assert ok.status_code == 200
    assert ok.json()["version"] == 2
    stale = client.patch(url, json={"title": "Lost update", "version": 1}, headers=bearer(officer))
    assert stale.status_code == 409
    assert stale.json()["rule"] == "stale_version"
    stale_header = client.patch(url, json={"title": "Lost update"}, headers={**bearer(officer), "If-Match": '"1"'})
    assert stale_header.status_code == 409
    assert client.get(url, headers=bearer(officer)).json()["title"] == "New title"


def test_patch_received_on_recomputes_due(client: TestClient, officer: str) -> None:
    created = make_request(client, officer, received_on="2025-03-14")
    response = client.patch(
        f"/api/v1/requests/{created['id']}",
        json={"received_on": "2025-09-13", "version": created["version"]},
        headers=bearer(officer),
    )
    assert response.status_code == 200
    assert response.json()["due_on"] == "2025-10-10"  # law.md example 2 (Saturday receipt)


def test_unknown_request_is_404(client: TestClient, officer: str) -> None:
    response = client.get("/api/v1/requests/999999", headers=bearer(officer))
    assert response.status_code == 404
    assert "999999" in response.json()["detail"]
    assert client.get("/api/v1/requests/99999999999999", headers=bearer(officer)).status_code == 422


def test_list_filters_and_keyset_pages(client: TestClient, officer: str, today) -> None:
    today(date(2025, 6, 30))
    for received in ("2025-01-06", "2025-02-03", "2025-03-03", "2025-06-02"):
        make_request(client, officer, received_on=received, title=f"Request of {received}")
    make_request(client, officer, received_on="2025-06-03", title="Parking permits in Exampleton")
    overdue = client.get("/api/v1/requests", params={"overdue": "true", "limit": 500}, headers=bearer(officer))
    assert overdue.status_code == 200
    titles = {i["title"] for i in overdue.json()["items"]}
    assert {"Request of 2025-01-06", "Request of 2025-02-03", "Request of 2025-03-03"} <= titles
    assert "Request of 2025-06-02" not in titles
    found = client.get("/api/v1/requests", params={"q": "PARKING"}, headers=bearer(officer)).json()["items"]
    assert [i["title"] for i in found] == ["Parking permits in Exampleton"]
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/requests", params=params, headers=bearer(officer)).json()
        seen.extend(i["id"] for i in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) >= 5
    dues = [client.get(f"/api/v1/requests/{i}", headers=bearer(officer)).json()["due_on"] for i in seen]
    assert dues == sorted(dues)
    bad = client.get("/api/v1/requests", params={"due_before": "2025-13-01"}, headers=bearer(officer))
    assert bad.status_code == 422
    assert client.get("/api/v1/requests", params={"cursor": "garbage!"}, headers=bearer(officer)).status_code == 422


def test_auth_is_required_and_roles_enforced(client: TestClient, session: Session) -> None:
    assert client.get("/api/v1/requests").status_code == 401
    assert client.get("/api/v1/requests", headers=bearer("foi_wrong")).status_code == 401
    reviewer = make_user(session, "reviewer")[1]
    response = client.post("/api/v1/requests", json=request_body(), headers=bearer(reviewer))
    assert response.status_code == 403
    assert "officer" in response.json()["detail"]


def test_audit_log_is_hash_chained(client: TestClient, officer: str) -> None:
    created = make_request(client, officer)
    client.patch(f"/api/v1/requests/{created['id']}", json={"title": "Renamed", "version": 1}, headers=bearer(officer))
    audit = client.get(f"/api/v1/requests/{created['id']}/audit", headers=bearer(officer)).json()
    assert audit["chain_valid"] is True
    actions = [e["action"] for e in audit["events"]]
    assert actions[:2] == ["created", "created"]
    assert actions[-1] == "updated"
    last = audit["events"][-1]
    assert last["before"]["title"] == "Board papers, private session"
    assert last["after"]["title"] == "Renamed"
    assert all(b["prev_hash"] == a["hash"] for a, b in zip(audit["events"], audit["events"][1:], strict=False))
