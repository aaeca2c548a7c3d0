"""Every web page × every role (and a stranger) against the table of who may use it.

A web route missing from the table fails the test, so no page ships without someone deciding who may open it.
"allow" means the page got past sign-in and the role check (any status but 401/403, never a 5xx, and not a trip
to the sign-in page); a number is the status expected. A stranger is always sent to sign in (303), except on the
public pages. Every form is posted with the session's CSRF token, so a 403 here is the role check, not CSRF.
"""

from datetime import date

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.web.errors import is_web_page
from tests.factories import bearer, make_request, make_user
from tests.robustness.conftest import app_routes
from tests.web.helpers import hidden, sign_in, web_user

ROLES = ("officer", "reviewer", "qualified_person", "admin")
ALLOW = "allow"
POLICIES: dict[str, dict[str, object]] = {
    "public": {"anonymous": ALLOW} | dict.fromkeys(ROLES, ALLOW),
    "signed_in": {"anonymous": 303} | dict.fromkeys(ROLES, ALLOW),
    "officer": {"anonymous": 303, "officer": ALLOW, "reviewer": 403, "qualified_person": 403, "admin": ALLOW},
    "reviewer": {"anonymous": 303, "officer": 403, "reviewer": ALLOW, "qualified_person": ALLOW, "admin": 403},
    "opinion": {"anonymous": 303, "officer": ALLOW, "reviewer": 403, "qualified_person": ALLOW, "admin": ALLOW},
    "admin": {"anonymous": 303, "officer": 403, "reviewer": 403, "qualified_person": 403, "admin": ALLOW},
}
C = "/cases/{case_id}"
D = f"{C}/documents/{{doc_id}}"
WEB_MATRIX: dict[tuple[str, str], str] = {
    ("GET", "/"): "public",
    ("GET", "/sign-in"): "public",
    ("POST", "/sign-in"): "public",
    ("GET", "/dashboard"): "signed_in",
    ("GET", "/statistics"): "signed_in",
    ("GET", "/statistics.csv"): "signed_in",
    ("GET", "/deadlines"): "signed_in",
    ("GET", "/cases/new"): "officer",
    ("POST", "/cases/new"): "officer",
    ("GET", C): "signed_in",
    ("GET", f"{C}/edit"): "officer",
    ("POST", f"{C}/edit"): "officer",
    ("GET", f"{C}/events/new"): "officer",
    ("POST", f"{C}/events/new"): "officer",
    ("GET", f"{C}/documents/new"): "officer",
    ("POST", f"{C}/documents/new"): "officer",
    ("GET", f"{C}/opinions/new"): "opinion",
    ("POST", f"{C}/opinions/new"): "opinion",
    ("GET", f"{D}/decision/{{stage}}"): "reviewer",
    ("POST", f"{D}/decision/{{stage}}"): "reviewer",
    ("GET", D): "signed_in",
    ("POST", f"{D}/content"): "officer",
    ("POST", f"{D}/redactions"): "signed_in",
    ("POST", f"{D}/redactions/{{redaction_id}}/delete"): "signed_in",
    ("GET", f"{D}/released.pdf"): "signed_in",
    # Personal data before publication: any caseworker resolves a finding, like a redaction.
    ("POST", f"{D}/personal-data/resolutions"): "signed_in",
    ("POST", f"{D}/personal-data/redact-all"): "signed_in",
    ("POST", f"{C}/personal-data/resolutions"): "signed_in",
    ("POST", f"{C}/personal-data/redact-all"): "signed_in",
    ("GET", f"{C}/review"): "signed_in",
    ("POST", f"{C}/review/open"): "officer",
    ("POST", f"{C}/review/outcome"): "officer",
    ("POST", f"{C}/review/independence-override"): "admin",
    ("GET", f"{C}/letters"): "signed_in",
    ("GET", f"{C}/letters/{{kind}}/preview"): "signed_in",
    ("GET", f"{C}/letters/{{kind}}/letter.css"): "signed_in",
    ("GET", f"{C}/letters/{{kind}}.pdf"): "signed_in",
    ("GET", f"{C}/letters/issued/{{letter_id}}.pdf"): "signed_in",
    ("POST", f"{C}/letters/{{kind}}/issue"): "officer",
    ("POST", f"{C}/letters/issue-dated"): "officer",
    ("POST", f"{C}/bundle"): "signed_in",
    ("GET", f"{C}/bundle/{{build_id}}"): "signed_in",
    ("GET", f"{C}/bundle/{{build_id}}/file"): "signed_in",
    ("POST", f"{C}/publish"): "officer",
    ("GET", "/admin/users"): "admin",
    ("GET", "/admin/users/new"): "admin",
    ("POST", "/admin/users/new"): "admin",
    ("GET", "/admin/users/{user_id}"): "admin",
    ("POST", "/admin/users/{user_id}"): "admin",
    ("POST", "/admin/users/{user_id}/sign-in-unlock"): "admin",
    # Last: it ends the session the other rows use.
    ("POST", "/sign-out"): "signed_in",
}


