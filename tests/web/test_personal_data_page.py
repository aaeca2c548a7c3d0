"""Personal data before publication on the pages: a document's findings and the case's own, each redacted in the
published copy or dismissed with a reason, and the findings listed when publishing stops."""

import re
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.web.personal_data import REASON_REQUIRED
from tests.factories import bearer, make_request, make_user
from tests.web.helpers import assert_forms_carry_csrf, hidden, sign_in, web_user
from tests.web.test_casework import REQUEST_FORM, log_request

ANN = {"name": "Ann Lee", "email": "a.lee@example.net", "postal_address": None, "organisation": None}
NOTE = (
    "File note. Spoke to Lee, Ann about the request.\n"
    "Ann from the finance team will check the figures.\n"
    "A. Lee asked again later."
)


def card(text: str) -> str:
    """The heading of a finding's card on the page."""
    return f'<h3 class="govuk-summary-card__title">“{text}”</h3>'


def add_document(client: TestClient, token: str, case_id: int, text: str, *, disclose: bool = True) -> int:
    base = f"/api/v1/requests/{case_id}/documents"
    doc = client.post(base, json={"item": "1", "title": "File note"}, headers=bearer(token))
    assert doc.status_code == 201, doc.text
    doc_id: int = doc.json()["id"]
    up = client.put(
        f"{base}/{doc_id}/content",
        content=text.encode(),
        params={"filename": "note.txt"},
        headers={**bearer(token), "Content-Type": "text/plain"},
    )
    assert up.status_code == 200, up.text
    return doc_id


def disclose(client: TestClient, reviewer: str, case_id: int, doc_id: int) -> None:
    r = client.put(
        f"/api/v1/requests/{case_id}/documents/{doc_id}/decisions/initial",
        json={"outcome": "disclosed", "exemptions": [], "decided_on": "2025-04-01"},
        headers=bearer(reviewer),
    )
    assert r.status_code in (200, 201), r.text


