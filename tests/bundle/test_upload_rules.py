"""Who may upload or replace a document's file, and when: officers and admins, until the response has been sent,
and again while an internal review is open. The first upload follows the same rules as a replacement."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.bundle.models import DocumentFile
from tests.factories import bearer, make_request, make_user
from tests.web.helpers import hidden, sign_in, web_user

ROLES = ("officer", "admin", "reviewer", "qualified_person")
UPLOADERS = {"officer", "admin"}
ORIGINAL = b"Minutes of the board, as first uploaded."
REPLACEMENT = b"Minutes of the board, the right version."


def put_file(client: TestClient, token: str, case: dict[str, Any], doc: int, data: bytes) -> Any:
    return client.put(
        f"/api/v1/requests/{case['id']}/documents/{doc}/content",
        content=data,
        params={"filename": "minutes.txt"},
        headers={**bearer(token), "Content-Type": "text/plain"},
    )


@pytest.fixture
def people(session: Session) -> dict[str, str]:
    return {role: make_user(session, role)[1] for role in ROLES}


@pytest.fixture
def case(client: TestClient, people: dict[str, str]) -> dict[str, Any]:
    """A case with two documents decided: item 1 has a file, item 2 none yet."""
    officer, reviewer = people["officer"], people["reviewer"]
    req = make_request(client, officer, received_on="2025-03-14")
    base = f"/api/v1/requests/{req['id']}"
    docs = []
    for item in ("1", "2"):
        doc = client.post(f"{base}/documents", json={"item": item, "title": "Minutes"}, headers=bearer(officer))
        assert doc.status_code == 201, doc.text
        decided = client.put(
            f"{base}/documents/{doc.json()['id']}/decisions/initial",
            json={"outcome": "disclosed", "decided_on": "2025-03-20"},
            headers=bearer(reviewer),
        )
        assert decided.status_code == 201, decided.text
        docs.append(doc.json()["id"])
    assert put_file(client, officer, req, docs[0], ORIGINAL).status_code == 200
    return {"id": req["id"], "with_file": docs[0], "without_file": docs[1], "officer": officer}


def respond(client: TestClient, case: dict[str, Any]) -> None:
    r = client.post(
        f"/api/v1/requests/{case['id']}/events",
        json={"type": "responded", "on": "2025-04-01"},
        headers=bearer(case["officer"]),
    )
    assert r.status_code == 201, r.text


def open_review(client: TestClient, case: dict[str, Any]) -> dict[str, Any]:
    r = client.post(
        f"/api/v1/requests/{case['id']}/internal-review",
        json={"requested_on": "2025-04-10"},
        headers=bearer(case["officer"]),
    )
    assert r.status_code == 201, r.text
    result: dict[str, Any] = r.json()
    return result


def close_review(client: TestClient, case: dict[str, Any]) -> None:
    opened = open_review(client, case)
    r = client.put(
        f"/api/v1/requests/{case['id']}/internal-review/outcome",
        json={"outcome": "upheld", "decided_on": "2025-04-20", "version": opened["request"]["version"]},
        headers=bearer(case["officer"]),
    )
    assert r.status_code == 200, r.text


def stored(session: Session, doc: int) -> str | None:
    """The SHA-256 of the document's file, if it has one."""
    session.expire_all()
    file = session.query(DocumentFile).filter_by(document_id=doc).one_or_none()
    return None if file is None else file.sha256


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["with_file", "without_file"])
def test_only_officers_and_admins_upload(
    client: TestClient, session: Session, people: dict[str, str], case: dict[str, Any], role: str, which: str
) -> None:
    before = stored(session, case[which])
    response = put_file(client, people[role], case, case[which], REPLACEMENT)
    if role in UPLOADERS:
        assert response.status_code == 200, response.text
        assert stored(session, case[which]) != before
    else:
        assert response.status_code == 403, response.text
        assert response.json()["rule"] == "upload_needs_officer"
        assert "officer or an admin" in response.json()["detail"]
        assert stored(session, case[which]) == before
        # Refused before the upload is looked at: an empty body is still a 403, not a 422 about the body.
        assert put_file(client, people[role], case, case[which], b"").status_code == 403


def respond_and_review(client: TestClient, case: dict[str, Any]) -> None:
    respond(client, case)
    close_review(client, case)


LOCKED: dict[str, Callable[[TestClient, dict[str, Any]], None]] = {
    "responded": respond,
    "review_complete": respond_and_review,
}


@pytest.mark.parametrize("state", list(LOCKED))
@pytest.mark.parametrize("role", sorted(UPLOADERS))
@pytest.mark.parametrize("which", ["with_file", "without_file"])
def test_files_are_locked_once_the_response_has_gone(
    client: TestClient,
    session: Session,
    people: dict[str, str],
    case: dict[str, Any],
    state: str,
    role: str,
    which: str,
) -> None:
    LOCKED[state](client, case)
    before = stored(session, case[which])
    response = put_file(client, people[role], case, case[which], REPLACEMENT)
    assert response.status_code == 409, response.text
    assert response.json()["rule"] == "content_locked_after_response"
    assert "internal review" in response.json()["detail"]
    assert stored(session, case[which]) == before
    assert put_file(client, people[role], case, case[which], b"").status_code == 409


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["with_file", "without_file"])
def test_an_open_internal_review_reopens_the_files_to_officers(
    client: TestClient, session: Session, people: dict[str, str], case: dict[str, Any], role: str, which: str
) -> None:
    respond(client, case)
    open_review(client, case)
    response = put_file(client, people[role], case, case[which], REPLACEMENT)
    assert response.status_code == (200 if role in UPLOADERS else 403), response.text


def web_upload(client: TestClient, case: dict[str, Any], doc: int, csrf: str) -> Any:
    return client.post(
        f"/cases/{case['id']}/documents/{doc}/content",
        data={"csrf_token": csrf},
        files={"file": ("minutes.txt", REPLACEMENT, "text/plain")},
        follow_redirects=False,
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_web_upload_follows_the_same_rules(
    client: TestClient, session: Session, case: dict[str, Any], role: str
) -> None:
    csrf = sign_in(client, web_user(session, role))
    page = client.get(f"/cases/{case['id']}/documents/{case['with_file']}")
    assert page.status_code == 200
    assert (f'action="/cases/{case["id"]}/documents/{case["with_file"]}/content"' in page.text) == (role in UPLOADERS)
    assert hidden(page.text, "csrf_token") == csrf
    before = stored(session, case["with_file"])
    response = web_upload(client, case, case["with_file"], csrf)
    if role in UPLOADERS:
        assert response.status_code == 303, response.text
        assert stored(session, case["with_file"]) != before
    else:
        assert response.status_code == 403, response.text
        assert "officer or an admin" in response.text
        assert stored(session, case["with_file"]) == before


def test_the_web_page_says_why_the_file_is_locked(client: TestClient, session: Session, case: dict[str, Any]) -> None:
    respond(client, case)
    csrf = sign_in(client, web_user(session, "officer"))
    page = client.get(f"/cases/{case['id']}/documents/{case['without_file']}")
    assert f'action="/cases/{case["id"]}/documents/{case["without_file"]}/content"' not in page.text
    assert "can no longer be uploaded or replaced" in page.text
    response = web_upload(client, case, case["without_file"], csrf)
    assert response.status_code == 409, response.text
    assert stored(session, case["without_file"]) is None
