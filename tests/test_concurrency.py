"""Real concurrent transactions (committed, not rolled back): references stay unique, stale writes lose."""

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.audit.models import AuditEvent
from app.auth import service as auth_service
from app.auth.models import User
from app.errors import Conflict
from app.foi_request import service
from app.foi_request.models import FoiRequest
from app.foi_request.schemas import RequestCreate, RequesterIn, RequestUpdate

TITLE = "Concurrency probe"


def _officer(factory: sessionmaker[Session]) -> int:
    with factory.begin() as session:
        user = auth_service.create_user(
            session, name="Probe", email=f"probe-{uuid.uuid4().hex}@example.org", role="officer", actor=None
        )
        return user.id


def test_fifty_concurrent_creates_get_unique_references(engine: Engine) -> None:
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    officer_id = _officer(factory)

    def create(n: int) -> str:
        with factory.begin() as session:
            actor = session.get_one(User, officer_id)
            data = RequestCreate(
                received_on=date(2019, 5, 1),
                title=TITLE,
                request_text=f"Probe {n}",
                requester=RequesterIn(name=f"Requester {n}", email=f"requester{n}@example.net"),
            )
            return service.create_request(session, data, actor).reference

    with ThreadPoolExecutor(max_workers=10) as pool:
        references = list(pool.map(create, range(50)))
    assert len(set(references)) == 50
    with factory() as session:
        stored = session.scalars(select(FoiRequest.reference).where(FoiRequest.title == TITLE)).all()
    assert set(references) <= set(stored)
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in references)
    assert numbers == list(range(numbers[0], numbers[0] + 50))


def test_two_writers_with_the_same_version_one_wins(engine: Engine) -> None:
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    officer_id = _officer(factory)
    with factory.begin() as session:
        actor = session.get_one(User, officer_id)
        data = RequestCreate(
            received_on=date(2019, 6, 3),
            title=TITLE,
            request_text="Race",
            requester=RequesterIn(name="Racer", email="racer@example.net"),
        )
        request_id = service.create_request(session, data, actor).id

    def rename(title: str) -> str:
        try:
            with factory.begin() as session:
                actor = session.get_one(User, officer_id)
                req = service.get_request(session, request_id, for_update=True)
                service.update_request(session, req, RequestUpdate(title=title, version=1), actor)
        except Conflict:
            return "conflict"
        return "ok"

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = sorted(pool.map(rename, ["First", "Second"]))
    assert results == ["conflict", "ok"]
    with factory() as session:
        req = session.get_one(FoiRequest, request_id)
        assert req.version == 2
        assert req.title in {"First", "Second"}


def test_two_reviewers_ruling_on_the_same_document_one_wins(engine: Engine) -> None:
    from app.config import get_settings
    from app.document import service as documents
    from app.document.models import Decision, Stage
    from app.document.schemas import DecisionIn, DocumentIn
    from app.exemption.catalogue import load_catalogue

    factory = sessionmaker(bind=engine, expire_on_commit=False)
    officer_id = _officer(factory)
    catalogue = load_catalogue(get_settings().exemptions_dir)
    with factory.begin() as session:
        reviewer = auth_service.create_user(
            session, name="Rita", email=f"rita{id(factory)}@example.org", role="reviewer", actor=None
        )
        reviewer_id = reviewer.id
        actor = session.get_one(User, officer_id)
        data = RequestCreate(
            received_on=date(2019, 7, 1),
            title=TITLE,
            request_text="Rulings",
            requester=RequesterIn(name="Ruler", email="ruler@example.net"),
        )
        req = service.create_request(session, data, actor)
        doc = documents.add_document(session, req, DocumentIn(item="1", title="Minutes"), actor)
        documents.put_decision(
            session,
            req,
            doc,
            Stage.initial,
            DecisionIn(outcome="not_held", decided_on=date(2019, 7, 2)),
            session.get_one(User, reviewer_id),
            catalogue,
        )
        request_id, document_id = req.id, doc.id

    def rule(outcome: str) -> str:
        try:
            with factory.begin() as session:
                req = service.get_request(session, request_id, for_update=True)  # as the endpoint does
                doc = documents.get_document(session, req, document_id)
                data = DecisionIn(outcome=outcome, decided_on=date(2019, 7, 3), version=1)
                documents.put_decision(
                    session, req, doc, Stage.initial, data, session.get_one(User, reviewer_id), catalogue
                )
        except Conflict:
            return "conflict"
        return outcome

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(rule, ["disclosed", "not_held"]))
    assert sorted(r == "conflict" for r in results) == [False, True], results
    winner = next(r for r in results if r != "conflict")
    with factory() as session:
        decision = session.scalars(select(Decision).where(Decision.document_id == document_id)).one()
        assert (decision.outcome, decision.version) == (winner, 2)
        updates = session.scalars(
            select(AuditEvent).where(
                AuditEvent.entity == "decision",
                AuditEvent.entity_id == str(decision.id),
                AuditEvent.action == "updated",
            )
        ).all()
        assert len(updates) == 1
        assert updates[0].after is not None
        assert updates[0].after["outcome"] == winner


