"""Real concurrent transactions (committed, not rolled back): references stay unique, stale writes lose."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

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
            session, name="Probe", email=f"probe{id(factory)}@example.org", role="officer", actor=None
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
                requester=RequesterIn(name=f"Requester {n}"),
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
            received_on=date(2019, 6, 3), title=TITLE, request_text="Race", requester=RequesterIn(name="Racer")
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
