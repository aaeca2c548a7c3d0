"""Letters as they were sent: signed by the person who issues them, dated as sent, audited with that date."""

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.auth import service as auth_service
from tests.api.test_publishing import responded_case
from tests.factories import bearer, make_user
from tests.pdf import flat, pdf_text
from tests.web.helpers import hidden, sign_in, web_user


def issue(client: TestClient, token: str, req: dict[str, object], on: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/requests/{req['id']}/letters/decision/issue", json={"issued_on": on}, headers=bearer(token)
    )


def test_a_letter_is_signed_by_the_officer_who_issues_it(client: TestClient, session: Session) -> None:
    user, officer = make_user(session, "officer", name="Priya Officer")
    admin = make_user(session, "admin")[1]
    titled = client.patch(
        f"/api/v1/users/{user.id}", json={"job_title": "  Information Rights\nOfficer "}, headers=bearer(admin)
    )
    assert titled.status_code == 200, titled.text
    assert titled.json()["job_title"] == "Information Rights Officer"
    req = responded_case(client, officer)
    preview = flat(
        pdf_text(client.get(f"/api/v1/requests/{req['id']}/letters/decision.pdf", headers=bearer(officer)).content)
    )
    assert "Priya Officer Information Rights Officer" in preview
    issued = client.post(
        f"/api/v1/requests/{req['id']}/letters/decision/issue",
        json={"issued_on": "2025-04-01"},
        headers=bearer(officer),
    )
    assert issued.status_code == 201, issued.text
    text = flat(pdf_text(client.get(issued.json()["letter"]["pdf"], headers=bearer(officer)).content))
    assert "Yours sincerely Priya Officer Information Rights Officer Example Public Authority" in text
    assert "Information Governance Manager" not in text
    # The disclosure log names no staff: its copy carries the authority's signatory.
    published = client.post(f"/api/v1/requests/{req['id']}/publish", headers=bearer(officer))
    assert published.status_code == 200, published.text
    public = flat(pdf_text(client.get(published.json()["letters"][0]).content))
    assert "Priya Officer" not in public
    assert "Information Governance Team Information Governance Manager" in public


def test_without_a_job_title_the_authority_signs(client: TestClient, session: Session) -> None:
    officer = make_user(session, "officer", name="Una Untitled")[1]
    req = responded_case(client, officer)
    issued = client.post(
        f"/api/v1/requests/{req['id']}/letters/decision/issue",
        json={"issued_on": "2025-04-01"},
        headers=bearer(officer),
    )
    text = flat(pdf_text(client.get(issued.json()["letter"]["pdf"], headers=bearer(officer)).content))
    assert "Information Governance Team Information Governance Manager" in text
    assert "Una Untitled" not in text


def test_a_job_title_that_is_too_long_is_refused(client: TestClient, session: Session) -> None:
    user, _ = make_user(session, "officer")
    admin = make_user(session, "admin")[1]
    r = client.patch(f"/api/v1/users/{user.id}", json={"job_title": "x" * 201}, headers=bearer(admin))
    assert r.status_code == 422
    cleared = client.patch(f"/api/v1/users/{user.id}", json={"job_title": ""}, headers=bearer(admin))
    assert cleared.json()["job_title"] is None
    assert (
        client.patch(f"/api/v1/users/{user.id}", json={"job_title": " "}, headers=bearer(admin)).json()["job_title"]
        is None
    )


def test_a_letter_dated_as_sent_is_audited_with_its_date(client: TestClient, session: Session, today) -> None:  # type: ignore[no-untyped-def]
    today(date(2025, 5, 20))
    officer = make_user(session, "officer")[1]
    req = responded_case(client, officer)
    future = client.post(
        f"/api/v1/requests/{req['id']}/letters/decision/issue",
        json={"issued_on": "2025-05-21"},
        headers=bearer(officer),
    )
    assert future.status_code == 422
    assert future.json()["rule"] == "letter_in_future"
    issued = client.post(
        f"/api/v1/requests/{req['id']}/letters/decision/issue",
        json={"issued_on": "2025-04-01"},
        headers=bearer(officer),
    )
    assert issued.status_code == 201, issued.text
    assert issued.json()["letter"]["issued_on"] == "2025-04-01"
    text = flat(pdf_text(client.get(issued.json()["letter"]["pdf"], headers=bearer(officer)).content))
    assert "Date 1 April 2025" in text
    audit = session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "letter", AuditEvent.action == "issued")
    ).all()
    assert any((a.after or {}).get("issued_on") == "2025-04-01" for a in audit)


def test_the_web_issues_a_letter_with_an_earlier_date(client: TestClient, session: Session, today) -> None:  # type: ignore[no-untyped-def]
    today(date(2025, 5, 20))
    user = web_user(session)
    auth_service.update_user(session, user, role=None, active=None, name=None, job_title="FOI Officer", actor=user)
    session.commit()
    csrf = sign_in(client, user)
    req = responded_case(client, make_user(session, "officer")[1])
    page = client.get(f"/cases/{req['id']}/letters")
    assert "Issue a letter with an earlier date" in page.text
    form = {"csrf_token": csrf, "version": hidden(page.text, "version"), "kind": "decision"}
    future = client.post(
        f"/cases/{req['id']}/letters/issue-dated",
        data=form | {"issued_on-day": "21", "issued_on-month": "5", "issued_on-year": "2025"},
        follow_redirects=False,
    )
    assert future.status_code == 422
    assert 'href="#issued_on"' in future.text
    missing = client.post(f"/cases/{req['id']}/letters/issue-dated", data=form, follow_redirects=False)
    assert missing.status_code == 422
    ok = client.post(
        f"/cases/{req['id']}/letters/issue-dated",
        data=form | {"issued_on-day": "1", "issued_on-month": "4", "issued_on-year": "2025"},
        follow_redirects=False,
    )
    assert ok.status_code == 303, ok.text
    letters = client.get(f"/api/v1/requests/{req['id']}/letters", headers=bearer(make_user(session, "officer")[1]))
    issued = letters.json()["issued"]
    assert [(i["kind"], i["issued_on"]) for i in issued] == [("decision", "2025-04-01")]


def test_the_admin_page_sets_a_job_title(client: TestClient, session: Session) -> None:
    admin = web_user(session, "admin")
    csrf = sign_in(client, admin)
    user = web_user(session, "officer", name="Tom Titled")
    page = client.get(f"/admin/users/{user.id}")
    assert 'name="job_title"' in page.text
    r = client.post(
        f"/admin/users/{user.id}",
        data={"csrf_token": csrf, "name": "Tom Titled", "role": "officer", "active": "yes", "job_title": "FOI Lead"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    session.refresh(user)
    assert user.job_title == "FOI Lead"


def test_the_qualified_persons_own_opinion_takes_their_job_title(client: TestClient, session: Session) -> None:
    qp, token = make_user(session, "qualified_person", name="Ian Dalton")
    auth_service.update_user(session, qp, role=None, active=None, name=None, job_title="Chief Executive", actor=qp)
    session.commit()
    officer = make_user(session, "officer")[1]
    req = responded_case(client, officer)
    r = client.post(
        f"/api/v1/requests/{req['id']}/opinions",
        json={"limbs": ["s36(2)(c)"], "opinion_on": "2025-03-20"},
        headers=bearer(token),
    )
    assert r.status_code == 201, r.text
    assert r.json()["role"] == "Chief Executive"
