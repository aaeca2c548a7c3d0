"""A GET's unit of work is read-only: it never takes SQLite's write lock, and it cannot write by accident."""

from pathlib import Path

import pytest
from sqlalchemy import select, text

from app import db
from app.auth.models import User
from tests.migrate import migrate


@pytest.fixture
def sqlite_app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'units.db'}"
    migrate(url)
    monkeypatch.setenv("FOI_DATABASE_URL", url)
    from app.config import get_settings

    get_settings.cache_clear()
    db.get_engine.cache_clear()
    db._session_factory.cache_clear()
    yield url
    db.get_engine().dispose()
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    db._session_factory.cache_clear()


def test_a_read_only_unit_reads_while_another_holds_the_write_lock(sqlite_app_db: str) -> None:
    writer = db.make_engine(sqlite_app_db).connect()  # its first statement takes the write lock
    writer.execute(text("INSERT INTO users (name, email, role, active, created_at) VALUES ('W', 'w', 'admin', 1, '')"))
    try:
        with db.session_scope(read_only=True) as session:
            session.connection().exec_driver_sql("PRAGMA busy_timeout=0")
            assert session.scalars(select(User.id)).all() == []  # answered at once, from before the writer's change
    finally:
        writer.rollback()
        writer.close()


def test_a_read_only_unit_refuses_to_write(sqlite_app_db: str) -> None:
    with pytest.raises(RuntimeError, match="read-only unit of work"), db.session_scope(read_only=True) as session:
        session.add(User(name="X", email="x@example.org", role="admin", active=True))
    with db.session_scope() as session:
        assert session.scalars(select(User)).all() == []


def test_bookkeeping_after_reads_is_written_after_the_read_ends(sqlite_app_db: str) -> None:
    with db.session_scope() as session:
        session.add(User(name="Y", email="y@example.org", role="admin", active=True))

    def rename(s: db.Session) -> None:
        s.execute(text("UPDATE users SET name = 'Z' WHERE email = 'y@example.org'"))

    with db.session_scope(read_only=True) as session:
        db.after_reads(session, rename)
        assert session.scalars(select(User.name)).all() == ["Y"]
    with db.session_scope() as session:
        assert session.scalars(select(User.name)).all() == ["Z"]


def test_finish_reads_refuses_after_a_change(sqlite_app_db: str) -> None:
    with db.session_scope() as session:
        session.add(User(name="V", email="v@example.org", role="admin", active=True))
        with pytest.raises(RuntimeError, match="before the first write"):
            db.finish_reads(session)
        session.rollback()
