"""FOIA s36(4): for statistical information s36(2) applies without a qualified person's opinion."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import bearer, make_request, make_user
from tests.pdf import flat

PI = {
    "for_disclosure": "Transparency about waiting times.",
    "for_withholding": "Early figures would be misread.",
    "conclusion": "Maintain the exemption until the figures are validated.",
}


@pytest.fixture
def people(session: Session) -> dict[str, str]:
    return {role: make_user(session, role)[1] for role in ("officer", "reviewer")}


@pytest.fixture
def case(client: TestClient, people: dict[str, str]) -> dict[str, Any]:
    req = make_request(client, people["officer"], received_on="2025-03-03")
    docs = []
    for item in ("1", "2"):
        r = client.post(
            f"/api/v1/requests/{req['id']}/documents",
            json={"item": item, "title": f"Waiting-time figures {item}"},
            headers=bearer(people["officer"]),
        )
        assert r.status_code == 201, r.text
        docs.append(r.json())
    return {"request": req, "docs": docs}


def decide(client: TestClient, token: str, case: dict[str, Any], index: int, body: dict[str, Any]):  # type: ignore[no-untyped-def]
    doc = case["docs"][index]
    return client.put(
        f"/api/v1/requests/{case['request']['id']}/documents/{doc['id']}/decisions/initial",
        json=body,
        headers=bearer(token),
    )


def test_statistical_information_needs_no_opinion_and_the_letter_says_so(
    client: TestClient, people: dict[str, str], case: dict[str, Any]
) -> None:
    cite = {"code": "s36(2)(c)", "public_interest": PI, "statistical": True, "reasoning": "Unvalidated figures."}
    ok = decide(client, people["reviewer"], case, 0, {"outcome": "withheld", "exemptions": [cite]})
    assert ok.status_code == 201, ok.text
    [citation] = ok.json()["exemptions"]
    assert citation["statistical"] is True
    assert citation["qualified_person"] is None
    assert decide(client, people["reviewer"], case, 1, {"outcome": "disclosed"}).status_code == 201

    letter = client.get(
        f"/api/v1/requests/{case['request']['id']}/letters/decision.html", headers=bearer(people["officer"])
    )
    assert letter.status_code == 200, letter.text
    text = flat(letter.text)
    assert "is statistical information" in text
    assert "Under section 36(4) of the FOI Act, no qualified person's opinion is needed" in text
    assert "we have judged for ourselves that disclosing it would, or would be likely to, cause the harm" in text
    assert "Our qualified person for section 36" not in text


def test_s36_without_statistical_still_needs_the_opinion(
    client: TestClient, people: dict[str, str], case: dict[str, Any]
) -> None:
    cite = {"code": "s36(2)(c)", "public_interest": PI, "statistical": False}
    response = decide(client, people["reviewer"], case, 0, {"outcome": "withheld", "exemptions": [cite]})
    assert response.status_code == 422
    assert response.json()["rule"] == "qualified_person_opinion_required"


def test_statistical_on_an_exemption_other_than_s36_is_422(
    client: TestClient, people: dict[str, str], case: dict[str, Any]
) -> None:
    cite = {"code": "s43(2)", "public_interest": PI, "statistical": True}
    response = decide(client, people["reviewer"], case, 0, {"outcome": "withheld", "exemptions": [cite]})
    assert response.status_code == 422
    body = response.json()
    assert body["rule"] == "statistical_not_applicable"
    assert "s36(4)" in body["detail"]
    assert "Remove statistical" in body["detail"]


def test_statistical_with_an_opinion_is_422(client: TestClient, people: dict[str, str], case: dict[str, Any]) -> None:
    qp = {"name": "Dr Alex Morgan", "role": "Chief Executive", "opinion_on": "2025-03-04"}
    cite = {"code": "s36(2)(c)", "public_interest": PI, "statistical": True, "qualified_person": qp}
    response = decide(client, people["reviewer"], case, 0, {"outcome": "withheld", "exemptions": [cite]})
    assert response.status_code == 422
    assert response.json()["rule"] == "statistical_with_opinion"
    assert "Give one" in response.json()["detail"]
