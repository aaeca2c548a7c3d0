"""A FOISA case end to end: FOISA exemptions listed and cited (FOISA s2(1)(b) public interest test for qualified
ones), no public interest extension, and letters naming the Scottish Information Commissioner (FOISA s47(1)),
the review (s20) and its 20 working days (s21(1)). Runs on SQLite and PostgreSQL like every API test."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from tests.factories import bearer, make_request, make_user
from tests.pdf import flat, pdf_text

PI = {
    "for_disclosure": "Openness about how the board reaches decisions.",
    "for_withholding": "Advice to the board would be substantially inhibited.",
    "conclusion": "The balance favours withholding the advice while the issue is live.",
}
LEGITIMATE = {"legitimate_interest": "Scrutiny.", "necessity": "Not necessary.", "balancing": "Privacy prevails."}
NEVER_IN_FOISA = ("Wilmslow", "Information Commissioner's Office", "section 50", "six weeks", "exceptional cases")


@pytest.fixture
def people(session: Session) -> dict[str, str]:
    people = {role: make_user(session, role)[1] for role in ("officer", "reviewer")}
    # The internal review is carried out by someone not involved in the original decision (s45 Code, section 5).
    people["second_reviewer"] = make_user(session, "reviewer")[1]
    return people


def add_document(client: TestClient, token: str, rid: int, item: str) -> dict[str, Any]:
    r = client.post(
        f"/api/v1/requests/{rid}/documents", json={"item": item, "title": f"Paper {item}"}, headers=bearer(token)
    )
    assert r.status_code == 201, r.text
    return r.json()


def decide(
    client: TestClient, token: str, rid: int, doc: dict[str, Any], body: dict[str, Any], stage: str = "initial"
) -> Response:
    return client.put(
        f"/api/v1/requests/{rid}/documents/{doc['id']}/decisions/{stage}", json=body, headers=bearer(token)
    )


def test_the_exemption_listing_by_regime(client: TestClient) -> None:
    foisa = client.get("/api/v1/exemptions", params={"regime": "foisa"})
    assert foisa.status_code == 200
    codes = [s["code"] for s in foisa.json()]
    assert codes == ["s18", *(f"s{n}" for n in range(25, 42))]
    assert {s["regime"] for s in foisa.json()} == {"foisa"}
    foia = client.get("/api/v1/exemptions", params={"regime": "foia"}).json()
    assert [s["code"] for s in foia][:2] == ["s21", "s22"]
    assert client.get("/api/v1/exemptions", params={"regime": "school"}).json() == foia  # schools cite FOIA
    everything = client.get("/api/v1/exemptions").json()
    assert {s["regime"] for s in everything} == {"foia", "eir"}  # no regime: FOIA and the EIR, as before
    unknown = client.get("/api/v1/exemptions", params={"regime": "gdpr"})
    assert unknown.status_code == 422
    assert "Unknown regime 'gdpr'" in unknown.json()["detail"]
    assert "foisa" in unknown.json()["detail"]
    one = client.get("/api/v1/exemptions/s30(b)(i)", params={"regime": "foisa"})
    assert one.status_code == 200
    assert one.json()["section"]["title"] == "Prejudice to effective conduct of public affairs"
    assert one.json()["section"]["regime"] == "foisa"
    assert client.get("/api/v1/exemptions/s30").json()["section"]["regime"] == "foia"
    assert client.get("/api/v1/exemptions/s30", params={"regime": "foisa"}).json()["section"]["regime"] == "foisa"
    assert client.get("/api/v1/exemptions/s30(b)(i)", params={"regime": "nope"}).status_code == 422


def test_a_foisa_request_cites_foisa_exemptions(client: TestClient, people: dict[str, str]) -> None:
    officer, reviewer = people["officer"], people["reviewer"]
    req = make_request(client, officer, received_on="2025-03-14", regime="foisa")
    doc = add_document(client, officer, req["id"], "1")
    base = {"outcome": "withheld", "decided_on": "2025-04-01"}
    foia_only = decide(
        client, reviewer, req["id"], doc, {**base, "exemptions": [{"code": "s43(2)", "public_interest": PI}]}
    )
    assert foia_only.status_code == 422
    assert "s43(2) is a FOIA exemption; this request is under FOISA" in foia_only.json()["detail"]
    no_test = decide(client, reviewer, req["id"], doc, {**base, "exemptions": [{"code": "30(b)(i)"}]})
    assert no_test.status_code == 422
    assert no_test.json()["rule"] == "public_interest_test_required"  # FOISA s2(1)(b)
    no_li = decide(client, reviewer, req["id"], doc, {**base, "exemptions": [{"code": "s38(1)(b)"}]})
    assert no_li.status_code == 422
    assert no_li.json()["rule"] == "legitimate_interests_test_required"
    ok = decide(
        client,
        reviewer,
        req["id"],
        doc,
        {
            **base,
            "exemptions": [
                {"code": "section 30(b)(i)", "public_interest": PI, "reasoning": "Live advice."},
                {"code": "s36(2)", "reasoning": "Given in confidence."},
                {"code": "s38(2A)", "legitimate_interests": LEGITIMATE},
            ],
        },
    )
    assert ok.status_code == 201, ok.text
    cited = {c["code"]: c for c in ok.json()["exemptions"]}
    assert set(cited) == {"s30(b)(i)", "s36(2)", "s38(1)(b)"}
    assert cited["s30(b)(i)"]["title"] == "Prejudice to effective conduct of public affairs"
    assert cited["s36(2)"]["title"] == "Confidentiality"
    assert cited["s36(2)"]["absolute"] is True
    assert cited["s38(1)(b)"]["absolute"] is True
    listed = client.get(f"/api/v1/requests/{req['id']}/documents", headers=bearer(officer)).json()
    assert {c["title"] for c in listed[0]["decisions"]["initial"]["exemptions"]} >= {"Confidentiality"}
    annex = client.get(f"/api/v1/requests/{req['id']}/annex", headers=bearer(officer)).json()
    assert annex["rows"][0]["exemptions"] == "30(b)(i), 36(2) and 38(1)(b)"
    # The same numbers on a FOIA request are FOIA's sections.
    foia = make_request(client, officer, received_on="2025-03-14")
    fdoc = add_document(client, officer, foia["id"], "1")
    wrong = decide(
        client, reviewer, foia["id"], fdoc, {**base, "exemptions": [{"code": "s30(b)(i)", "public_interest": PI}]}
    )
    assert wrong.status_code == 422
    assert "s30(b)(i) is a FOISA exemption; this request is under FOIA" in wrong.json()["detail"]
    right = decide(
        client, reviewer, foia["id"], fdoc, {**base, "exemptions": [{"code": "s30(1)(a)", "public_interest": PI}]}
    )
    assert right.status_code == 201, right.text
    assert right.json()["exemptions"][0]["title"].startswith("Investigations and proceedings")


def test_s35_purposes_on_a_foisa_request(client: TestClient, people: dict[str, str]) -> None:
    req = make_request(client, people["officer"], received_on="2025-03-14", regime="foisa")
    doc = add_document(client, people["officer"], req["id"], "1")
    body = {"outcome": "withheld", "decided_on": "2025-04-01"}
    missing = decide(
        client,
        people["reviewer"],
        req["id"],
        doc,
        {**body, "exemptions": [{"code": "s35(1)(g)", "public_interest": PI}]},
    )
    assert missing.status_code == 422
    ok = decide(
        client,
        people["reviewer"],
        req["id"],
        doc,
        {**body, "exemptions": [{"code": "s35(1)(g)", "public_interest": PI, "s31_purposes": ["(c)"]}]},
    )
    assert ok.status_code == 201, ok.text
    assert ok.json()["exemptions"][0]["s31_purposes"] == ["s35(2)(c)"]


def test_no_public_interest_extension_and_no_extension_letter(client: TestClient, people: dict[str, str]) -> None:
    req = make_request(client, people["officer"], received_on="2025-03-14", regime="foisa")
    r = client.post(
        f"/api/v1/requests/{req['id']}/events",
        json={
            "type": "pit_extension",
            "on": "2025-04-01",
            "details": {"extended_to": "2025-05-01", "exemptions": ["s30(c)"]},
        },
        headers=bearer(people["officer"]),
    )
    assert r.status_code == 422
    assert r.json()["rule"] == "pit_extension_not_available"
    assert "only FOIA s10(3)" in r.json()["detail"]
    letters = client.get(f"/api/v1/requests/{req['id']}/letters", headers=bearer(people["officer"])).json()
    extension = next(row for row in letters["letters"] if row["kind"] == "extension")
    assert extension["available"] is False
    assert "allows no extension" in extension["missing"]
    pdf = client.get(f"/api/v1/requests/{req['id']}/letters/extension.pdf", headers=bearer(people["officer"]))
    assert pdf.status_code == 409
    assert pdf.json()["rule"] == "no_extension_in_regime"


def test_foisa_decision_and_review_letters(client: TestClient, people: dict[str, str]) -> None:
    officer, reviewer = people["officer"], people["reviewer"]
    req = make_request(client, officer, received_on="2025-03-14", regime="foisa")
    rid = req["id"]
    first, second = add_document(client, officer, rid, "1"), add_document(client, officer, rid, "2")
    base = {"outcome": "withheld", "decided_on": "2025-04-01"}
    qualified = {**base, "exemptions": [{"code": "s30(b)(i)", "public_interest": PI, "reasoning": "Live advice."}]}
    absolute = {**base, "exemptions": [{"code": "s36(2)", "reasoning": "Given in confidence."}]}
    assert decide(client, reviewer, rid, first, qualified).status_code == 201
    assert decide(client, reviewer, rid, second, absolute).status_code == 201
    html = client.get(f"/api/v1/requests/{rid}/letters/decision.html", headers=bearer(officer))
    assert html.status_code == 200, html.text
    words = " ".join(html.text.split())
    for expected in (
        "We rely on section 30(b)(i) of FOISA.",
        "inhibit substantially the free and frank provision of advice",
        "We rely on section 36(2) of FOISA.",
        "section 20(1) of FOISA",
        "(section 21(1) of FOISA)",
        "within 20 working days",
        "section 47(1) of FOISA",
        "Scottish Information Commissioner",
        "Kinburn Castle",
        "https://www.foi.scot",
    ):
        assert expected in words, expected
    for absent in NEVER_IN_FOISA:
        assert absent not in words, absent
    issued = client.post(
        f"/api/v1/requests/{rid}/letters/decision/issue", json={"issued_on": "2025-04-08"}, headers=bearer(officer)
    )
    assert issued.status_code == 201, issued.text
    text = flat(pdf_text(client.get(issued.json()["letter"]["pdf"], headers=bearer(officer)).content))
    for expected in ("30(b)(i)", "Scottish Information Commissioner", "Kinburn Castle", "section 47(1) of FOISA"):
        assert expected in text, expected
    for absent in NEVER_IN_FOISA:
        assert absent not in text, absent

    opened = client.post(
        f"/api/v1/requests/{rid}/internal-review", json={"requested_on": "2025-04-28"}, headers=bearer(officer)
    )
    assert opened.status_code == 201, opened.text
    assert opened.json()["internal_review"]["due_on"] == "2025-05-28"  # FOISA s21(1): 20 Scottish working days
    assert (
        decide(
            client,
            people["second_reviewer"],
            rid,
            first,
            {"outcome": "disclosed", "decided_on": "2025-05-20"},
            "internal_review",
        ).status_code
        == 201
    )
    status = client.get(f"/api/v1/requests/{rid}/internal-review", headers=bearer(officer)).json()
    decided = client.put(
        f"/api/v1/requests/{rid}/internal-review/outcome",
        json={"outcome": "upheld_in_part", "decided_on": "2025-05-21", "version": status["request"]["version"]},
        headers=bearer(officer),
    )
    assert decided.status_code == 200, decided.text
    review = client.get(f"/api/v1/requests/{rid}/letters/internal_review.pdf", headers=bearer(officer))
    assert review.status_code == 200, review.text
    text = flat(pdf_text(review.content))
    for expected in (
        "we withheld information under sections 30(b)(i) and 36(2) of FOISA",
        "outcome of our review under section 21 of FOISA",
        "Scottish Information Commissioner",
        "section 47(1) of FOISA",
        "within six months",
        "Kinburn Castle",
        "We rely on section 36(2) of FOISA.",
    ):
        assert expected in text, expected
    for absent in NEVER_IN_FOISA:
        assert absent not in text, absent


def test_foia_letters_still_name_the_information_commissioner(client: TestClient, people: dict[str, str]) -> None:
    req = make_request(client, people["officer"], received_on="2025-03-14")
    doc = add_document(client, people["officer"], req["id"], "1")
    body = {
        "outcome": "withheld",
        "decided_on": "2025-04-01",
        "exemptions": [{"code": "s43(2)", "public_interest": PI}],
    }
    assert decide(client, people["reviewer"], req["id"], doc, body).status_code == 201
    words = " ".join(
        client.get(
            f"/api/v1/requests/{req['id']}/letters/decision.html", headers=bearer(people["officer"])
        ).text.split()
    )
    for expected in ("Information Commissioner", "Wilmslow", "section 50 of the FOI Act", "within six weeks"):
        assert expected in words, expected
    assert "Scottish" not in words