def web_routes(app: FastAPI) -> list[tuple[str, str]]:
    return sorted((method, path) for method, path in app_routes(app) if is_web_page(path))


def test_every_web_page_is_in_the_table(app_instance: FastAPI) -> None:
    served = set(web_routes(app_instance))
    missing = sorted(served - WEB_MATRIX.keys())
    assert not missing, f"web pages with no row in the access table (add one to WEB_MATRIX): {missing}"
    stale = sorted(WEB_MATRIX.keys() - served)
    assert not stale, f"rows for pages that no longer exist: {stale}"


def test_each_role_gets_what_the_table_says(
    app_instance: FastAPI,
    client: TestClient,
    session: Session,
    today,  # type: ignore[no-untyped-def]
) -> None:
    today(date(2025, 4, 1))
    _, token = make_user(session)
    case = make_request(client, token, received_on="2025-03-14")
    doc = client.post(
        f"/api/v1/requests/{case['id']}/documents", json={"item": "1", "title": "Minutes"}, headers=bearer(token)
    ).json()
    values = {
        "case_id": case["id"],
        "doc_id": doc["id"],
        "stage": "initial",
        "redaction_id": 999_999,
        "kind": "acknowledgement",
        "letter_id": 999_999,
        "build_id": 999_999,
        "user_id": make_user(session, "reviewer")[0].id,
    }
    wrong = []
    for role in ("anonymous", *ROLES):
        browser = TestClient(app_instance)
        csrf = ""
        if role != "anonymous":
            csrf = sign_in(browser, web_user(session, role))
        for (method, template), policy in WEB_MATRIX.items():
            expected = POLICIES[policy][role]
            path = template.format(**values)
            if (method, template) == ("POST", "/sign-in"):
                form = (
                    {"sign_in_token": hidden(browser.get("/sign-in").text, "sign_in_token")}
                    if role == "anonymous"
                    else {}
                )
            else:
                form = {"csrf_token": csrf}
            query = "?type=clarification_requested" if template.endswith("/events/new") else ""
            response = browser.request(
                method, path + query, data=form if method == "POST" else None, follow_redirects=False
            )
            status = response.status_code
            to_sign_in = status == 303 and response.headers.get("location", "").startswith("/sign-in")
            if expected == ALLOW:
                ok = status < 500 and status not in {401, 403} and not (to_sign_in and template != "/sign-in")
                if template in {"/", "/sign-in", "/sign-out"}:
                    ok = status < 500 and status != 401
            else:
                ok = status == expected and (expected != 303 or to_sign_in)
            if not ok:
                wrong.append(f"{method} {template} as {role}: expected {expected}, got {status}")
        browser.close()
    assert not wrong, "\n".join(wrong)
