"""A ruling with several problems is answered once, naming them all with the field each concerns, and stores
nothing: a reviewer fixes everything in one go rather than meeting one 422 after another."""

from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.document.models import Decision
from tests.api.test_decisions import PI, case, decide, people  # noqa: F401 - fixtures

# Each fault, independent of the others: what it adds to the ruling, and the rule and field it must be reported at.
FAULTS: dict[str, tuple[dict[str, Any], str, str]] = {
    "future": ({"decided_on": "2099-01-01"}, "decision_in_future", "decided_on"),
    "no_public_interest": ({"code": "s43(2)"}, "public_interest_test_required", "public_interest"),
    "no_purpose": ({"code": "s31(1)(g)", "public_interest": PI}, "s31_purpose_required", "s31_purposes"),
    "no_legitimate_interests": ({"code": "s40(2)"}, "legitimate_interests_test_required", "legitimate_interests"),
    "unknown": ({"code": "s99(9)"}, "unknown_exemption", "code"),
}


def ruling(faults: list[str]) -> dict[str, Any]:
    body: dict[str, Any] = {"outcome": "withheld", "decided_on": "2025-03-20", "exemptions": []}
    for name in faults:
        addition, _, _ = FAULTS[name]
        if "code" in addition:
            body["exemptions"].append(addition)
        else:
            body.update(addition)
    if not body["exemptions"]:
        body["exemptions"].append({"code": "s41", "reasoning": "Given in confidence."})
    return body


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(sorted(FAULTS)), min_size=1, max_size=5, unique=True))
def test_every_problem_is_named_at_once_and_nothing_is_stored(
    client: TestClient,
    session: Session,
    people: dict[str, str],  # noqa: F811
    case: dict[str, Any],  # noqa: F811
    faults: list[str],
) -> None:
    audit_before = session.scalar(select(func.count()).select_from(AuditEvent))
    response = decide(client, people["reviewer"], case, 0, ruling(faults))
    assert response.status_code == 422, response.text
    body = response.json()
    reported = body.get("problems") or [body]
    assert sorted(p["rule"] for p in reported) == sorted(FAULTS[f][1] for f in faults)
    for problem in reported:
        fault = next(f for f in faults if FAULTS[f][1] == problem["rule"])
        assert problem["field"].endswith(FAULTS[fault][2]), problem
        assert problem["detail"] in body["detail"]
    assert body["rule"] == reported[0]["rule"]
    assert session.scalar(select(func.count()).select_from(Decision)) == 0
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == audit_before
