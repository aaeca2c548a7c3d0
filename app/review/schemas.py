from datetime import date

from pydantic import Field

from app.foi_request.schemas import InternalReviewOut, RequestOut
from app.review.models import ReviewOutcome
from app.schemas import InModel, OutModel


class ReviewOpen(InModel):
    requested_on: date
    version: int | None = Field(default=None, description="The request version you last read; stale gets 409.")


class ReviewOutcomeIn(InModel):
    outcome: ReviewOutcome
    decided_on: date
    version: int | None = None


class DocumentChange(OutModel):
    document_id: int
    item: str
    initial: str | None
    review: str | None
    initial_exemptions: list[str]
    review_exemptions: list[str]
    changed: bool


class ReviewOut(OutModel):
    internal_review: InternalReviewOut
    suggested_outcome: ReviewOutcome | None
    changes: list[DocumentChange]
    warnings: list[str]
    request: RequestOut
