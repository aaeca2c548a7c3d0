"""Audit verification notices loss: a chain is held to its head row, so cutting off its newest events breaks it; and
`foi audit verify` finds broken chains and case rows changed behind the services' back, on both databases."""

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, create_engine, make_url, text
from sqlalchemy.orm import Session

from app.audit.models import AuditChainHead, AuditEvent
from app.audit.service import GENESIS, _digest, verify_chain
from app.config import get_settings
from app.db import make_engine
from app.demo.case import load_demo
from bench.database import throwaway_database
from tests.conftest import BACKENDS, require_postgres
from tests.factories import bearer, make_request, make_user
from tests.migrate import migrate

FOI = Path(sys.executable).with_name("foi")


def allow_deleting_audit_events(conn: Connection) -> None:
    """What someone with raw SQL access must do first: the append-only triggers stop even the service."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))
    else:
        conn.execute(text("DROP TRIGGER audit_events_no_delete"))


def delete_newest(conn: Connection, chain: str, count: int) -> None:
    allow_deleting_audit_events(conn)
    newest = conn.execute(
        text("SELECT seq FROM audit_events WHERE chain = :chain ORDER BY seq DESC LIMIT :n"),
        {"chain": chain, "n": count},
    ).scalars()
    conn.execute(
        text("DELETE FROM audit_events WHERE chain = :chain AND seq >= :seq"), {"chain": chain, "seq": min(newest)}
    )


def chain_of(length: int) -> tuple[list[AuditEvent], AuditChainHead]:
    """A chain built the way record() builds one, in memory."""
    events, prev = [], GENESIS
    for seq in range(1, length + 1):
        event = AuditEvent(
            chain="request:1", seq=seq, at=datetime(2025, 4, 1, tzinfo=UTC), actor_id=None, request_id=1,
            entity="request", entity_id="1", action="updated", before=None, after={"n": seq}, prev_hash=prev,
        )  # fmt: skip
        event.hash = prev = _digest(prev, event)
        events.append(event)
    return events, AuditChainHead(chain="request:1", seq=length, last_hash=prev)


@settings(deadline=None)  # the first example configures the ORM mappers
@given(st.integers(min_value=1, max_value=30).flatmap(lambda n: st.tuples(st.just(n), st.integers(1, n))))
def test_cutting_off_the_newest_events_always_breaks_the_chain(case: tuple[int, int]) -> None:
    length, cut = case
    events, head = chain_of(length)
    assert verify_chain(events, head).valid
    check = verify_chain(events[: length - cut], head)
    assert not check.valid
    assert check.first_bad_seq == length - cut + 1
    assert check.reason == (
        f"the head records {length} events but the chain ends at {length - cut}: the newest {cut} are missing"
    )


def test_a_head_that_disagrees_with_the_chain_breaks_it() -> None:
    events, head = chain_of(3)
    assert verify_chain(iter(events), head).valid  # a stream will do
    assert verify_chain(events, None).reason == "the chain has 3 events but no head row recording its end"
    behind = AuditChainHead(chain="request:1", seq=2, last_hash=events[1].hash)
    assert verify_chain(events, behind).first_bad_seq == 3
    forged = AuditChainHead(chain="request:1", seq=3, last_hash="f" * 64)
    assert verify_chain(events, forged).reason == "the last event's hash differs from the one its head records"
    assert verify_chain([], None).valid


def test_the_api_reports_the_newest_events_deleted(client: TestClient, session: Session) -> None:
    officer = make_user(session, "officer")[1]
    req = make_request(client, officer, received_on="2025-03-14")
    responded = client.post(
        f"/api/v1/requests/{req['id']}/events",
        json={"type": "responded", "on": "2025-04-01", "details": {"outcome": "not_held"}},
        headers=bearer(officer),
    )
    assert responded.status_code == 201, responded.text
    before = client.get(f"/api/v1/requests/{req['id']}/audit", headers=bearer(officer)).json()
    assert before["chain_valid"] is True
    total = len(before["events"])
    delete_newest(session.connection(), f"request:{req['id']}", 1)
    session.commit()
    after = client.get(f"/api/v1/requests/{req['id']}/audit", headers=bearer(officer)).json()
    assert after["chain_valid"] is False
    assert after["first_bad_seq"] == total
    assert after["problem"] == (
        f"the head records {total} events but the chain ends at {total - 1}: the newest 1 are missing"
    )


@pytest.fixture(scope="module", params=BACKENDS)
def demo_template(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A committed database of the backend holding the demonstration case (decided, reviewed, issued, published),
    built once: each test tampers with its own copy."""
    tmp = tmp_path_factory.mktemp("audit")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'demo.db'}"
        migrate(url)
        _load_demo(url, tmp)
        yield url
        return
    require_postgres()
    with throwaway_database() as url:
        _load_demo(url, tmp)
        yield url


