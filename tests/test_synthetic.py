"""The synthetic data generator makes valid cases that the real list queries and reference counter respect."""

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.demo.synthetic import generate
from app.foi_request.models import FoiRequest
from tests.factories import bearer, make_request, make_user


def test_generated_cases_list_and_leave_room_for_new_references(client: TestClient, session: Session, today) -> None:
    today(date(2026, 11, 23))
    user, token = make_user(session, "officer")
    before = session.scalar(select(func.count()).select_from(FoiRequest)) or 0
    assert generate(session, 120, user.id, seed=7) == 120
    session.commit()
    assert (session.scalar(select(func.count()).select_from(FoiRequest)) or 0) == before + 120
    references = session.scalars(select(FoiRequest.reference)).all()
    assert len(references) == len(set(references))
    created = make_request(client, token, received_on="2026-11-02")
    assert created["reference"] not in references
    overdue = client.get("/api/v1/requests", params={"overdue": "true", "limit": 500}, headers=bearer(token))
    assert overdue.status_code == 200
    assert all(item["due_on"] < "2026-11-23" for item in overdue.json()["items"])
