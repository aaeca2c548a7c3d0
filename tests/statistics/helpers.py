"""Building statistics datasets through the real API."""

from typing import Any

from fastapi.testclient import TestClient

from tests.factories import bearer, make_request

PI = {"for_disclosure": "Openness.", "for_withholding": "Commercial harm.", "conclusion": "Withhold for now."}


def call(client: TestClient, token: str, method: str, url: str, **body: Any) -> dict[str, Any]:
    response = client.request(method, url, json=body, headers=bearer(token))
    assert response.status_code in (200, 201), response.text
    result: dict[str, Any] = response.json()
    return result


def decided(
    client: TestClient,
    officer: str,
    reviewer: str,
    received: str,
    outcome: str,
    codes: list[str],
    decided_on: str,
    **request: Any,
) -> dict[str, Any]:
    req = make_request(client, officer, received_on=received, **request)
    doc = call(client, officer, "POST", f"/api/v1/requests/{req['id']}/documents", item="1", title="Paper")
    exemptions = [{"code": c} if c == "s21" else {"code": c, "public_interest": PI} for c in codes]
    call(
        client,
        reviewer,
        "PUT",
        f"/api/v1/requests/{req['id']}/documents/{doc['id']}/decisions/initial",
        outcome=outcome,
        decided_on=decided_on,
        exemptions=exemptions,
    )
    return req


def event(client: TestClient, token: str, req: dict[str, Any], type_: str, on: str, **details: Any) -> None:
    call(client, token, "POST", f"/api/v1/requests/{req['id']}/events", type=type_, on=on, details=details)
