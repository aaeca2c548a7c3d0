"""FOIA s8(1)(b): a request gives an address for correspondence; the API holds the rule as the web does."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from tests.factories import bearer, make_request, make_user, request_body


@pytest.fixture
def officer(session: Session) -> str:
    return make_user(session, "officer")[1]


def test_a_request_without_an_address_for_correspondence_is_refused(client: TestClient, officer: str) -> None:
    body = request_body(requester={"name": "Sam Requester", "email": None, "postal_address": "  "})
    r = client.post("/api/v1/requests", json=body, headers=bearer(officer))
    assert r.status_code == 422
    assert r.json()["rule"] == "address_for_correspondence_required"
    assert "s8(1)(b)" in r.json()["detail"]
    assert client.get("/api/v1/requests", headers=bearer(officer)).json()["items"] == []


@pytest.mark.parametrize("address", [{"email": "sam@example.net"}, {"postal_address": "1 High St, Leeds"}])
def test_either_address_will_do(client: TestClient, officer: str, address: dict[str, str]) -> None:
    body = request_body(requester={"name": "Sam Requester", **address})
    assert client.post("/api/v1/requests", json=body, headers=bearer(officer)).status_code == 201


def test_an_edit_cannot_remove_the_last_address(client: TestClient, officer: str) -> None:
    req = make_request(client, officer)
    r = client.patch(
        f"/api/v1/requests/{req['id']}",
        json={"requester": {"name": "Sam Requester"}, "version": req["version"]},
        headers=bearer(officer),
    )
    assert r.status_code == 422
    assert r.json()["rule"] == "address_for_correspondence_required"
    after = client.get(f"/api/v1/requests/{req['id']}", headers=bearer(officer)).json()
    assert after["version"] == req["version"]


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    email=st.one_of(st.none(), st.just("sam@example.net")),
    postal=st.one_of(st.none(), st.text(alphabet=" \t\n", max_size=3), st.just("1 High St")),
)
def test_created_exactly_when_some_address_is_given(
    client: TestClient, officer: str, email: str | None, postal: str | None
) -> None:
    requester: dict[str, Any] = {"name": "Sam Requester", "email": email, "postal_address": postal}
    r = client.post("/api/v1/requests", json=request_body(requester=requester), headers=bearer(officer))
    has_address = bool(email) or bool((postal or "").strip())
    assert r.status_code == (201 if has_address else 422), r.text
