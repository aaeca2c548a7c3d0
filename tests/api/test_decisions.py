"""Per-document decisions: the law's rules are enforced with a 422 that names the rule."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.document.models import Decision
from tests.factories import bearer, make_request, make_user

PI = {
    "for_disclosure": "Transparency.",
    "for_withholding": "Safe space.",
    "conclusion": "Maintain the exemption.",
}


@pytest.fixture
def people(session: Session) -> dict[str, str]:
    return {
        role: make_user(session, role, name=f"{role} person")[1] for role in ("officer", "reviewer", "qualified_person")
    }


@pytest.fixture
def case(client: TestClient, people: dict[str, str]) -> dict[str, Any]:
    req = make_request(client, people["officer"], received_on="2025-03-03")
    docs = []
    for item, title in (
        ("11", "Chair's report"),
        ("12", "Chief executive's report"),
        ("13", "Risk register"),
    ):
        r = client.post(
            f"/api/v1/requests/{req['id']}/documents",
            json={"item": item, "title": title, "reference": f"BD/25/{item}"},
            headers=bearer(people["officer"]),
        )
        assert r.status_code == 201, r.text
        docs.append(r.json())
    return {"request": req, "docs": docs}


def decide(
    client: TestClient,
    token: str,
    case: dict[str, Any],
    index: int,
    body: dict[str, Any],
    stage: str = "initial",
):  # type: ignore[no-untyped-def]
    doc = case["docs"][index]
    return client.put(
        f"/api/v1/requests/{case['request']['id']}/documents/{doc['id']}/decisions/{stage}",
        json=body,
        headers=bearer(token),
    )


def record_opinion(client: TestClient, token: str, case: dict[str, Any], **body: Any):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/requests/{case['request']['id']}/opinions", json=body, headers=bearer(token))


def test_disclosed_needs_no_exemption(client: TestClient, people: dict[str, str], case: dict[str, Any]) -> None:
    ok = decide(client, people["reviewer"], case, 0, {"outcome": "disclosed", "decided_on": "2025-03-20"})
    assert ok.status_code == 201, ok.text
    assert ok.json()["version"] == 1
    bad = decide(
        client,
        people["reviewer"],
        case,
        1,
        {
            "outcome": "disclosed",
            "decided_on": "2025-03-20",
            "exemptions": [{"code": "s43(2)", "public_interest": PI}],
        },
    )
    assert bad.status_code == 422
    assert bad.json()["rule"] == "exemptions_not_allowed"


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ({"outcome": "withheld", "exemptions": []}, "exemption_required"),
        ({"outcome": "withheld_in_part", "exemptions": []}, "exemption_required"),
        ({"outcome": "withheld", "exemptions": [{"code": "s43(2)"}]}, "public_interest_test_required"),
        (
            {"outcome": "withheld", "exemptions": [{"code": "s36(2)(b)(ii)", "public_interest": PI}]},
            "qualified_person_opinion_required",
        ),
        (
            {"outcome": "withheld", "exemptions": [{"code": "s31(1)(g)", "public_interest": PI}]},
            "s31_purpose_required",
        ),
        (
            {
                "outcome": "withheld",
                "exemptions": [{"code": "s31(1)(g)", "public_interest": PI, "s31_purposes": ["s31(2)(z)"]}],
            },
            "unknown_s31_purpose",
        ),
        ({"outcome": "withheld", "exemptions": [{"code": "s40(2)"}]}, "legitimate_interests_test_required"),
        (
            {"outcome": "withheld", "exemptions": [{"code": "s36(2)(b)(iv)", "public_interest": PI}]},
            "unknown_exemption",
        ),
        (
            {
                "outcome": "withheld",
                "exemptions": [
                    {"code": "s43(2)", "public_interest": PI},
                    {"code": "43(2)", "public_interest": PI},
                ],
            },
            "duplicate_exemption",
        ),
        (
            {"outcome": "withheld", "exemptions": [{"code": "reg12(5)(e)", "public_interest": PI}]},
            "unknown_exemption",
        ),
    ],
)
def test_rules_are_enforced(
    client: TestClient,
    session: Session,
    people: dict[str, str],
    case: dict[str, Any],
    body: dict[str, Any],
    rule: str,
) -> None:
    audit_before = session.scalar(select(func.count()).select_from(AuditEvent))
    response = decide(client, people["reviewer"], case, 0, {**body, "decided_on": "2025-03-20"})
    assert response.status_code == 422, response.text
    assert response.json()["rule"] == rule
    assert response.json()["detail"]
    assert session.scalar(select(func.count()).select_from(Decision)) == 0
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == audit_before


def test_unknown_code_suggests_the_nearest(client: TestClient, people: dict[str, str], case: dict[str, Any]) -> None:
    response = decide(
        client,
        people["reviewer"],
        case,
        0,
        {
            "outcome": "withheld",
            "decided_on": "2025-03-20",
            "exemptions": [{"code": "s36(2)(b)(iv)", "public_interest": PI}],
        },
    )
    assert "s36(2)(b)(i" in response.json()["detail"]


def test_s36_needs_a_recorded_opinion_dated_before_the_decision(
    client: TestClient, people: dict[str, str], case: dict[str, Any]
) -> None:
    qp = {"name": "Dr Alex Morgan", "role": "Chief Executive", "opinion_on": "2025-03-18"}
    cite = {"code": "s36(2)(b)(ii)", "public_interest": PI, "qualified_person": qp}
    unrecorded = decide(
        client,
        people["reviewer"],
        case,
        0,
        {"outcome": "withheld", "decided_on": "2025-03-20", "exemptions": [cite]},
    )
    assert unrecorded.status_code == 422
    assert unrecorded.json()["rule"] == "opinion_not_recorded"
    # The message speaks of the thing; the API adds where to do it, the web pages never show a route.
    assert "/api/v1" not in unrecorded.json()["detail"]
    assert unrecorded.json()["how"] == f"POST /api/v1/requests/{case['request']['id']}/opinions"
    # A reviewer cannot record an opinion; an officer records one given on paper, with the name and date.
    assert (
        record_opinion(client, people["reviewer"], case, limbs=["s36(2)(b)(ii)"], opinion_on="2025-03-18").status_code
        == 403
    )
    no_name = record_opinion(client, people["officer"], case, limbs=["s36(2)(b)(ii)"], opinion_on="2025-03-18")
    assert no_name.status_code == 422
    paper = record_opinion(
        client,
        people["officer"],
        case,
        limbs=["s36(2)(b)(ii)", "s36(2)(c)"],
        opinion_on="2025-03-18",
        name="Dr Alex Morgan",
        role="Chief Executive",
    )
    assert paper.status_code == 201, paper.text
    assert paper.json()["on_paper"] is True
    ok = decide(
        client,
        people["reviewer"],
        case,
        0,
        {"outcome": "withheld", "decided_on": "2025-03-20", "exemptions": [cite]},
    )
    assert ok.status_code == 201, ok.text
    assert ok.json()["exemptions"][0]["qualified_person"]["name"] == "Dr Alex Morgan"
    early = decide(
        client,
        people["reviewer"],
        case,
        1,
        {"outcome": "withheld", "decided_on": "2025-03-17", "exemptions": [cite]},
    )
    assert early.status_code == 422
    assert early.json()["rule"] == "opinion_after_decision"
    not_s36 = record_opinion(
        client, people["officer"], case, limbs=["s43(2)"], opinion_on="2025-03-18", name="X", role="Y"
    )
    assert not_s36.status_code == 422


def test_qualified_person_records_own_opinion(client: TestClient, people: dict[str, str], case: dict[str, Any]) -> None:
    roleless = record_opinion(client, people["qualified_person"], case, limbs=["s36(2)(c)"], opinion_on="2025-03-19")
    assert roleless.status_code == 422
    assert roleless.json()["rule"] == "opinion_role_required"
    own = record_opinion(
        client, people["qualified_person"], case, limbs=["s36(2)(c)"], opinion_on="2025-03-19", role="Chief Executive"
    )
    assert own.status_code == 201, own.text
    assert own.json()["role"] == "Chief Executive"
    assert own.json()["name"] == "qualified_person person"
    assert own.json()["on_paper"] is False
    response = decide(
        client,
        people["reviewer"],
        case,
        2,
        {
            "outcome": "withheld_in_part",
            "decided_on": "2025-03-20",
            "exemptions": [{"code": "s36(2)(c)", "public_interest": PI, "opinion_id": own.json()["id"]}],
        },
    )
    assert response.status_code == 201, response.text


def test_s31_with_purpose_and_s40_with_legitimate_interests(
    client: TestClient, people: dict[str, str], case: dict[str, Any]
) -> None:
    response = decide(
        client,
        people["reviewer"],
        case,
        0,
        {
            "outcome": "withheld",
            "decided_on": "2025-03-20",
            "exemptions": [
                {"code": "s31(1)(g)", "public_interest": PI, "s31_purposes": ["s31(2)(c)"]},
                {
                    "code": "s40(2)",
                    "legitimate_interests": {
                        "legitimate_interest": "Scrutiny.",
                        "necessity": "Yes.",
                        "balancing": "Staff expectations prevail.",
                    },
                },
            ],
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["exemptions"][0]["s31_purposes"] == ["s31(2)(c)"]
    assert body["exemptions"][1]["absolute"] is True


def test_decision_on_another_requests_document_is_404(
    client: TestClient, people: dict[str, str], case: dict[str, Any]
) -> None:
    other = make_request(client, people["officer"], received_on="2025-03-03")
    doc = case["docs"][0]
    response = client.put(
        f"/api/v1/requests/{other['id']}/documents/{doc['id']}/decisions/initial",
        json={"outcome": "disclosed"},
        headers=bearer(people["reviewer"]),
    )
    assert response.status_code == 404


def test_officer_cannot_decide_and_stale_decision_is_409(
    client: TestClient, people: dict[str, str], case: dict[str, Any]
) -> None:
    assert decide(client, people["officer"], case, 0, {"outcome": "disclosed"}).status_code == 403
    first = decide(client, people["reviewer"], case, 0, {"outcome": "disclosed", "decided_on": "2025-03-20"})
    assert first.status_code == 201
    second = decide(
        client,
        people["reviewer"],
        case,
        0,
        {
            "outcome": "withheld",
            "version": 1,
            "decided_on": "2025-03-20",
            "exemptions": [{"code": "s43(2)", "public_interest": PI}],
        },
    )
    assert second.status_code == 200, second.text
    assert second.json()["version"] == 2
    stale = decide(client, people["reviewer"], case, 0, {"outcome": "disclosed", "version": 1})
    assert stale.status_code == 409


def test_annex_groups_exemptions_as_a_letter_does(
    client: TestClient, people: dict[str, str], case: dict[str, Any]
) -> None:
    record_opinion(
        client,
        people["officer"],
        case,
        limbs=["s36(2)(b)(ii)", "s36(2)(c)"],
        opinion_on="2025-03-18",
        name="Dr Alex Morgan",
        role="Chief Executive",
    )
    qp = {"name": "Dr Alex Morgan", "role": "Chief Executive", "opinion_on": "2025-03-18"}
    decide(
        client,
        people["reviewer"],
        case,
        0,
        {
            "outcome": "withheld",
            "decided_on": "2025-03-20",
            "exemptions": [
                {"code": "s21"},
                {"code": "s36(2)(c)", "public_interest": PI, "qualified_person": qp},
                {"code": "s36(2)(b)(ii)", "public_interest": PI, "qualified_person": qp},
                {"code": "s43(2)", "public_interest": PI},
            ],
        },
    )
    decide(client, people["reviewer"], case, 1, {"outcome": "disclosed", "decided_on": "2025-03-20"})
    annex = client.get(f"/api/v1/requests/{case['request']['id']}/annex", headers=bearer(people["officer"])).json()
    assert annex["complete"] is False
    rows = {r["item"]: r for r in annex["rows"]}
    assert rows["11"]["decision"] == "Withheld"
    assert rows["11"]["description"] == "Chair's report (BD/25/11)"
    assert rows["11"]["exemptions"] == "21, 36(2)(b)(ii) and (c) and 43(2)"
    assert rows["12"]["decision"] == "Disclosed"
    assert rows["12"]["exemptions"] == "n/a"
    decide(client, people["reviewer"], case, 2, {"outcome": "disclosed", "decided_on": "2025-03-20"})
    annex = client.get(f"/api/v1/requests/{case['request']['id']}/annex", headers=bearer(people["officer"])).json()
    assert annex["complete"] is True


@pytest.mark.parametrize(
    ("regime", "extra", "expected"),
    [
        # Schools and transferred public records answer on their own timetables, but under FOIA Part II.
        ("school", {"school": "example-primary"}, 201),
        ("archives", {}, 201),
        ("eir", {}, 422),  # s43(2) is FOIA; an EIR request cites reg 12(5)(e)
        ("foisa", {}, 422),  # s43(2) is FOIA's; FOISA's commercial interests exemption is s33(1)(b)
    ],
)
def test_a_request_cites_the_exemptions_of_its_law(
    client: TestClient, people: dict[str, str], regime: str, extra: dict[str, str], expected: int
) -> None:
    req = make_request(client, people["officer"], regime=regime, received_on="2025-09-01", **extra)
    doc = client.post(
        f"/api/v1/requests/{req['id']}/documents",
        json={"item": "1", "title": "Contract"},
        headers=bearer(people["officer"]),
    ).json()
    r = client.put(
        f"/api/v1/requests/{req['id']}/documents/{doc['id']}/decisions/initial",
        json={
            "outcome": "withheld",
            "decided_on": "2025-09-05",
            "exemptions": [{"code": "s43(2)", "public_interest": PI}],
        },
        headers=bearer(people["reviewer"]),
    )
    assert r.status_code == expected, r.text
    if regime == "foisa":
        assert "s43(2) is a FOIA exemption; this request is under FOISA" in r.json()["detail"]
