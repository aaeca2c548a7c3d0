"""Fixtures: every database-backed test runs on SQLite and on PostgreSQL, on a schema built by the migrations.

Each test runs inside a transaction that is rolled back (SQLAlchemy's "join a session into an external
transaction" recipe), so tests never see each other's data.
"""

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app import timeutil
from app.db import get_session, make_engine
from app.main import create_app
from tests.migrate import migrate

POSTGRES_URL = os.environ.get("FOI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"
BACKENDS = [p.strip() for p in os.environ.get("FOI_TEST_BACKENDS", "sqlite,postgresql").split(",") if p.strip()]


def _postgres_reachable() -> str | None:
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure means unreachable; the message says which
        return str(exc).splitlines()[0]
    return None


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A fresh, migrated database per backend for the whole test run."""
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("db") / "test.db"
        url = f"sqlite:///{path}"
        migrate(url)
        eng = make_engine(url)
        yield eng
        eng.dispose()
        return
    problem = _postgres_reachable()
    if problem is not None:
        if IN_CI:
            pytest.fail(f"PostgreSQL at {POSTGRES_URL} is unreachable in CI: {problem}", pytrace=False)
        pytest.skip(f"PostgreSQL at {POSTGRES_URL} is unreachable ({problem}); start it or set FOI_TEST_POSTGRES_URL")
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"foi_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        migrate(url)
        eng = make_engine(url)
        yield eng
        eng.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    conn = engine.connect()
    outer = conn.begin()
    yield conn
    outer.rollback()
    conn.close()


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    db = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    yield db
    db.close()


@pytest.fixture(scope="session")
def app_instance():  # type: ignore[no-untyped-def]
    return create_app(run_sweeper=False)


@pytest.fixture
def client(app_instance, session: Session) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """The real app; its unit of work is a savepoint inside the test's transaction."""

    def test_session() -> Iterator[Session]:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

    app_instance.dependency_overrides[get_session] = test_session
    with TestClient(app_instance, raise_server_exceptions=os.environ.get("FOI_TEST_RAISE") == "1") as c:
        yield c
    app_instance.dependency_overrides.clear()


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> object:
    """Freeze the service's idea of today: call the fixture's value with a date."""

    class Freezer:
        def __call__(self, day: date) -> None:
            monkeypatch.setattr(timeutil, "today", lambda: day)

    return Freezer()
