"""The requester's bundle made by a worker, not by the request that asks for it.

A case with hundreds of documents takes minutes to release, check and merge. Asking for its bundle answers 202 at
once with where to ask how it is going; a worker (embedded in `foi serve`, or `foi worker` on any number of hosts)
claims the build, makes it outside any write transaction, stores the file and marks it ready, or refused with the
release checks' findings. Two people pressing the button together get the same build.

A worker claims a build by compare-and-set on its attempt count, so two workers never make the same one; one that
died mid-build leaves it `building` past its lease, and another worker takes it up again (at most MAX_ATTEMPTS).
Made bundles hold the requester's details, so they are kept `bundle_build_keep_hours` and then forgotten, their
files left to `foi storage prune` (UK GDPR Article 5(1)(e)).
"""

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, delete, or_, select, update
from sqlalchemy.orm import Session

from app.audit.service import record
from app.auth.models import User
from app.background import BackgroundLoop
from app.bundle import bundle, storage
from app.bundle.models import BuildForm, BuildState, BundleBuild
from app.config import Settings
from app.db import finish_reads, session_scope, utcnow
from app.errors import AppError, Conflict, NotFound
from app.exemption.catalogue import Catalogue, load_catalogue
from app.foi_request.models import FoiRequest

log = logging.getLogger("app.bundle.builds")
PENDING = (BuildState.queued.value, BuildState.building.value)
MAX_ATTEMPTS = 3
FORGET_EVERY = timedelta(minutes=10)
MEDIA_TYPES = {BuildForm.zip: "application/zip", BuildForm.pdf: "application/pdf"}


def ask(session: Session, req: FoiRequest, form: BuildForm, actor: User) -> BundleBuild:
    """A build of the requester's bundle: the one already waiting or being made for this case and form, else a
    new one in the queue. `req` must be locked for update, so two presses at once find one another."""
    waiting = session.scalar(
        select(BundleBuild)
        .where(BundleBuild.request_id == req.id, BundleBuild.form == form.value, BundleBuild.state.in_(PENDING))
        .order_by(BundleBuild.id.desc())
        .limit(1)
    )
    if waiting is not None:
        return waiting
    build = BundleBuild(request_id=req.id, form=form.value, requested_by_id=actor.id, requested_at=utcnow())
    session.add(build)
    session.flush()
    record(
        session,
        actor=actor,
        entity="foi_request",
        entity_id=req.id,
        action="bundle_asked_for",
        after={"build": build.id, "form": form.value},
        request_id=req.id,
    )
    return build


def recent(session: Session, request_id: int, limit: int = 5) -> list[BundleBuild]:
    query = select(BundleBuild).where(BundleBuild.request_id == request_id).order_by(BundleBuild.id.desc())
    return list(session.scalars(query.limit(limit)))


def get_build(session: Session, req: FoiRequest, build_id: int) -> BundleBuild:
    build = session.get(BundleBuild, build_id)
    if build is None or build.request_id != req.id:
        raise NotFound(f"{req.reference} has no bundle build {build_id}; ask for one with POST .../bundle/builds.")
    return build


@dataclass(frozen=True)
class MadeFile:
    data: bytes
    media_type: str
    filename: str


def made_file(session: Session, req: FoiRequest, build_id: int, settings: Settings) -> MadeFile:
    """A build's file, read from storage after the database reads have ended (API and web alike)."""
    build = get_build(session, req, build_id)
    finish_reads(session)
    return MadeFile(file_of(build, req, settings), MEDIA_TYPES[BuildForm(build.form)], filename(build, req))


def file_of(build: BundleBuild, req: FoiRequest, settings: Settings) -> bytes:
    """The made bundle; 409 while it is still being made, or when it was refused."""
    if build.state in PENDING:
        raise Conflict(
            f"The bundle for {req.reference} is still being made ({build.state}); ask again in a few seconds.",
            rule="bundle_not_ready",
        )
    if build.state == BuildState.refused.value or build.storage_key is None:
        problem = build.problem or {}
        raise Conflict(
            f"The bundle for {req.reference} was not made: {problem.get('detail', 'see the build for why')}",
            rule="bundle_refused",
            extra={"problem": problem},
        )
    return storage.get_storage(settings).get(build.storage_key)


def filename(build: BundleBuild, req: FoiRequest) -> str:
    return f"{req.reference}-bundle.{build.form}"


@dataclass(frozen=True)
class Claim:
    build_id: int
    attempt: int


Found = tuple[int, str, int]  # a build's id, state and attempts, as read before claiming it


def _waiting_query(now: datetime, settings: Settings) -> Select[int, str, int]:
    abandoned = now - timedelta(seconds=settings.bundle_build_lease_seconds)
    return (
        select(BundleBuild.id, BundleBuild.state, BundleBuild.attempts)
        .where(
            or_(
                BundleBuild.state == BuildState.queued.value,
                and_(BundleBuild.state == BuildState.building.value, BundleBuild.started_at < abandoned),
            )
        )
        .order_by(BundleBuild.id)
        .limit(1)
    )


def next_waiting(session: Session, now: datetime, settings: Settings) -> Found | None:
    found = session.execute(_waiting_query(now, settings)).first()
    if found is None:
        return None
    build_id, state, attempts = found
    return build_id, state, attempts