def test_http_clients_racing_on_a_case_and_a_decision(pg_url: str) -> None:
    """Real clients against a real server process on PostgreSQL: stale writers get 409, nothing is lost, and
    fifty concurrent creates get fifty distinct, consecutive references."""
    import httpx

    from bench import servers
    from bench.api import request_body
    from bench.database import create_user_with_token

    _, officer = create_user_with_token(pg_url, "officer")
    _, reviewer = create_user_with_token(pg_url, "reviewer")
    as_officer = {"Authorization": f"Bearer {officer}"}
    as_reviewer = {"Authorization": f"Bearer {reviewer}"}
    with servers.serve("app.main:create_app", {"FOI_DATABASE_URL": pg_url}) as base:
        http = httpx.Client(base_url=base, timeout=60)
        case = http.post("/api/v1/requests", json=request_body(1), headers=as_officer).json()
        url = f"/api/v1/requests/{case['id']}"
        doc = http.post(f"{url}/documents", json={"item": "1", "title": "Minutes"}, headers=as_officer).json()
        decision_url = f"{url}/documents/{doc['id']}/decisions/initial"
        first = http.put(decision_url, json={"outcome": "not_held"}, headers=as_reviewer)
        assert first.status_code in {200, 201}, first.text

        version = http.get(url, headers=as_officer).json()["version"]  # what both clients read

        def patch(title: str) -> httpx.Response:
            return http.patch(url, json={"title": title}, headers={**as_officer, "If-Match": f'"{version}"'})

        def rule(outcome: str) -> httpx.Response:
            return http.put(decision_url, json={"outcome": outcome, "version": 1}, headers=as_reviewer)

        with ThreadPoolExecutor(max_workers=4) as pool:
            patches = list(pool.map(patch, ["Title A", "Title B"]))
            rulings = list(pool.map(rule, ["disclosed", "not_held"]))
        assert sorted(r.status_code for r in patches) == [200, 409], [r.text for r in patches]
        assert sorted(r.status_code for r in rulings) == [200, 409], [r.text for r in rulings]
        for losers in (patches, rulings):
            loser = next(r for r in losers if r.status_code == 409).json()
            assert loser["rule"] == "stale_version"
        won_title = next(r for r in patches if r.status_code == 200).json()["title"]
        won_outcome = next(r for r in rulings if r.status_code == 200).json()["outcome"]
        assert http.get(url, headers=as_officer).json()["title"] == won_title
        stored = http.get(f"{url}/documents/{doc['id']}", headers=as_officer).json()
        assert won_outcome in str(stored)

        with ThreadPoolExecutor(max_workers=50) as pool:
            created = list(
                pool.map(lambda n: http.post("/api/v1/requests", json=request_body(n), headers=as_officer), range(50))
            )
        assert [r.status_code for r in created] == [201] * 50, {r.status_code for r in created}
        references = [r.json()["reference"] for r in created]
        assert len(set(references)) == 50
        numbers = sorted(int(r.rsplit("-", 1)[1]) for r in references)
        assert numbers == list(range(numbers[0], numbers[0] + 50))
        http.close()


def test_two_reviewers_starting_a_review_at_once_record_one_reviewer(engine: Engine) -> None:
    from app.config import get_settings
    from app.document import service as documents
    from app.document.models import Stage
    from app.document.schemas import DecisionIn, DocumentIn
    from app.exemption.catalogue import load_catalogue
    from app.foi_request import events
    from app.foi_request.schemas import EventIn
    from app.review import service as reviews
    from app.review.models import InternalReview
    from app.review.schemas import ReviewOpen

    factory = sessionmaker(bind=engine, expire_on_commit=False)
    officer_id = _officer(factory)
    catalogue = load_catalogue(get_settings().exemptions_dir)
    tag = uuid.uuid4().hex
    with factory.begin() as session:
        people = [
            auth_service.create_user(session, name=n, email=f"{n}-{tag}@example.org", role="reviewer", actor=None)
            for n in ("first", "b", "c")
        ]
        first, b_id, c_id = people[0], people[1].id, people[2].id
        actor = session.get_one(User, officer_id)
        data = RequestCreate(
            received_on=date(2019, 7, 1),
            title=TITLE,
            request_text="Reviews",
            requester=RequesterIn(name="Ruler", email="ruler@example.net"),
        )
        req = service.create_request(session, data, actor)
        docs = [documents.add_document(session, req, DocumentIn(item=i, title="Paper"), actor) for i in ("1", "2")]
        for doc in docs:
            decision = DecisionIn(outcome="disclosed", decided_on=date(2019, 7, 2))
            documents.put_decision(session, req, doc, Stage.initial, decision, first, catalogue)
        events.add_event(session, req, EventIn(type="responded", on=date(2019, 7, 3)), actor, catalogue)
        reviews.open_review(session, req, ReviewOpen(requested_on=date(2019, 7, 4)), actor)
        request_id, doc_ids = req.id, [d.id for d in docs]

    def redecide(who: tuple[int, int]) -> int:
        user_id, document_id = who
        with factory.begin() as session:
            req = service.get_request(session, request_id, for_update=True)  # as the endpoint does
            doc = documents.get_document(session, req, document_id)
            data = DecisionIn(outcome="not_held", decided_on=date(2019, 7, 5))
            documents.put_decision(
                session, req, doc, Stage.internal_review, data, session.get_one(User, user_id), catalogue
            )
        return user_id

    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(redecide, [(b_id, doc_ids[0]), (c_id, doc_ids[1])]))
    assert sorted(done) == sorted([b_id, c_id])
    with factory() as session:
        review = session.scalars(select(InternalReview).where(InternalReview.request_id == request_id)).one()
        assert review.reviewer_id in {b_id, c_id}
