"""Users and tokens (admins), and holidays added by proclamation."""

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.models import ApiToken
from tests.factories import bearer, make_request, make_user


def test_admin_creates_user_and_token_is_stored_hashed(client: TestClient, session: Session) -> None:
    admin = make_user(session, "admin")[1]
    created = client.post(
        "/api/v1/users",
        json={"name": "Rae Reviewer", "email": "Rae@Example.org", "role": "reviewer"},
        headers=bearer(admin),
    )
    assert created.status_code == 201, created.text
    token = created.json()["token"]
    assert client.get("/api/v1/me", headers=bearer(token)).json()["email"] == "rae@example.org"
    stored = session.scalars(select(ApiToken.token_hash)).all()
    assert token not in stored
    assert all(len(h) == 64 for h in stored)
    duplicate = client.post(
        "/api/v1/users",
        json={"name": "Again", "email": "rae@example.org", "role": "officer"},
        headers=bearer(admin),
    )
    assert duplicate.status_code == 409
    bad_role = client.post(
        "/api/v1/users",
        json={"name": "X", "email": "x@example.org", "role": "overlord"},
        headers=bearer(admin),
    )
    assert bad_role.status_code == 422
    user_id = created.json()["user"]["id"]
    assert client.delete(f"/api/v1/users/{user_id}/tokens", headers=bearer(admin)).status_code == 200
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_only_admins_manage_users(client: TestClient, session: Session) -> None:
    officer = make_user(session, "officer")[1]
    response = client.post(
        "/api/v1/users",
        json={"name": "X", "email": "x@example.org", "role": "admin"},
        headers=bearer(officer),
    )
    assert response.status_code == 403


def test_adding_a_holiday_recomputes_open_cases_and_audits(client: TestClient, session: Session, today) -> None:
    today(date(2025, 3, 20))
    admin = make_user(session, "admin")[1]
    officer = make_user(session, "officer")[1]
    req = make_request(client, officer, received_on="2025-03-14")
    assert req["due_on"] == "2025-04-14"
    added = client.post(
        "/api/v1/holidays/additions",
        json={"day": "2025-04-01", "name": "Proclaimed holiday", "nation": "Wales"},
        headers=bearer(admin),
    )
    assert added.status_code == 201, added.text
    assert [r["reference"] for r in added.json()["recomputed"]] == [req["reference"]]
    after = client.get(f"/api/v1/requests/{req['id']}", headers=bearer(officer)).json()
    assert after["due_on"] == "2025-04-15"
    audit = client.get(f"/api/v1/requests/{req['id']}/audit", headers=bearer(officer)).json()
    assert audit["events"][-1]["action"] == "clock_recomputed"
    assert audit["chain_valid"]
    again = client.post(
        "/api/v1/holidays/additions",
        json={"day": "2025-04-01", "name": "Proclaimed holiday", "nation": "WLS"},
        headers=bearer(admin),
    )
    assert again.status_code == 409
    bad = client.post(
        "/api/v1/holidays/additions",
        json={"day": "2025-04-02", "name": "X", "nation": "Atlantis"},
        headers=bearer(admin),
    )
    assert bad.status_code == 422
    listed = client.get("/api/v1/holidays", params={"year": 2025}, headers=bearer(officer)).json()
    assert {"day": "2025-04-01", "name": "Proclaimed holiday", "nations": ["Wales"]} in listed
    assert any(d["day"] == "2025-03-17" for d in listed)


def test_exemption_catalogue_is_public(client: TestClient) -> None:
    listed = client.get("/api/v1/exemptions")
    assert listed.status_code == 200
    codes = [s["code"] for s in listed.json()]
    assert "s36" in codes
    assert "s25" not in codes
    limb = client.get("/api/v1/exemptions/s36(2)(b)(ii)")
    assert limb.status_code == 200
    assert limb.json()["basis"] == "qualified"
    missing = client.get("/api/v1/exemptions/s36(2)(b)(iv)")
    assert missing.status_code == 404
    assert "s36(2)(b)(i" in missing.json()["detail"]


def test_api_docs_need_no_cdn(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn." not in docs.text
    assert client.get("/static/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")
