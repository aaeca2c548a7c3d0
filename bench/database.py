"""Throwaway PostgreSQL databases for benchmarks, load and fault tests: built from the migrations, dropped after."""

import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

SERVER_URL = os.environ.get(
    "FOI_BENCH_POSTGRES_URL",
    os.environ.get("FOI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
)


KEEP = os.environ.get("FOI_BENCH_KEEP") == "1"


@contextmanager
def throwaway_database(name: str | None = None, *, keep: bool = False) -> Iterator[str]:
    """A new, migrated PostgreSQL database; yields its URL and drops it afterwards, even on failure.

    With keep (FOI_BENCH_KEEP=1 for the named benchmark databases) an existing database is reused and kept,
    so a second run skips generating a million cases."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from tests.migrate import migrate

    name = name or f"foi_tmp_{uuid.uuid4().hex[:10]}"
    admin = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    drop = text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    url = make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists and keep:
            admin.dispose()
            yield url
            return
        conn.execute(drop)
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        migrate(url)
        yield url
    except BaseException:
        keep = False
        raise
    finally:
        if not keep:
            with admin.connect() as conn:
                conn.execute(drop)
        admin.dispose()


def create_user_with_token(url: str, role: str, name: str | None = None) -> tuple[int, str]:
    """A user of the given role and a fresh API token, committed."""
    from sqlalchemy.orm import Session

    import app.models  # noqa: F401 - every mapper known before the first flush
    from app.auth import service as auth_service
    from app.db import make_engine

    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            n = uuid.uuid4().hex[:8]
            user = auth_service.create_user(
                session, name=name or f"{role.title()} {n}", email=f"{role}.{n}@example.invalid", role=role, actor=None
            )
            token = auth_service.issue_token(session, user, actor=None)
            return user.id, token
    finally:
        engine.dispose()


@contextmanager
def synthetic_postgres(
    name: str, count: int, *, open_recent: bool = False, documents_per_request: int = 0, keep: bool = False
) -> Iterator[tuple[Any, Any]]:
    """A throwaway database filled by the synthetic generator (`foi demo generate`), with a progress line.

    Yields (engine, session factory)."""
    import time

    from sqlalchemy import func, select, text
    from sqlalchemy.orm import sessionmaker

    from app.auth import service as auth_service
    from app.db import make_engine
    from app.demo.synthetic import generate

    with throwaway_database(name, keep=keep) as url:
        engine = make_engine(url)
        try:
            factory = sessionmaker(bind=engine, expire_on_commit=False)
            if keep:
                from app.foi_request.models import FoiRequest

                with factory() as session:
                    if (session.scalar(select(func.count()).select_from(FoiRequest)) or 0) >= count:
                        print(f"  {name}: reusing the kept database")
                        yield engine, factory
                        return
            start, done = time.perf_counter(), 0

            def progress(n: int) -> None:
                nonlocal done
                done += n
                if sys.stdout.isatty() and (done == count or done % max(count // 100, 1) < n):
                    rate = done / (time.perf_counter() - start)
                    print(f"  {name}: {done:,}/{count:,} requests ({rate:,.0f}/s)", end="\r", flush=True)

            with factory.begin() as session:
                owner = auth_service.create_user(
                    session, name="Bench", email="bench@example.invalid", role="officer", actor=None
                )
                generate(
                    session,
                    count,
                    owner.id,
                    open_recent=open_recent,
                    progress=progress,
                    documents_per_request=documents_per_request,
                )
            print(f"  {name}: {count:,} requests generated in {time.perf_counter() - start:,.0f} s" + " " * 20)
            with engine.connect() as conn:
                conn.execute(text("ANALYZE"))
                conn.commit()
            yield engine, factory
        finally:
            engine.dispose()