def take(session: Session, found: Found, now: datetime) -> Claim | None:
    """Claim a build as it was read: compare-and-set on its state and attempts, so of two workers that read it at
    once only one gets it (PostgreSQL re-checks the WHERE once the first has committed; SQLite has one writer)."""
    build_id, state, attempts = found
    if attempts >= MAX_ATTEMPTS:
        _finish(
            session,
            Claim(build_id, attempts),
            now,
            problem={
                "rule": "bundle_abandoned",
                "detail": f"Making it stopped {attempts} times without finishing. Ask for the bundle again; if "
                "it stops again, tell your administrator (the worker's log says why).",
            },
        )
        return None
    taken = session.execute(
        update(BundleBuild)
        .where(BundleBuild.id == build_id, BundleBuild.state == state, BundleBuild.attempts == attempts)
        .values(state=BuildState.building.value, started_at=now, attempts=attempts + 1)
    )
    return Claim(build_id, attempts + 1) if getattr(taken, "rowcount", 0) == 1 else None


def claim_next(session: Session, now: datetime, settings: Settings) -> Claim | None:
    """Take the oldest build waiting (or abandoned past its lease) for this worker; None when there is none or
    another worker took it first."""
    found = next_waiting(session, now, settings)
    return take(session, found, now) if found is not None else None


def _problem(exc: AppError) -> dict[str, Any]:
    return {"rule": exc.rule, "detail": exc.detail, "status": exc.status_code, **exc.extra}


def make(
    session: Session, claim: Claim, catalogue: Catalogue, settings: Settings
) -> tuple[bytes | None, dict[str, Any] | None]:
    """The bundle's bytes, or the problem that stopped it; reads only."""
    build = session.get(BundleBuild, claim.build_id)
    req = session.get(FoiRequest, build.request_id) if build is not None else None
    if build is None or req is None:
        return None, {"rule": "bundle_gone", "detail": "The case or the build no longer exists."}
    try:
        built = bundle.build(session, req, catalogue, settings, public=False)
        if build.form == BuildForm.pdf.value:
            return bundle.checked_pdf(built), None
        bundle.require_clean(built)
        return bundle.zip_bytes(built), None
    except AppError as exc:
        return None, _problem(exc)


def _finish(
    session: Session,
    claim: Claim,
    now: datetime,
    *,
    key: str | None = None,
    size: int | None = None,
    problem: dict[str, Any] | None = None,
) -> bool:
    """Record the outcome, unless the lease passed and another worker has taken the build since."""
    done = session.execute(
        update(BundleBuild)
        .where(BundleBuild.id == claim.build_id, BundleBuild.attempts == claim.attempt)
        .values(
            state=BuildState.refused.value if problem is not None else BuildState.ready.value,
            finished_at=now,
            storage_key=key,
            size=size,
            problem=problem,
        )
    )
    return getattr(done, "rowcount", 0) == 1


def forget_old(session: Session, now: datetime, settings: Settings) -> int:
    """Delete builds finished longer ago than they are kept; their files are then unreferenced (prune.py)."""
    cutoff = now - timedelta(hours=settings.bundle_build_keep_hours)
    gone = session.execute(delete(BundleBuild).where(BundleBuild.finished_at < cutoff))
    return int(getattr(gone, "rowcount", 0) or 0)


Units = Callable[..., AbstractContextManager[Session]]


def run_pending(catalogue: Catalogue, settings: Settings, units: Units = session_scope) -> int:
    """Make every build waiting now, one at a time; returns how many this worker made or refused. Looking costs
    a read; only a build found is claimed in a unit that writes. `units` opens a unit of work (read_only=...)."""
    made = 0
    while True:
        with units(read_only=True) as session:
            if next_waiting(session, utcnow(), settings) is None:
                return made
        with units() as session:
            claim = claim_next(session, utcnow(), settings)
        if claim is None:
            continue  # another worker took it, or it was given up: look again
        try:
            with units(read_only=True) as session:
                data, problem = make(session, claim, catalogue, settings)
            key = storage.get_storage(settings).put(data) if data is not None else None
        except Exception:  # a fault in making one bundle must not stop the others; the log has the trace
            log.exception("bundle build %s failed", claim.build_id)
            data, key = None, None
            problem = {
                "rule": "bundle_failed",
                "detail": "Something went wrong while making it. Ask for the bundle again; if it fails again, "
                "tell your administrator (the worker's log says why).",
            }
        with units() as session:
            _finish(session, claim, utcnow(), key=key, size=len(data) if data is not None else None, problem=problem)
        made += 1


class BuildRunner(BackgroundLoop):
    """Makes waiting builds in a background thread: inside `foi serve` by default, or in `foi worker`."""

    name = "bundle-builds"

    def __init__(self, settings: Settings, units: Units = session_scope) -> None:
        self.settings, self.units = settings, units
        self.catalogue: Catalogue | None = None
        self.forgotten_at: datetime | None = None
        super().__init__()

    def run_pass(self) -> None:
        if self.catalogue is None:
            self.catalogue = load_catalogue(self.settings.exemptions_dir)
        run_pending(self.catalogue, self.settings, self.units)
        if self.forgotten_at is None or utcnow() - self.forgotten_at > FORGET_EVERY:
            with self.units() as session:
                forget_old(session, utcnow(), self.settings)
            self.forgotten_at = utcnow()

    def interval(self) -> float:
        return self.settings.bundle_build_poll_seconds
