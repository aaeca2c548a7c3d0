"""Faults on a real server process: the database goes away mid-run (requests get a clear 503, nothing is half
written, the service recovers by itself), and the process is killed in the middle of issuing a letter (the letter
and its record are both there or both absent)."""

import socket
import threading
import time
from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.db import make_engine
from app.foi_request.models import FoiRequest, Requester
from app.letter.models import IssuedLetter
from bench import servers
from bench.api import request_body
from bench.database import create_user_with_token
from tests.robustness.proxy import CuttableProxy


def _via(url: str, port: int) -> str:
    return make_url(url).set(host="127.0.0.1", port=port).render_as_string(hide_password=False)


def test_the_proxy_refuses_every_connection_once_cut_and_proxies_again_once_restored() -> None:
    """The fault test below trusts the cut: a thread blocked in accept() once let the next connection through."""
    upstream = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=lambda: [c.sendall(b"up") for c, _ in iter(upstream.accept, None)], daemon=True).start()

    def answer(port: int) -> bytes:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
                return conn.recv(2)
        except OSError:
            return b""

    with CuttableProxy(upstream.getsockname()) as proxy:
        assert answer(proxy.port) == b"up"
        proxy.cut()
        assert [answer(proxy.port) for _ in range(5)] == [b""] * 5
        proxy.restore()
        assert answer(proxy.port) == b"up"
    upstream.close()


def test_database_goes_away_and_comes_back(pg_url: str) -> None:
    _, token = create_user_with_token(pg_url, "officer")
    auth = {"Authorization": f"Bearer {token}"}
    target = make_url(pg_url)
    with CuttableProxy((target.host or "127.0.0.1", target.port or 5432)) as proxy:
        process, base = servers.start("app.main:create_app", {"FOI_DATABASE_URL": _via(pg_url, proxy.port)})
        statuses: list[int] = []
        created: list[str] = []
        bodies_503: list[dict[str, object]] = []
        stop = threading.Event()

        def writer() -> None:
            with httpx.Client(base_url=base, headers=auth, timeout=30) as http:
                n = 0
                while not stop.is_set():
                    n += 1
                    r = http.post("/api/v1/requests", json=request_body(n))
                    statuses.append(r.status_code)
                    if r.status_code == 201:
                        created.append(r.json()["reference"])
                    elif r.status_code == 503:
                        bodies_503.append(r.json())

        try:
            threads = [threading.Thread(target=writer) for _ in range(4)]
            for t in threads:
                t.start()
            time.sleep(1.5)
            before_cut = len(created)
            proxy.cut()
            time.sleep(3)
            during = httpx.get(f"{base}/api/v1/requests", headers=auth, timeout=30)
            health = httpx.get(f"{base}/healthz", timeout=30)
            proxy.restore()
            recovered_at = None
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                if httpx.get(f"{base}/healthz", timeout=30).status_code == 200:
                    recovered_at = time.monotonic()
                    break
                time.sleep(0.2)
            time.sleep(1.5)
            stop.set()
            for t in threads:
                t.join(timeout=60)
            after = httpx.post(f"{base}/api/v1/requests", json=request_body(10**6), headers=auth, timeout=30)
        finally:
            stop.set()
            servers.stop(process)

    assert before_cut > 0, "no request succeeded before the database went away"
    assert during.status_code == 503, during.text
    assert during.json()["error"] == "service_unavailable"
    assert "database" in during.json()["detail"]
    assert during.headers.get("retry-after")
    assert health.status_code == 503
    assert set(statuses) <= {201, 503}, sorted(set(statuses))
    assert 503 in statuses
    assert bodies_503
    assert all(b["error"] == "service_unavailable" for b in bodies_503)
    assert recovered_at is not None, "the service did not recover by itself within 20 s of the database returning"
    assert after.status_code == 201, after.text
    assert len(created) > before_cut, "no request succeeded after the database came back"

    engine = make_engine(pg_url)
    with Session(engine) as session:
        references = set(session.scalars(select(FoiRequest.reference)))
        assert set(created) <= references, "a request answered 201 is missing"
        requests = session.scalar(select(func.count()).select_from(FoiRequest))
        requesters = session.scalar(select(func.count()).select_from(Requester))
        audited = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.entity == "request", AuditEvent.action == "created")
        )
        # Nothing half-written: every case has its requester and its audit entry, and there are no strays.
        assert requests == requesters == audited, (requests, requesters, audited)
    engine.dispose()


