"""Internal reviews: opened on the requester's request, re-decided per document, then decided as a whole."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import timeutil
from app.audit.service import record
from app.audit.snapshot import snapshot
from app.auth.models import User
from app.deadline import review_clock
from app.document.models import DecisionOutcome, Stage
from app.document.service import WITHHOLDING, decisions_by_document, list_documents
from app.errors import Conflict, Unprocessable
from app.foi_request import clock
from app.foi_request.models import FoiRequest, Status
from app.foi_request.service import check_version
from app.lifecycle import clock_changed
from app.review import independence
from app.review.models import InternalReview, ReviewOutcome
from app.review.schemas import DocumentChange, ReviewOpen, ReviewOutcomeIn


def _record_case_state(session: Session, req: FoiRequest, before: dict[str, object], actor: User) -> None:
    """The case's own state, audited when a review moves it: `foi audit verify` holds each case row to its last
    audited snapshot."""
    after = snapshot(req)
    if after != before:
        record(
            session,
            actor=actor,
            entity="request",
            entity_id=req.id,
            action="status_changed",
            before=before,
            after=after,
            request_id=req.id,
        )


def get_review(session: Session, request_id: int) -> InternalReview | None:
    return session.scalar(select(InternalReview).where(InternalReview.request_id == request_id))


def released_stage(session: Session, req: FoiRequest) -> Stage:
    """The decisions that stand, and so what letters, the annex and the bundle release: the internal review's once
    it has an outcome, the initial ones until then."""
    review = get_review(session, req.id)
    return Stage.internal_review if review is not None and review.outcome else Stage.initial


def working_stage(session: Session, req: FoiRequest) -> Stage:
    """The stage reviewers decide and redact at: the internal review's from the day it is opened."""
    return Stage.internal_review if get_review(session, req.id) is not None else Stage.initial


def open_review(session: Session, req: FoiRequest, data: ReviewOpen, actor: User) -> tuple[InternalReview, list[str]]:
    check_version(req, data.version)
    if get_review(session, req.id) is not None:
        raise Conflict(f"Request {req.reference} already has an internal review.", rule="review_exists")
    if req.status != Status.responded or req.responded_on is None:
        raise Conflict(
            f"Request {req.reference} is {req.status}: an internal review reviews a response, so record the "
            "'responded' event first.",
            rule="review_before_response",
        )
    if data.requested_on < req.responded_on:
        raise Unprocessable(
            f"requested_on {data.requested_on} is before the response ({req.responded_on}).",
            rule="review_before_response",
        )
    if data.requested_on > timeutil.today():
        raise Unprocessable(f"requested_on {data.requested_on} is in the future.", rule="review_in_future")
    regime = clock.regime_or_422(req.regime)
    rc = review_clock(regime, data.requested_on, req.responded_on, clock.calendar_for(session, regime))
    review = InternalReview(
        request_id=req.id,
        requested_on=rc.requested_on,
        due_on=rc.due_on,
        extended_due_on=rc.extended_due_on,
        request_window_ends_on=rc.request_window_ends_on,
        late_request=rc.late_request,
        opened_by_id=actor.id,
    )
    session.add(review)
    case_before = snapshot(req)
    req.status = Status.internal_review
    req.updated_at = timeutil.now()
    session.flush()
    warnings = []
    if rc.late_request:
        warnings.append(
            f"The review was requested on {rc.requested_on}, after the {regime.review.request_window_working_days} "
            f"working days that ended on {rc.request_window_ends_on}; it is accepted but flagged as late."
        )
    record(
        session,
        actor=actor,
        entity="internal_review",
        entity_id=review.id,
        action="opened",
        after=snapshot(review),
        request_id=req.id,
    )
    _record_case_state(session, req, case_before, actor)
    return review, warnings


def document_changes(session: Session, req: FoiRequest) -> list[DocumentChange]:
    initial = decisions_by_document(session, req.id, Stage.initial)
    review = decisions_by_document(session, req.id, Stage.internal_review)
    changes = []
    for doc in list_documents(session, req.id):
        before, after = initial.get(doc.id), review.get(doc.id)
        before_codes = sorted(c.code for c in before.citations) if before else []
        after_codes = sorted(c.code for c in after.citations) if after else before_codes
        after_outcome = after.outcome if after else (before.outcome if before else None)
        changes.append(
            DocumentChange(
                document_id=doc.id,
                item=doc.item,
                initial=before.outcome if before else None,
                review=after.outcome if after else None,
                initial_exemptions=before_codes,
                review_exemptions=after_codes,
                changed=after is not None
                and (after_outcome != (before.outcome if before else None) or after_codes != before_codes),
            )
        )
    return changes


def suggest_review_outcome(changes: list[DocumentChange]) -> ReviewOutcome | None:
    """Upheld if nothing changed; overturned if everything withheld is now disclosed; otherwise upheld in part."""
    if not changes:
        return None
    if not any(c.changed for c in changes):
        return ReviewOutcome.upheld
    withheld_before = [c for c in changes if c.initial in WITHHOLDING]
    released = all((c.review or c.initial) == DecisionOutcome.disclosed for c in withheld_before)
    if withheld_before and released:
        return ReviewOutcome.overturned
    return ReviewOutcome.upheld_in_part


def decide_review(session: Session, req: FoiRequest, data: ReviewOutcomeIn, actor: User) -> InternalReview:
    check_version(req, data.version, required=True)
    review = get_review(session, req.id)
    if review is None:
        raise Conflict(f"Request {req.reference} has no internal review to decide.", rule="no_internal_review")
    if review.outcome is not None:
        raise Conflict(
            f"The internal review of {req.reference} was already decided ({review.outcome}, {review.decided_on}).",
            rule="internal_review_closed",
        )
    if data.decided_on < review.requested_on:
        raise Unprocessable(
            f"decided_on {data.decided_on} is before the review was requested ({review.requested_on}).",
            rule="review_decided_before_request",
        )
    if data.decided_on > timeutil.today():
        raise Unprocessable(f"decided_on {data.decided_on} is in the future.", rule="review_in_future")
    before = snapshot(review)
    independence.take_part(session, req, review, actor)
    case_before = snapshot(req)
    review.outcome = data.outcome
    review.decided_on = data.decided_on
    clock_changed(session, req, clock.refresh(session, req))
    session.flush()
    record(
        session,
        actor=actor,
        entity="internal_review",
        entity_id=review.id,
        action="decided",
        before=before,
        after=snapshot(review),
        request_id=req.id,
    )
    _record_case_state(session, req, case_before, actor)
    return review
