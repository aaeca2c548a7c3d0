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


def test_information_on_emissions_cannot_rest_on_reg_12_5_d_to_g(client: TestClient, session: Session) -> None:
    officer, reviewer = make_user(session, "officer")[1], make_user(session, "reviewer")[1]
    req, doc = _case(client, officer)
    url = f"/api/v1/requests/{req['id']}/documents/{doc['id']}/decisions/initial"
    pi = {"conclusion": "The balance favours withholding."}
    body = {"outcome": "withheld", "decided_on": "2025-04-01", "information_on_emissions": True}
    barred = client.put(
        url, json=body | {"exemptions": [{"code": "reg12(5)(e)", "public_interest": pi}]}, headers=bearer(reviewer)
    )
    assert barred.status_code == 422
    assert barred.json()["rule"] == "emissions_override"
    assert "12(9)" in barred.json()["detail"]
    assert (
        client.get(f"/api/v1/requests/{req['id']}/documents/{doc['id']}", headers=bearer(officer)).json()["decisions"]
        == {}
    )
    # Reg 12(5)(a) (public safety) is not barred by reg 12(9); nor is reg 12(5)(e) when the data is not on emissions.
    allowed = client.put(
        url, json=body | {"exemptions": [{"code": "reg12(5)(a)", "public_interest": pi}]}, headers=bearer(reviewer)
    )
    assert allowed.status_code == 201, allowed.text
    assert allowed.json()["information_on_emissions"] is True


def test_emissions_is_an_eir_rule_only(client: TestClient, session: Session) -> None:
    officer, reviewer = make_user(session, "officer")[1], make_user(session, "reviewer")[1]
    req, doc = _case(client, officer, regime="foia")
    r = client.put(
        f"/api/v1/requests/{req['id']}/documents/{doc['id']}/decisions/initial",
        json={"outcome": "disclosed", "decided_on": "2025-04-01", "information_on_emissions": True},
        headers=bearer(reviewer),
    )
    assert r.status_code == 422
    assert r.json()["rule"] == "emissions_eir_only"


def test_the_web_decision_form_asks_about_emissions_on_eir_cases(client: TestClient, session: Session, today) -> None:  # type: ignore[no-untyped-def]
    today(date(2025, 4, 2))
    reviewer = web_user(session, "reviewer")
    officer = make_user(session, "officer")[1]
    req, doc = _case(client, officer)
    foia, foia_doc = _case(client, officer, regime="foia")
    csrf = sign_in(client, reviewer)
    page = client.get(f"/cases/{req['id']}/documents/{doc['id']}/decision/initial").text
    assert 'name="information_on_emissions"' in page
    assert (
        'name="information_on_emissions"'
        not in client.get(f"/cases/{foia['id']}/documents/{foia_doc['id']}/decision/initial").text
    )
    refused = client.post(
        f"/cases/{req['id']}/documents/{doc['id']}/decision/initial",
        data={
            "csrf_token": csrf,
            "outcome": "withheld",
            "decided-day": "1",
            "decided-month": "4",
            "decided-year": "2025",
            "information_on_emissions": "yes",
            "code-0": "reg12(5)(e)",
            "pi_conclusion-0": "The balance favours withholding.",
        },
        follow_redirects=False,
    )
    assert refused.status_code == 422, refused.text
    assert 'href="#information_on_emissions"' in refused.text
