"""Fixtures: every database-backed test runs on SQLite and on PostgreSQL, on a schema built by the migrations.

Each test runs inside a transaction that is rolled back (SQLAlchemy's "join a session into an external
transaction" recipe), so tests never see each other's data.
"""

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from pathlib import Path

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from hypothesis import settings
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.orm import Session

from app import timeutil
from app.db import SAFE_METHODS, get_session, make_engine, mark_read_only, run_after_reads
from app.main import create_app
from bench.database import throwaway_database
from tests.migrate import migrate

# CI searches the same examples every run, so a submission is judged on its code, not on the draw; a developer's
# run (no CI variable) draws afresh and keeps what it finds in .hypothesis/ for the next run.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

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


@pytest.fixture(autouse=True)
def no_sign_in_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refused sign-ins answer at once in tests (tests/web/test_slow_refusals.py checks the pause itself)."""
    from app.config import get_settings

    monkeypatch.setattr(get_settings(), "sign_in_refusal_pause_seconds", 0.0)


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
    require_postgres()
    with throwaway_database() as url:
        eng = make_engine(url)
        yield eng
        eng.dispose()


def require_postgres() -> None:
    """Skip a PostgreSQL test where PostgreSQL is unreachable; in CI fail instead, so it is never skipped silently."""
    problem = _postgres_reachable()
    if problem is None:
        return
    if IN_CI:
        pytest.fail(f"PostgreSQL at {POSTGRES_URL} is unreachable in CI: {problem}", pytrace=False)
    pytest.skip(f"PostgreSQL at {POSTGRES_URL} is unreachable ({problem}); start it or set FOI_TEST_POSTGRES_URL")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A throwaway, migrated PostgreSQL database, for tests that run real server processes or commit for real."""
    require_postgres()
    with throwaway_database() as url:
        yield url


def units_in(session: Session) -> Callable[..., AbstractContextManager[Session]]:
    """Units of work (read_only=...) inside the test's transaction, as app.db.session_scope opens them: each
    commits into a savepoint of `session`, and a read-only one fails on a write, as in the app."""

    @contextmanager
    def unit(*, read_only: bool = False) -> Iterator[Session]:
        mark_read_only(session, read_only)
        try:
            yield session
            session.commit()
            run_after_reads(session)
        except BaseException:
            session.rollback()
            raise
        finally:
            mark_read_only(session, False)

    return unit


def unit_of_work_in(session: Session) -> Callable[[Request], Iterator[Session]]:
    """The app's get_session for a test: a GET's unit is read-only, as in the app."""
    unit = units_in(session)

    def scoped(request: Request) -> Iterator[Session]:
        with unit(read_only=request.method in SAFE_METHODS) as scoped_session:
            yield scoped_session

    return scoped


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
    app_instance.dependency_overrides[get_session] = unit_of_work_in(session)
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
