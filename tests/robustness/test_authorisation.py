"""Every route × every role (and anonymous) against a table of what each role may do.

The table below is the authority's access policy written down. A route the table does not list fails the test,
so a new endpoint cannot ship without someone deciding who may call it. "allow" means the call got past
authentication and authorisation (any status but 401/403, and never a 5xx); a number is the status expected.
"""

import functools
from typing import Any

import pytest

from app.main import create_app
from tests.robustness.conftest import ROLES, DemoCase, app_routes
from tests.web.test_access import WEB_MATRIX

ALLOW = "allow"
POLICIES: dict[str, dict[str, Any]] = {
    # Anyone, signed in or not: the public disclosure log, the exemption catalogue, health and API docs.
    "public": dict.fromkeys(ROLES, ALLOW),
    # Any signed-in user may read casework.
    "signed_in": {"anonymous": 401, "officer": ALLOW, "reviewer": ALLOW, "qualified_person": ALLOW, "admin": ALLOW},
    # Officers (and admins) run cases: log, edit, clock events, documents, reviews, letters, publishing.
    "officer": {"anonymous": 401, "officer": ALLOW, "reviewer": 403, "qualified_person": 403, "admin": ALLOW},
    # Reviewers (and the qualified person) rule on documents.
    "reviewer": {"anonymous": 401, "officer": 403, "reviewer": ALLOW, "qualified_person": ALLOW, "admin": 403},
    # An s36 opinion is recorded by the qualified person or by an officer on their behalf.
    "opinion": {"anonymous": 401, "officer": ALLOW, "reviewer": 403, "qualified_person": ALLOW, "admin": ALLOW},
    # Admins manage users, tokens and proclaimed holidays.
    "admin": {"anonymous": 401, "officer": 403, "reviewer": 403, "qualified_person": 403, "admin": ALLOW},
}

R = "/api/v1/requests/{request_id}"
MATRIX: dict[tuple[str, str], str] = {
    ("GET", "/openapi.json"): "public",
    ("GET", "/docs"): "public",
    ("GET", "/healthz"): "public",
    ("GET", "/disclosure-log"): "public",
    ("GET", "/disclosure-log/feed.atom"): "public",
    ("GET", "/disclosure-log/{reference}"): "public",
    ("GET", "/disclosure-log/{reference}/letters/{letter_id}.pdf"): "public",
    ("GET", "/api/v1/exemptions"): "public",
    ("GET", "/api/v1/exemptions/{code}"): "public",
    ("GET", "/api/v1/me"): "signed_in",
    ("GET", "/api/v1/users"): "admin",
    ("POST", "/api/v1/users"): "admin",
    ("PATCH", "/api/v1/users/{user_id}"): "admin",
    ("POST", "/api/v1/users/{user_id}/tokens"): "admin",
    ("DELETE", "/api/v1/users/{user_id}/tokens"): "admin",
    ("POST", "/api/v1/users/{user_id}/sign-in-unlock"): "admin",
    ("GET", "/api/v1/holidays"): "signed_in",
    ("GET", "/api/v1/holidays/additions"): "signed_in",
    ("POST", "/api/v1/holidays/additions"): "admin",
    ("GET", "/api/v1/reminders"): "signed_in",
    ("GET", "/api/v1/statistics"): "signed_in",
    ("GET", "/api/v1/statistics.csv"): "signed_in",
    ("GET", "/api/v1/statistics/open-by-age"): "signed_in",
    # The what-if deadline calculator: anyone who may read a case's clock.
    ("GET", "/api/v1/deadlines"): "signed_in",
    ("POST", "/api/v1/requests"): "officer",
    ("GET", "/api/v1/requests"): "signed_in",
    ("GET", R): "signed_in",
    ("PATCH", R): "officer",
    ("GET", f"{R}/clock"): "signed_in",
    ("GET", f"{R}/events"): "signed_in",
    ("POST", f"{R}/events"): "officer",
    ("DELETE", f"{R}/events/{{event_id}}"): "officer",
    ("GET", f"{R}/documents"): "signed_in",
    ("POST", f"{R}/documents"): "officer",
    ("GET", f"{R}/documents/{{document_id}}"): "signed_in",
    ("PUT", f"{R}/documents/{{document_id}}/decisions/{{stage}}"): "reviewer",
    ("GET", f"{R}/opinions"): "signed_in",
    ("POST", f"{R}/opinions"): "opinion",
    ("GET", f"{R}/annex"): "signed_in",
    ("GET", f"{R}/internal-review"): "signed_in",
    ("POST", f"{R}/internal-review"): "officer",
    ("PUT", f"{R}/internal-review/outcome"): "officer",
    # s45 Code, section 5: only an admin lets someone involved in the original decision carry out the review.
    ("PUT", f"{R}/internal-review/independence-override"): "admin",
    ("GET", f"{R}/audit"): "signed_in",
    ("GET", f"{R}/reminders"): "signed_in",
    ("GET", f"{R}/letters"): "signed_in",
    ("GET", f"{R}/letters/{{kind}}.html"): "signed_in",
    ("GET", f"{R}/letters/{{kind}}.pdf"): "signed_in",
    ("POST", f"{R}/letters/{{kind}}/issue"): "officer",
    ("GET", f"{R}/letters/issued/{{letter_id}}.pdf"): "signed_in",
    ("POST", f"{R}/publish"): "officer",
    # Personal data before publication (app/personal_data): any caseworker reads and resolves the findings.
    ("GET", f"{R}/personal-data"): "signed_in",
    ("POST", f"{R}/personal-data/resolutions"): "signed_in",
    ("POST", f"{R}/personal-data/redact-all"): "signed_in",
    # Document bundles (app/bundle): officers upload a document's file; any caseworker marks redactions; the release
    # is public.
    ("PUT", f"{R}/documents/{{document_id}}/content"): "officer",
    ("GET", f"{R}/documents/{{document_id}}/content"): "signed_in",
    ("GET", f"{R}/documents/{{document_id}}/text"): "signed_in",
    ("POST", f"{R}/documents/{{document_id}}/redactions"): "signed_in",
    ("GET", f"{R}/documents/{{document_id}}/redactions"): "signed_in",
    ("DELETE", f"{R}/documents/{{document_id}}/redactions/{{redaction_id}}"): "signed_in",
    ("GET", f"{R}/documents/{{document_id}}/redaction-suggestions"): "signed_in",
    ("GET", f"{R}/documents/{{document_id}}/released"): "signed_in",
    ("GET", f"{R}/bundle/checks"): "signed_in",
    ("GET", f"{R}/bundle.zip"): "signed_in",
    ("GET", f"{R}/bundle.pdf"): "signed_in",
    # Any caseworker may ask for the bundle to be made, as any may download it.
    ("POST", f"{R}/bundle/builds"): "signed_in",
    ("GET", f"{R}/bundle/builds/{{build_id}}"): "signed_in",
    ("GET", f"{R}/bundle/builds/{{build_id}}/file"): "signed_in",
    ("GET", "/disclosure-log/{reference}/documents/{file_id}"): "public",
}

