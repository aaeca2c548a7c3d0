"""Database plumbing: declarative base, engine, the per-request unit of work and session_scope() for jobs."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, DateTime, Engine, MetaData, SQLColumnExpression, create_engine, event, func
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator
from starlette.requests import Request

from app.config import get_settings

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in UTC on every backend (SQLite stores no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware datetime in UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}  # noqa: RUF012


LIKE_ESCAPE = "/"


def like_pattern(words: str) -> str:
    """'%words%' for LIKE, with any % or _ in the words meaning themselves, not "anything"."""
    for char in (LIKE_ESCAPE, "%", "_"):
        words = words.replace(char, LIKE_ESCAPE + char)
    return f"%{words.lower()}%"


def contains_text(column: SQLColumnExpression[str], words: str) -> ColumnElement[bool]:
    """lower(column) LIKE the pattern: one bound value, so PostgreSQL's trigram index on lower(column) serves it."""
    return func.lower(column).like(like_pattern(words), escape=LIKE_ESCAPE)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside one writer; busy_timeout makes a second writer wait instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


READ_ONLY = "foi_read_only"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_AFTER_READS = "foi_after_reads"


def _sqlite_begin(conn: Any) -> None:
    # A unit of work that may write takes the write lock at BEGIN, so read-then-write cannot deadlock or lose
    # updates; a read-only one (a page view, a GET) begins deferred and never waits for a writer under WAL.
    conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")


# Connections per process. app.main keeps the requests in flight at or below this (see InFlightLimit).
POOL_SIZE, POOL_OVERFLOW = 10, 20


def make_engine(url: str, *, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        in_memory = url in {"sqlite://", "sqlite:///:memory:"} or "mode=memory" in url
        pool: dict[str, Any] = {} if in_memory else {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW}
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False}, **pool)
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling is switched off so BEGIN IMMEDIATE is ours to issue.
        event.listen(engine, "connect", lambda dbapi_conn, _rec: setattr(dbapi_conn, "isolation_level", None))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)


@lru_cache
def get_engine() -> Engine:
    settings = get_settings()
    return make_engine(settings.database_url, echo=settings.database_echo)


@lru_cache
def _session_factory() -> sessionmaker[Session]:
    # Every mapper must be known before the first flush: the entry points (app.main, app.cli) import app.models.
    return sessionmaker(bind=get_engine(), expire_on_commit=False)


def new_session() -> Session:
    return _session_factory()()


@contextmanager
def session_scope(*, read_only: bool = False) -> Iterator[Session]:
    """One unit of work for jobs, the CLI and each HTTP request: committed at the end, rolled back on any error.

    A read-only unit holds no write lock (SQLite) and may not write: a flush with changes is a programming error.
    Small bookkeeping writes a read needs (a session's last-seen time) go through `after_reads`."""
    session = new_session()
    if read_only:
        session.bind = get_engine().execution_options(**{READ_ONLY: True})
    mark_read_only(session, read_only)
    try:
        yield session
        session.commit()
        run_after_reads(session)
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def mark_read_only(session: Session, read_only: bool) -> None:
    session.info[READ_ONLY] = read_only


def after_reads(session: Session, write: Callable[[Session], object]) -> None:
    """Run `write` now in a unit that writes; in a read-only unit, in its own short transaction after the reads."""
    if session.info.get(READ_ONLY):
        session.info.setdefault(_AFTER_READS, []).append(write)
    else:
        write(session)


def run_after_reads(session: Session) -> None:
    """The writes `after_reads` put off, each committed alone; losing one to a busy database loses only
    bookkeeping, so it never fails the read that asked for it."""
    pending: list[Callable[[Session], object]] = session.info.pop(_AFTER_READS, [])
    if not pending:
        return
    mark_read_only(session, False)
    if isinstance(session.bind, Engine) and session.bind.get_execution_options().get(READ_ONLY):
        session.bind = get_engine()
    for write in pending:
        try:
            write(session)
            session.commit()
        except OperationalError:
            session.rollback()


def finish_reads(session: Session) -> None:
    """End the unit of work's transaction before slow work (password hashing, reading a file) that must hold no
    database lock. Nothing may have been written yet; the next statement begins the transaction that writes."""
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("finish_reads() after changes: do the slow work before the first write")
    session.commit()


@event.listens_for(Session, "before_flush")
def _refuse_writes_in_read_only_units(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(READ_ONLY) and (session.new or session.dirty or session.deleted):
        changed = sorted({type(o).__name__ for o in [*session.new, *session.dirty, *session.deleted]})
        raise RuntimeError(f"A read-only unit of work (GET) tried to write {', '.join(changed)}; use after_reads()")


def get_session(request: Request) -> Iterator[Session]:
    """FastAPI dependency: one unit of work per HTTP request, committed once before the response. A GET, HEAD or
    OPTIONS request's unit is read-only."""
    with session_scope(read_only=request.method in SAFE_METHODS) as session:
        yield session


def include_in_autogenerate(obj: Any, name: str | None, type_: str, reflected: bool, _compare_to: Any) -> bool:
    """Alembic filter: PostgreSQL-only trigram indexes live in migrations alone (SQLAlchemy cannot model them
    portably), so autogenerate and the drift test leave them be."""
    return not (type_ == "index" and reflected and name is not None and name.endswith("_trgm"))
