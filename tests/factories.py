"""Plain factory functions for tests: real rows through the real services."""

from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.auth import service as auth_service
from app.auth.models import User

_counter = iter(range(1, 10**9))


def make_user(session: Session, role: str = "officer", name: str | None = None) -> tuple[User, str]:
    n = next(_counter)
    user = auth_service.create_user(
        session, name=name or f"{role.title()} {n}", email=f"{role}{n}@example.org", role=role, actor=None
    )
    token = auth_service.issue_token(session, user, actor=None)
    # Commit the test's savepoint, so a request that fails and rolls back its own work keeps this user.
    session.commit()
    return user, token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def request_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "regime": "foia",
        "received_on": "2025-03-14",
        "title": "Board papers, private session",
        "request_text": "Please send me the papers for the private session of the September board meeting.",
        "requester": {
            "name": "Sam Requester",
            "email": "sam@example.net",
            "postal_address": "1 High St, Leeds",
            "organisation": None,
        },
    }
    body.update(overrides)
    return body


def make_request(client: TestClient, token: str, **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/v1/requests", json=request_body(**overrides), headers=bearer(token))
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def iso(d: date) -> str:
    return d.isoformat()