API_PREFIXES = ("/api", "/disclosure-log", "/healthz", "/docs", "/openapi.json", "/static")


def WEB_PAGES_COVERED_ELSEWHERE(path: str) -> bool:
    """The server-rendered web pages (/sign-in, /cases/..., /statistics, ...) sign in with a session cookie, not a
    token, so their rows live in tests/web/test_access.py (WEB_MATRIX); test_no_route_escapes_both_tables below
    proves that every route is in one table or the other."""
    return not path.startswith(API_PREFIXES)


@functools.cache
def _every_route() -> list[tuple[str, str]]:
    return app_routes(create_app(run_sweeper=False))


def _routes() -> list[tuple[str, str]]:
    return [(m, p) for m, p in _every_route() if not WEB_PAGES_COVERED_ELSEWHERE(p)]


def test_every_route_is_in_the_table() -> None:
    served = set(_routes())
    missing = sorted(served - MATRIX.keys())
    assert not missing, f"routes with no row in the authorisation table (add one to MATRIX): {missing}"
    stale = sorted(MATRIX.keys() - served)
    assert not stale, f"rows for routes that no longer exist (remove them from MATRIX): {stale}"


def test_no_route_escapes_both_tables() -> None:
    every_route = set(_every_route())
    in_neither = sorted(every_route - MATRIX.keys() - WEB_MATRIX.keys())
    assert not in_neither, f"routes in neither access table (add them to MATRIX or WEB_MATRIX): {in_neither}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says(demo_case: DemoCase, role: str) -> None:
    wrong = []
    for method, template in _routes():
        policy = MATRIX.get((method, template))
        if policy is None:
            continue  # reported by test_every_route_is_in_the_table
        expected = POLICIES[policy][role]
        body = {} if method in {"POST", "PUT", "PATCH"} else None
        response = demo_case.call(method, demo_case.fill(template), role, json=body)
        status = response.status_code
        ok = status < 500 and (status not in {401, 403} if expected == ALLOW else status == expected)
        if not ok:
            wrong.append(f"{method} {template} as {role}: expected {expected}, got {status} {response.text[:120]}")
    assert not wrong, "\n".join(wrong)
