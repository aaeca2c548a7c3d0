"""Bad input found by the fuzzer stays a clear 4xx: a NUL character cannot be stored in PostgreSQL text."""

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import bearer, make_user, request_body


def test_a_nul_character_is_refused_or_stored_never_a_500(client: TestClient, session: Session) -> None:
    _, token = make_user(session, "officer")
    response = client.post("/api/v1/requests", json=request_body(title="Board\u0000papers"), headers=bearer(token))
    if session.get_bind().dialect.name == "postgresql":
        assert response.status_code == 422, response.text
        assert response.json()["rule"] == "unstorable_value"
    else:
        assert response.status_code == 201, response.text  # SQLite stores it as given


def test_the_documented_422_is_the_body_we_send(client: TestClient, session: Session) -> None:
    _, token = make_user(session, "officer")
    response = client.post("/api/v1/requests", json={"title": 3}, headers=bearer(token))
    assert response.status_code == 422
    documented = client.get("/openapi.json").json()["components"]["schemas"]["HTTPValidationError"]
    assert set(documented["required"]) <= set(response.json())
    assert response.json()["error"] in documented["properties"]["error"]["enum"]
