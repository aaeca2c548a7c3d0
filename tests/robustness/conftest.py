"""The demo case in a database of its own, committed once, with a user and token for every role.

Each call through `call` runs in a transaction that is rolled back, so a route that writes (or deletes) leaves
the case as it was for the next route and role."""

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import _IncludedRouter
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session
from starlette.routing import BaseRoute

from app.auth import service as auth_service
from app.db import get_session, make_engine
from app.demo import case as demo
from app.document.models import Document
from app.foi_request.models import ClockEventRow, FoiRequest
from app.foi_request.schemas import RequesterIn
from app.letter.models import IssuedLetter
from app.main import create_app
from tests.conftest import unit_of_work_in
from tests.migrate import migrate

ROLES = ("anonymous", "officer", "reviewer", "qualified_person", "admin")
# The demo requester, with an organisation added for this check (the demo case itself has none).
REQUESTER_ORGANISATION = "Avery Community Trust"


def app_routes(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path template) the app serves, routers included (HEAD is GET's twin and left out)."""

    def walk(routes: list[BaseRoute]) -> Iterator[Any]:
        for route in routes:
            if isinstance(route, _IncludedRouter):
                yield from route.effective_route_contexts()
            else:
                yield route

    out = {
        (method, route.path)
        for route in walk(list(app.routes))
        for method in getattr(route, "methods", None) or []
        if method != "HEAD"
    }
    return sorted(out)


@dataclass
class DemoCase:
    engine: Engine
    app: FastAPI
    tokens: dict[str, str]
    params: dict[str, str]
    requester: list[str]
    published_letter_ids: list[int] = field(default_factory=list)
    published_file_ids: list[int] = field(default_factory=list)

    def call(self, method: str, path: str, role: str, **kwargs: Any) -> httpx.Response:
        """One request as `role`, inside a transaction that is rolled back afterwards."""
        connection = self.engine.connect()
        outer = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        self.app.dependency_overrides[get_session] = unit_of_work_in(session)
        headers = {"Authorization": f"Bearer {self.tokens[role]}"} if role != "anonymous" else {}
        try:
            with TestClient(self.app, raise_server_exceptions=False) as client:
                return client.request(method, path, headers=headers, follow_redirects=False, **kwargs)
        finally:
            self.app.dependency_overrides.clear()
            session.close()
            outer.rollback()
            connection.close()

    def fill(self, template: str) -> str:
        return template.format(**self.params)


@pytest.fixture(scope="package")
def demo_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoCase]:
    path: Path = tmp_path_factory.mktemp("demo") / "demo.db"
    url = f"sqlite:///{path}"
    migrate(url)
    engine = make_engine(url)
    with_organisation: Callable[..., RequesterIn] = functools.partial(RequesterIn, organisation=REQUESTER_ORGANISATION)
    mp = pytest.MonkeyPatch()
    mp.setattr(demo, "RequesterIn", with_organisation)
    tokens: dict[str, str] = {}
    with Session(engine, expire_on_commit=False) as session, session.begin():
        demo.load_demo(session)
        for role in ROLES[1:]:
            user = auth_service.create_user(
                session, name=f"Matrix {role}", email=f"matrix.{role}@example.org", role=role, actor=None
            )
            tokens[role] = auth_service.issue_token(session, user, actor=None)
        target = auth_service.create_user(
            session, name="Target user", email="matrix.target@example.org", role="officer", actor=None
        )
        req = session.scalars(select(FoiRequest).where(FoiRequest.title == demo.DEMO_TITLE)).one()
        document = session.scalars(select(Document).where(Document.request_id == req.id)).first()
        event = session.scalars(select(ClockEventRow).where(ClockEventRow.request_id == req.id)).first()
        letters = list(session.scalars(select(IssuedLetter).where(IssuedLetter.request_id == req.id)))
        assert document is not None
        assert event is not None
        assert letters
        r = req.requester
        assert r.organisation == REQUESTER_ORGANISATION
        requester = [r.name, r.email, REQUESTER_ORGANISATION, *(r.postal_address or "").splitlines()]
        params = {
            "request_id": str(req.id),
            "document_id": str(document.id),
            "event_id": str(event.id),
            "letter_id": str(letters[0].id),
            "user_id": str(target.id),
            "reference": req.reference,
            "stage": "initial",
            "kind": "acknowledgement",
            "code": "s36",
            "redaction_id": "1",
            "file_id": "1",
            "build_id": "1",
        }
        published = [letter.id for letter in letters if letter.published_at is not None]
        # Documents of the public bundle (app/bundle), where the demo publishes any.
        files = list(session.scalars(text("SELECT id FROM published_files WHERE request_id = :r"), {"r": req.id}))
    mp.undo()
    app = create_app(run_sweeper=False)
    yield DemoCase(engine, app, tokens, params, requester, published, files)
    engine.dispose()