def resolutions(client: TestClient, token: str, case_id: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = client.get(f"/api/v1/requests/{case_id}/personal-data", headers=bearer(token)).json()[
        "resolutions"
    ]
    return found


def test_a_documents_findings_are_listed_and_resolved_on_its_page(  # type: ignore[no-untyped-def]
    client: TestClient, session: Session, today
) -> None:
    today(date(2025, 4, 2))
    officer = make_user(session, "officer")[1]
    reviewer = make_user(session, "reviewer")[1]
    case_id = make_request(client, officer, requester=ANN)["id"]
    doc_id = add_document(client, officer, case_id, NOTE)
    csrf = sign_in(client, web_user(session, "reviewer"))
    url = f"/cases/{case_id}/documents/{doc_id}"

    undecided = client.get(url)
    assert "Personal data before publication" in undecided.text
    assert "Checked once the document has content" in undecided.text
    assert card("Lee, Ann") not in undecided.text

    disclose(client, reviewer, case_id, doc_id)
    page = client.get(url)
    assert page.status_code == 200
    assert_forms_carry_csrf(page.text)
    assert card("Lee, Ann") in page.text
    assert "reversed name" in page.text
    assert "Page 1" in page.text
    assert card("Ann") in page.text  # a given name alone: possible, for a person to judge
    assert "Possible" in page.text
    assert "Certain" in page.text
    assert "the requester’s own copy is unchanged" in page.text

    posted = f"{url}/personal-data/resolutions"
    redacted = client.post(
        posted,
        data={"csrf_token": csrf, "text": "Lee, Ann", "form": "reversed name", "action": "redact"},
        follow_redirects=False,
    )
    assert redacted.status_code == 303, redacted.text
    page = client.get(redacted.headers["location"])
    assert card("Lee, Ann") not in page.text
    assert "Redacted in the published copy" in page.text
    assert [r["text"] for r in resolutions(client, officer, case_id)] == ["Lee, Ann"]

    dismiss = {"csrf_token": csrf, "text": "Ann", "form": "given name", "action": "dismiss"}
    no_reason = client.post(posted, data=dismiss | {"reason": "  "})
    assert no_reason.status_code == 422
    beside = re.search(r'<p id="reason-ann-error" class="govuk-error-message">(.*?)</p>', no_reason.text, re.S)
    assert beside
    assert "a different person of the same name" in beside.group(1)
    assert 'href="#reason-ann"' in no_reason.text  # the summary links to the field
    assert REASON_REQUIRED.format(text="Ann") in no_reason.text
    too_long = client.post(posted, data=dismiss | {"reason": "x" * 2001})
    assert too_long.status_code == 422
    assert "2,000 characters or fewer" in too_long.text
    assert 'value="' + "x" * 2001 + '"' in too_long.text  # what was typed is kept
    assert len(resolutions(client, officer, case_id)) == 1  # nothing stored

    absent = client.post(posted, data=dismiss | {"text": "Bob Smith", "reason": "Someone else"})
    assert absent.status_code == 422
    assert "does not occur in that document" in absent.text
    assert client.post(f"/cases/{case_id}/documents/999999/personal-data/resolutions", data=dismiss).status_code == 404

    dismissed = client.post(
        posted, data=dismiss | {"reason": "A different person of the same name (finance team)."}, follow_redirects=False
    )
    assert dismissed.status_code == 303, dismissed.text
    page = client.get(dismissed.headers["location"])
    assert card("Ann") not in page.text
    assert "Dismissed" in page.text
    assert "A different person of the same name (finance team)." in page.text
    assert card("A. Lee") in page.text

    everything = client.post(f"{url}/personal-data/redact-all", data={"csrf_token": csrf}, follow_redirects=False)
    assert everything.status_code == 303, everything.text
    page = client.get(everything.headers["location"])
    assert "No personal data of the requester found in this document as it would be published." in page.text
    assert "Every finding in this document is redacted in the published copy." in page.text
    done = {r["text"]: r["action"] for r in resolutions(client, officer, case_id)}
    assert done == {"Lee, Ann": "redact", "Ann": "dismiss", "A. Lee": "redact"}
    again = client.post(f"{url}/personal-data/redact-all", data={"csrf_token": csrf}, follow_redirects=False)
    assert "pd_nothing" in again.headers["location"]


def test_the_case_page_lists_its_own_findings_and_publishing_lists_every_one(  # type: ignore[no-untyped-def]
    client: TestClient, session: Session, today
) -> None:
    today(date(2025, 4, 2))
    officer = make_user(session, "officer")[1]
    reviewer = make_user(session, "reviewer")[1]
    text = "Please send the minutes of the September board.\n\nRegards, Ann"
    case_id = make_request(client, officer, requester=ANN, request_text=text)["id"]
    doc_id = add_document(client, officer, case_id, NOTE)
    disclose(client, reviewer, case_id, doc_id)
    base = f"/api/v1/requests/{case_id}"
    r = client.post(
        f"{base}/events",
        json={"type": "responded", "on": "2025-04-01", "details": {"outcome": "granted_in_full"}},
        headers=bearer(officer),
    )
    assert r.status_code == 201, r.text
    r = client.post(f"{base}/letters/decision/issue", json={"issued_on": "2025-04-01"}, headers=bearer(officer))
    assert r.status_code == 201, r.text

    csrf = sign_in(client, web_user(session, "officer"))
    case = client.get(f"/cases/{case_id}")
    assert case.status_code == 200
    assert_forms_carry_csrf(case.text)
    assert card("Ann") in case.text
    assert "The request text" in case.text
    assert card("Lee, Ann") not in case.text  # a document's findings are on its own page
    assert 'href="#personal-data"' in case.text

    blocked = client.post(f"/cases/{case_id}/publish", data={"csrf_token": csrf})
    assert blocked.status_code == 409
    assert "What may still name the requester" in blocked.text
    assert 'href="#publication-findings"' in blocked.text
    assert f'href="/cases/{case_id}#personal-data"' in blocked.text
    assert f'href="/cases/{case_id}/documents/{doc_id}#personal-data"' in blocked.text
    assert "The request text: “Ann” (given name, possible)" in blocked.text
    assert "Page 1: “Lee, Ann” (reversed name)" in blocked.text
    assert "None: None" not in blocked.text

    posted = f"/cases/{case_id}/personal-data/resolutions"
    dismiss = {"csrf_token": csrf, "text": "Ann", "form": "given name", "action": "dismiss"}
    no_reason = client.post(posted, data=dismiss)
    assert no_reason.status_code == 422
    assert '<p id="reason-ann-error" class="govuk-error-message">' in no_reason.text
    reason = {"reason": "Ann is the chair, who signed off."}
    dismissed = client.post(posted, data=dismiss | reason, follow_redirects=False)
    assert dismissed.status_code == 303, dismissed.text
    case = client.get(dismissed.headers["location"])
    assert card("Ann") not in case.text
    assert "Ann is the chair, who signed off." in case.text
    assert "No personal data of the requester found in the request or its letters" in case.text

    everything = client.post(
        f"/cases/{case_id}/personal-data/redact-all", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert everything.status_code == 303, everything.text
    assert client.get(f"{base}/personal-data", headers=bearer(officer)).json()["findings"] == []
    published = client.post(f"/cases/{case_id}/publish", data={"csrf_token": csrf}, follow_redirects=False)
    assert published.status_code == 303, published.text


def test_the_requesters_phone_number_is_asked_for_and_checked(client: TestClient, session: Session, today) -> None:  # type: ignore[no-untyped-def]
    today(date(2025, 3, 20))
    csrf = sign_in(client, web_user(session))
    form = client.get("/cases/new")
    assert 'name="requester_phone"' in form.text
    wrong = client.post(
        "/cases/new",
        data=REQUEST_FORM
        | {"csrf_token": csrf, "form_key": hidden(form.text, "form_key"), "requester_phone": "0800 CALL ME"},
    )
    assert wrong.status_code == 422
    assert re.search(r'<p id="requester_phone-error" class="govuk-error-message">.*?correct format', wrong.text, re.S)
    assert 'value="0800 CALL ME"' in wrong.text
    case_id, location = log_request(client, csrf, requester_phone="+44 808 157 0192")
    assert "+44 808 157 0192" in client.get(location).text
    edit = client.get(f"/cases/{case_id}/edit")
    assert 'value="+44 808 157 0192"' in edit.text
