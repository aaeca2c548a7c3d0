"""EIR rules the catalogue's data carries: reg 12(4)(a) weighs nothing, reg 5(3) routes own data to subject access."""

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import bearer, make_request, make_user
from tests.pdf import flat, pdf_text
from tests.web.helpers import sign_in, web_user


def _case(client: TestClient, officer: str, regime: str = "eir") -> tuple[dict, dict]:  # type: ignore[type-arg]
    req = make_request(client, officer, regime=regime, received_on="2025-03-14")
    doc = client.post(
        f"/api/v1/requests/{req['id']}/documents",
        json={"item": "1", "title": "Air quality log"},
        headers=bearer(officer),
    ).json()
    return req, doc


def letter_text(client: TestClient, token: str, req: dict) -> str:  # type: ignore[type-arg]
    response = client.get(f"/api/v1/requests/{req['id']}/letters/decision.pdf", headers=bearer(token))
    assert response.status_code == 200, response.text
    return flat(pdf_text(response.content))


def _decide(client: TestClient, token: str, req: dict, doc: dict, *exemptions: dict):  # type: ignore[no-untyped-def,type-arg]
    return client.put(
        f"/api/v1/requests/{req['id']}/documents/{doc['id']}/decisions/initial",
        json={"outcome": "withheld", "decided_on": "2025-04-01", "exemptions": list(exemptions)},
        headers=bearer(token),
    )


def test_not_held_under_reg_12_4_a_needs_no_public_interest(client: TestClient, session: Session) -> None:
    officer, reviewer = make_user(session, "officer")[1], make_user(session, "reviewer")[1]
    req, doc = _case(client, officer)
    r = _decide(client, reviewer, req, doc, {"code": "reg12(4)(a)", "reasoning": "The log was never kept."})
    assert r.status_code == 201, r.text
    text = flat(
        pdf_text(client.get(f"/api/v1/requests/{req['id']}/letters/decision.pdf", headers=bearer(officer)).content)
    )
    assert "regulation 12(4)(a)" in text
    assert "The public interest test" not in text
    # Every other reg 12(4) exception still needs the test (reg 12(1)(b)).
    second = client.post(
        f"/api/v1/requests/{req['id']}/documents", json={"item": "2", "title": "Emails"}, headers=bearer(officer)
    ).json()
    other = _decide(client, reviewer, req, second, {"code": "reg12(4)(e)", "reasoning": "Internal."})
    assert other.status_code == 422
    assert other.json()["rule"] == "public_interest_test_required"


def test_the_requesters_own_data_is_flagged_for_subject_access(client: TestClient, session: Session, today) -> None:  # type: ignore[no-untyped-def]
    today(date(2025, 4, 2))
    user = web_user(session, "officer")
    reviewer = make_user(session, "reviewer")[1]
    officer = make_user(session, "officer")[1]
    req, doc = _case(client, officer)
    r = _decide(client, reviewer, req, doc, {"code": "reg5(3)", "reasoning": "Their own file."})
    assert r.status_code == 201, r.text
    sign_in(client, user)
    page = " ".join(client.get(f"/cases/{req['id']}").text.split())
    assert 'id="subject-access"' in page
    assert "reg5(3)" in page
    assert "Article 15 of the UK GDPR" in page
    text = flat(
        pdf_text(client.get(f"/api/v1/requests/{req['id']}/letters/decision.pdf", headers=bearer(officer)).content)
    )
    assert "subject access request under Article 15" in text


def test_an_ncnd_on_own_data_is_flagged_too(client: TestClient, session: Session, today) -> None:  # type: ignore[no-untyped-def]
    today(date(2025, 4, 2))
    user = web_user(session, "officer")
    officer = make_user(session, "officer")[1]
    req = make_request(client, officer, received_on="2025-03-14")
    plain = make_request(client, officer, received_on="2025-03-14")
    r = client.post(
        f"/api/v1/requests/{req['id']}/events",
        json={"type": "responded", "on": "2025-04-01", "details": {"outcome": "ncnd", "exemptions": ["s40(5A)"]}},
        headers=bearer(officer),
    )
    assert r.status_code == 201, r.text
    sign_in(client, user)
    assert 'id="subject-access"' in client.get(f"/cases/{req['id']}").text
    assert 'id="subject-access"' not in client.get(f"/cases/{plain['id']}").text