def _case_ready_for_decision_letter(url: str, documents: int) -> tuple[int, str]:
    """A case with many documents, all decided: its decision letter takes a moment to render."""
    from app.auth.models import User
    from app.config import get_settings
    from app.document import service as documents_service
    from app.document.models import Stage
    from app.document.schemas import DecisionIn, DocumentIn
    from app.exemption.catalogue import load_catalogue
    from app.foi_request import service as requests_service
    from app.foi_request.schemas import RequestCreate, RequesterIn

    officer_id, token = create_user_with_token(url, "officer")
    reviewer_id, _ = create_user_with_token(url, "reviewer")
    catalogue = load_catalogue(get_settings().exemptions_dir)
    engine = make_engine(url)
    received = date.today() - timedelta(days=10)  # noqa: DTZ011
    with Session(engine, expire_on_commit=False) as session, session.begin():
        officer, reviewer = session.get_one(User, officer_id), session.get_one(User, reviewer_id)
        req = requests_service.create_request(
            session,
            RequestCreate(
                received_on=received,
                title="Kill during issue",
                request_text="Every contract file.",
                requester=RequesterIn(name="Kai Killtest", email="kai@example.net"),
            ),
            officer,
        )
        for i in range(documents):
            doc = documents_service.add_document(
                session, req, DocumentIn(item=str(i + 1), title=f"Contract file {i + 1} with a longer title"), officer
            )
            documents_service.put_decision(
                session,
                req,
                doc,
                Stage.initial,
                DecisionIn(outcome="disclosed", decided_on=received),
                reviewer,
                catalogue,
            )
        request_id = req.id
    engine.dispose()
    return request_id, token


def _state(url: str, request_id: int) -> tuple[int, int, bool]:
    engine = make_engine(url)
    with Session(engine) as session:
        letters = session.scalar(
            select(func.count()).select_from(IssuedLetter).where(IssuedLetter.request_id == request_id)
        )
        events = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.request_id == request_id, AuditEvent.entity == "letter", AuditEvent.action == "issued")
        )
        responded = session.scalar(select(FoiRequest.responded_on).where(FoiRequest.id == request_id)) is not None
    engine.dispose()
    return letters or 0, events or 0, responded


def _wait_for_open_transaction(url: str, timeout: float = 30) -> bool:
    """True once the app holds a transaction open on the case (the row lock is taken; the letter is rendering)."""
    name = make_url(url).database
    admin = make_engine(make_url(url).set(database="postgres").render_as_string(hide_password=False))
    deadline = time.monotonic() + timeout
    try:
        with admin.connect() as conn:
            while time.monotonic() < deadline:
                busy = conn.scalar(
                    text("SELECT count(*) FROM pg_stat_activity WHERE datname = :db AND state = 'idle in transaction'"),
                    {"db": name},
                )
                conn.rollback()
                if busy:
                    return True
                time.sleep(0.01)
    finally:
        admin.dispose()
    return False


def _wait_until_backends_gone(url: str) -> None:
    name = make_url(url).database
    admin = make_engine(make_url(url).set(database="postgres").render_as_string(hide_password=False))
    with admin.connect() as conn:
        for _ in range(200):
            if not conn.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :db"), {"db": name}):
                break
            conn.rollback()
            time.sleep(0.05)
    admin.dispose()


@pytest.mark.parametrize("when", ["while rendering", "after the response", "at random"])
def test_killed_during_letter_issue_leaves_all_or_nothing(pg_url: str, when: str) -> None:
    import random
    import signal

    request_id, token = _case_ready_for_decision_letter(pg_url, documents=150)
    process, base = servers.start("app.main:create_app", {"FOI_DATABASE_URL": pg_url})
    result: list[httpx.Response | Exception] = []

    def issue() -> None:
        try:
            result.append(
                httpx.post(
                    f"{base}/api/v1/requests/{request_id}/letters/decision/issue",
                    json={},
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=120,
                )
            )
        except httpx.HTTPError as exc:
            result.append(exc)

    thread = threading.Thread(target=issue)
    try:
        thread.start()
        if when == "while rendering":
            assert _wait_for_open_transaction(pg_url), "the issue never started"
            time.sleep(0.2)
        elif when == "after the response":
            thread.join(timeout=120)
        else:
            time.sleep(random.uniform(0.0, 3.0))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        thread.join(timeout=30)
    finally:
        servers.stop(process)
    _wait_until_backends_gone(pg_url)
    letters, events, responded = _state(pg_url, request_id)
    assert letters == events == int(responded), (when, letters, events, responded, result)
    assert letters <= 1
    if when == "while rendering":
        assert letters == 0
        assert isinstance(result[0], httpx.HTTPError)
    if when == "after the response":
        assert isinstance(result[0], httpx.Response)
        assert result[0].status_code == 201, result[0].text
        assert letters == 1
