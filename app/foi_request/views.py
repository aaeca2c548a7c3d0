"""Turn stored cases into API responses."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.models import User
from app.deadline import ClockStep
from app.foi_request.models import FoiRequest
from app.foi_request.schemas import ClockStepOut, InternalReviewOut, RequesterOut, RequestOut
from app.review.models import InternalReview
from app.schemas import UserRef


def request_out(session: Session, req: FoiRequest) -> RequestOut:
    review = session.scalar(select(InternalReview).where(InternalReview.request_id == req.id))
    assignee = session.get(User, req.assigned_to_id) if req.assigned_to_id else None
    return RequestOut(
        id=req.id,
        reference=req.reference,
        regime=req.regime,
        title=req.title,
        received_on=req.received_on,
        status=req.status,
        outcome=req.outcome,
        assigned_to_id=req.assigned_to_id,
        due_on=req.due_on,
        extended_due_on=req.extended_due_on,
        responded_on=req.responded_on,
        version=req.version,
        school=req.school,
        date_of_receipt=req.date_of_receipt,
        request_text=req.request_text,
        requester=RequesterOut.model_validate(req.requester),
        assigned_to=UserRef.model_validate(assignee) if assignee else None,
        timeliness=req.timeliness,
        calendar_version=req.calendar_version,
        internal_review=InternalReviewOut.model_validate(review) if review else None,
        created_at=req.created_at,
        updated_at=req.updated_at,
    )


def clock_steps_out(steps: Sequence[ClockStep]) -> list[ClockStepOut]:
    """The clock's day-by-day working, for a case's clock and the what-if calculator alike."""
    return [
        ClockStepOut(
            on=s.on, kind=s.kind, description=s.description, working_day=s.working_day, nations=list(s.nations)
        )
        for s in steps
    ]