def _load_demo(url: str, tmp: Path) -> None:
    engine = make_engine(url)
    with pytest.MonkeyPatch.context() as patch, Session(engine) as session:
        patch.setattr(get_settings(), "storage_dir", tmp / "documents")
        load_demo(session)
        session.commit()
    engine.dispose()


@pytest.fixture
def demo_database(demo_template: str, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """A copy of the demo database, and the environment `foi` runs with against it."""
    template = make_url(demo_template)
    if template.get_backend_name() == "sqlite":
        copy = tmp_path / "audit.db"
        shutil.copyfile(str(template.database), copy)
        url = f"sqlite:///{copy}"
        yield url, {**os.environ, "FOI_DATABASE_URL": url}
        return
    name = f"foi_tmp_{uuid.uuid4().hex[:10]}"
    admin = create_engine(template.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template.database}"'))
    url = template.set(database=name).render_as_string(hide_password=False)
    try:
        yield url, {**os.environ, "FOI_DATABASE_URL": url}
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def foi_audit_verify(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(FOI), "audit", "verify"], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def tamper(url: str, *statements: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def assert_verifies(env: dict[str, str]) -> None:
    """An untouched database: one summary line, exit 0."""
    result = foi_audit_verify(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "2 chain(s) checked, 0 broken; 0 row(s) differ from their last audited state."
    ]


def test_the_cli_reports_deleted_events_and_exits_non_zero(demo_database: tuple[str, dict[str, str]]) -> None:
    url, env = demo_database
    assert_verifies(env)
    engine = make_engine(url)
    with engine.begin() as conn:
        delete_newest(conn, "request:1", 2)
        conn.execute(text("DELETE FROM audit_events WHERE chain = 'system'"))
    engine.dispose()
    result = foi_audit_verify(env)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    broken = [line for line in lines if line.startswith("BROKEN")]
    assert len(broken) == 2, lines
    assert broken[0].startswith("BROKEN request:1: at event ")
    assert "the newest 2 are missing" in broken[0]
    assert broken[1].startswith("BROKEN system: at event 1: the head records ")
    assert lines[-1] == "2 chain(s) checked, 2 broken; 0 row(s) differ from their last audited state."


def test_the_cli_reports_case_rows_changed_behind_the_services_back(demo_database: tuple[str, dict[str, str]]) -> None:
    url, env = demo_database
    assert_verifies(env)
    tamper(
        url,
        "UPDATE foi_requests SET title = 'Nothing to see here', due_on = '2030-01-01' WHERE id = 1",
        "UPDATE decisions SET outcome = 'disclosed' "
        "WHERE id = (SELECT MIN(id) FROM decisions WHERE outcome <> 'disclosed')",
    )
    result = foi_audit_verify(env)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "DRIFT foi_request 1 (FOI-2017-000001): differs from its audit log in title, due_on" in lines
    decision = [line for line in lines if line.startswith("DRIFT decision ")]
    assert len(decision) == 1, lines
    assert decision[0].endswith("stage): differs from its audit log in outcome")
    assert not any(line.startswith("BROKEN") for line in lines), "the chains themselves are intact"
    assert lines[-1] == "2 chain(s) checked, 0 broken; 2 row(s) differ from their last audited state."
