"""Letters over the API: what can be rendered, 409s naming what is missing, issuing, and the demo case's letters."""

import hashlib
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.demo.case import load_demo
from app.foi_request.models import FoiRequest
from tests.factories import bearer, make_request, make_user
from tests.pdf import flat, pdf_metadata, pdf_text

PI = {
    "for_disclosure": "Openness about spending.",
    "for_withholding": "Commercial harm to suppliers.",
    "conclusion": "The balance favours withholding the unit prices for now.",
}


@pytest.fixture
def people(session: Session) -> dict[str, str]:
    return {role: make_user(session, role)[1] for role in ("officer", "reviewer")}


def add_document(client: TestClient, token: str, rid: int, item: str) -> dict[str, Any]:
    r = client.post(
        f"/api/v1/requests/{rid}/documents",
        json={"item": item, "title": f"Contract {item}", "reference": f"C/{item}"},
        headers=bearer(token),
    )
    assert r.status_code == 201, r.text
    return r.json()


def test_acknowledgement_pdf_gives_the_due_date(client: TestClient, people: dict[str, str]) -> None:
    req = make_request(client, people["officer"], received_on="2025-03-14")
    listed = client.get(f"/api/v1/requests/{req['id']}/letters", headers=bearer(people["officer"])).json()
    kinds = {row["kind"]: row for row in listed["letters"]}
    assert kinds["acknowledgement"]["available"] is True
    assert kinds["decision"]["available"] is False
    assert kinds["internal_review"]["missing"]
    response = client.get(
        f"/api/v1/requests/{req['id']}/letters/acknowledgement.pdf", headers=bearer(people["officer"])
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    text = flat(pdf_text(response.content))
    assert "14 April 2025" in text
    assert req["reference"] in text
    assert "Sam Requester" in text
    assert "Acknowledgement" in pdf_metadata(response.content).get("/Title", "")
    html = client.get(f"/api/v1/requests/{req['id']}/letters/acknowledgement.html", headers=bearer(people["officer"]))
    assert html.status_code == 200
    assert 'lang="en-GB"' in html.text


def test_letters_refused_until_the_case_is_ready(client: TestClient, people: dict[str, str]) -> None:
    req = make_request(client, people["officer"], received_on="2025-03-14")
    add_document(client, people["officer"], req["id"], "1")
    add_document(client, people["officer"], req["id"], "2")
    decision = client.get(f"/api/v1/requests/{req['id']}/letters/decision.pdf", headers=bearer(people["officer"]))
    assert decision.status_code == 409
    assert decision.json()["missing"] == ["1", "2"]
    assert "items 1, 2" in decision.json()["detail"]
    review = client.get(f"/api/v1/requests/{req['id']}/letters/internal_review.pdf", headers=bearer(people["officer"]))
    assert review.status_code == 409
    missing_case = client.get("/api/v1/requests/999999/letters/decision.pdf", headers=bearer(people["officer"]))
    assert missing_case.status_code == 404
    assert (
        client.get(f"/api/v1/requests/{req['id']}/letters/sonnet.pdf", headers=bearer(people["officer"])).status_code
        == 422
    )
    assert (
        client.post(
            f"/api/v1/requests/{req['id']}/letters/decision/issue", json={}, headers=bearer(people["officer"])
        ).status_code
        == 409
    )


def test_issue_decision_freezes_the_pdf_and_records_the_response(client: TestClient, people: dict[str, str]) -> None:
    officer, reviewer = people["officer"], people["reviewer"]
    req = make_request(client, officer, received_on="2025-03-14")
    doc = add_document(client, officer, req["id"], "1")
    r = client.put(
        f"/api/v1/requests/{req['id']}/documents/{doc['id']}/decisions/initial",
        json={
            "outcome": "withheld_in_part",
            "decided_on": "2025-04-08",
            "exemptions": [
                {
                    "code": "s43(2)",
                    "reasoning": "Unit prices would let rivals undercut the supplier.",
                    "public_interest": PI,
                }
            ],
        },
        headers=bearer(reviewer),
    )
    assert r.status_code == 201, r.text
    issued = client.post(
        f"/api/v1/requests/{req['id']}/letters/decision/issue",
        json={"issued_on": "2025-04-10"},
        headers=bearer(officer),
    )
    assert issued.status_code == 201, issued.text
    letter = issued.json()["letter"]
    case = client.get(f"/api/v1/requests/{req['id']}", headers=bearer(officer)).json()
    assert case["responded_on"] == "2025-04-10"
    assert case["status"] == "responded"
    assert case["outcome"] == "partly_withheld"
    assert case["timeliness"] == "in_time"
    pdf = client.get(letter["pdf"], headers=bearer(officer))
    assert hashlib.sha256(pdf.content).hexdigest() == letter["sha256"] == pdf.headers["X-Content-SHA256"]
    text = flat(pdf_text(pdf.content))
    for expected in (
        "43(2)",
        "Commercial interests",
        "Unit prices would let rivals undercut the supplier.",
        "The balance favours withholding the unit prices for now.",
        "internal review",
        "Information Commissioner",
    ):
        assert expected in text, expected
    again = client.post(f"/api/v1/requests/{req['id']}/letters/decision/issue", json={}, headers=bearer(officer))
    assert again.status_code == 201
    assert again.json()["warnings"]
    listed = client.get(f"/api/v1/requests/{req['id']}/letters", headers=bearer(officer)).json()
    assert [i["kind"] for i in listed["issued"]] == ["decision", "decision"]
    first = client.get(letter["pdf"], headers=bearer(officer))
    assert first.content == pdf.content  # an issued letter never changes
    audit = client.get(f"/api/v1/requests/{req['id']}/audit", headers=bearer(officer)).json()
    assert "issued" in [e["action"] for e in audit["events"]]


def test_demo_case_letters_render_with_their_content(client: TestClient, session: Session) -> None:
    load_demo(session)
    session.commit()
    token = make_user(session, "officer")[1]
    req = session.query(FoiRequest).filter(FoiRequest.reference.like("FOI-2017-%")).order_by(FoiRequest.id).first()
    assert req is not None
    base = f"/api/v1/requests/{req.id}/letters"
    review = client.get(f"{base}/internal_review.pdf", headers=bearer(token))
    assert review.status_code == 200, review.text
    text = flat(pdf_text(review.content))
    for expected in (
        "13 November 2017",
        "Sam Okafor",
        "20 April 2018",
        "31(2)(c)",
        "33(1)(b)",
        "36(2)(b)(i) and (ii) and (c)",
        "Information Commissioner",
        "Riverside secure unit",
    ):
        assert expected in text, expected
    decision = flat(pdf_text(client.get(f"{base}/decision.pdf", headers=bearer(token)).content))
    assert "Dr Alex Morgan" in decision
    assert "19 October 2017" in decision
    annex = client.get(f"{base}/annex.pdf", headers=bearer(token))
    annex_text = flat(pdf_text(annex.content))
    for item in ("11", "12", "13", "17i", "17ii", "19", "20i", "20ii"):
        assert item in annex_text
    assert "Withheld in part" in annex_text


def test_a_failing_render_stores_nothing(
    client: TestClient, session: Session, people: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import func, select

    from app.letter import service
    from app.letter.models import IssuedLetter
    from app.letter.render import LetterTemplateError

    req = make_request(client, people["officer"], received_on="2025-03-14")

    def broken(*_args: object) -> tuple[str, bytes]:
        raise LetterTemplateError("Letter template acknowledgement.html line 3: 'x' is undefined")

    monkeypatch.setattr(service, "render", broken)
    response = client.post(
        f"/api/v1/requests/{req['id']}/letters/acknowledgement/issue", json={}, headers=bearer(people["officer"])
    )
    assert response.status_code == 500
    assert "acknowledgement.html line 3" in response.json()["detail"]
    assert session.scalar(select(func.count()).select_from(IssuedLetter)) == 0


def test_blank_authority_setting_stops_start_up() -> None:
    from app.config import Settings, check_authority_settings

    with pytest.raises(ValueError, match="FOI_AUTHORITY_SIGNATORY_NAME"):
        check_authority_settings(Settings(authority_signatory_name="  "))
    with pytest.raises(ValueError, match="FOI_AUTHORITY_LOGO"):
        check_authority_settings(Settings(authority_logo="/nonexistent/logo.png"))
    check_authority_settings(Settings())


def test_fees_notice_gives_amount_last_day_and_how_to_pay(
    client: TestClient, people: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.config import get_settings

    monkeypatch.setattr(get_settings(), "authority_fee_payment", "Pay by card on 01234 567890.")
    req = make_request(client, people["officer"], received_on="2025-03-03")
    r = client.post(
        f"/api/v1/requests/{req['id']}/events",
        headers=bearer(people["officer"]),
        json={"type": "fee_notice_issued", "on": "2025-03-10", "details": {"amount": "42.50"}},
    )
    assert r.status_code == 201, r.text
    pdf = client.get(f"/api/v1/requests/{req['id']}/letters/fees_notice.pdf", headers=bearer(people["officer"]))
    assert pdf.status_code == 200, pdf.text
    text = flat(pdf_text(pdf.content))
    assert "£42.50" in text
    assert "9 June 2025" in text  # three months beginning with 10 March (FOIA s9(2))
    assert "Pay by card on 01234 567890." in text


def test_one_public_interest_balance_shared_across_sections(client: TestClient, people: dict[str, str]) -> None:
    officer, reviewer = people["officer"], people["reviewer"]
    req = make_request(client, officer, received_on="2025-03-14")
    for item, code in (("1", "s31(1)(a)"), ("2", "s43(2)")):
        doc = add_document(client, officer, req["id"], item)
        r = client.put(
            f"/api/v1/requests/{req['id']}/documents/{doc['id']}/decisions/initial",
            json={
                "outcome": "withheld",
                "decided_on": "2025-04-08",
                "exemptions": [{"code": code, "reasoning": f"Harm under {code}.", "public_interest": PI}],
            },
            headers=bearer(reviewer),
        )
        assert r.status_code == 201, r.text
    pdf = client.get(f"/api/v1/requests/{req['id']}/letters/decision.pdf", headers=bearer(officer))
    text = flat(pdf_text(pdf.content))
    # Set out once, under section 31; section 43 refers back to it.
    assert text.count(PI["conclusion"]) == 1
    assert "The same balance applies to section 43." in text
    assert "We weighed the public interest for it together with section 31, and the same balance applies" in text
