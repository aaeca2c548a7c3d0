"""What follows when a case's clock changes, in one explicit place: its status, from the clock and any internal
review, and then the reminders planned against a deadline or a state the case has left, cancelled.

Every service that changes a case's clock (its events, an edit of its dates or regime, opening or deciding its
review) calls `clock_changed` after the change; nothing else sets a request's status. It sits above the domain
packages it joins (requests, reviews, reminders), so none of them reaches into another behind a late import."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import get_settings
from app.deadline import ClockResult
from app.foi_request.models import FoiRequest, Status
from app.reminder.planner import cancel_stale
from app.reminder.rules import load_rules
from app.review.models import InternalReview


def status_after(result: ClockResult, review: InternalReview | None) -> Status:
    """The case's status: the clock's, except that a response under internal review is under review (or its
    review complete once the review has an outcome)."""
    status = Status(result.status)
    if status is Status.responded and review is not None:
        return Status.review_complete if review.outcome else Status.internal_review
    return status


def clock_changed(session: Session, req: FoiRequest, result: ClockResult) -> None:
    """Set the status the clock now gives, then cancel the reminders that no longer fit."""
    review = session.scalar(select(InternalReview).where(InternalReview.request_id == req.id))
    req.status = status_after(result, review)
    session.flush()
    cancel_stale(session, load_rules(get_settings().reminder_rules), request_id=req.id)
