"""The internal review page: who carried out the review, whether they were independent, and an admin's override."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.auth.models import User
from tests.factories import bearer, make_request, make_user
from tests.web.helpers import assert_forms_carry_csrf, hidden, sign_in, web_user

PI = {"for_disclosure": "Transparency.", "for_withholding": "Commercial harm.", "conclusion": "Withhold."}


def reviewed_case(client: TestClient, session: Session, first: User) -> dict[str, Any]:
    _, officer = make_user(session, "officer")
    req = make_request(client, officer, received_on="2025-09-12")
    doc = client.post(
        f"/api/v1/requests/{req['id']}/documents", json={"item": "1", "title": "Contract"}, headers=bearer(officer)
    ).json()
    csrf = sign_in(client, first)
    decided = client.post(
        f"/cases/{req['id']}/documents/{doc['id']}/decision/initial",
        data={"csrf_token": csrf, "decided-day": "15", "decided-month": "9", "decided-year": "2025", "version": ""}
        | {"outcome": "disclosed", "code-0": "", "action": "save"},
        follow_redirects=False,
    )
    assert decided.status_code == 303, decided.text
    client.post("/sign-out", data={"csrf_token": csrf})
    for path, body in (
        ("events", {"type": "responded", "on": "2025-10-10"}),
        ("internal-review", {"requested_on": "2025-11-14"}),
    ):
        response = client.post(f"/api/v1/requests/{req['id']}/{path}", json=body, headers=bearer(officer))
        assert response.status_code == 201, response.text
    return {"id": req["id"], "doc": doc["id"]}


def redecide(client: TestClient, csrf: str, case: dict[str, Any]):  # type: ignore[no-untyped-def]
    return client.post(
        f"/cases/{case['id']}/documents/{case['doc']}/decision/internal_review",
        data={"csrf_token": csrf, "decided-day": "1", "decided-month": "12", "decided-year": "2025", "version": ""}
        | {"outcome": "disclosed", "code-0": "", "action": "save"},
        follow_redirects=False,
    )


def test_the_review_page_shows_independence_and_an_admin_overrides_with_a_reason(
    client: TestClient, session: Session
) -> None:
    first = web_user(session, "reviewer", "Rowan First")
    case = reviewed_case(client, session, first)

    csrf = sign_in(client, first)
    page = client.get(f"/cases/{case['id']}/review")
    assert "You made an initial decision on this case" in page.text
    assert "Let someone involved" not in page.text  # the override is for admins
    refused = redecide(client, csrf, case)
    assert refused.status_code == 409
    assert "reviewer_not_independent" in refused.text
    client.post("/sign-out", data={"csrf_token": csrf})

    csrf = sign_in(client, web_user(session, "officer"))
    not_admin = client.post(
        f"/cases/{case['id']}/review/independence-override",
        data={"csrf_token": csrf, "reason": "Please.", "version": "99"},
    )
    assert not_admin.status_code == 403
    client.post("/sign-out", data={"csrf_token": csrf})

    csrf = sign_in(client, web_user(session, "admin", "Ada Admin"))
    page = client.get(f"/cases/{case['id']}/review")
    assert page.status_code == 200
    assert "Let someone involved in the original decision carry out the review" in page.text
    assert "Not known until someone decides in the review" in page.text
    assert_forms_carry_csrf(page.text)
    version = hidden(page.text, "version")
    no_reason = client.post(
        f"/cases/{case['id']}/review/independence-override",
        data={"csrf_token": csrf, "reason": " ", "version": version},
    )
    assert no_reason.status_code == 422
    assert 'href="#reason"' in no_reason.text
    reason = "Rowan is the only reviewer who knows the contract; the other reviewer has left."
    allowed = client.post(
        f"/cases/{case['id']}/review/independence-override",
        data={"csrf_token": csrf, "reason": reason, "version": version},
        follow_redirects=False,
    )
    assert allowed.status_code == 303, allowed.text
    stale = client.post(
        f"/cases/{case['id']}/review/independence-override",
        data={"csrf_token": csrf, "reason": "Again.", "version": version},
    )
    assert stale.status_code == 409
    client.post("/sign-out", data={"csrf_token": csrf})

    csrf = sign_in(client, first)
    assert redecide(client, csrf, case).status_code == 303
    page = client.get(f"/cases/{case['id']}/review")
    assert "Carried out by" in page.text
    assert "Rowan First" in page.text
    assert "No: Rowan First also made an initial decision" in page.text
    assert reason in page.text
    assert "Allowed by Ada Admin" in page.text
