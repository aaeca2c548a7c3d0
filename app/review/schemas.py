from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from app.foi_request.schemas import InternalReviewOut, RequestOut
from app.review.models import ReviewOutcome
from app.schemas import InModel, OutModel, UserRef


class ReviewOpen(InModel):
    requested_on: date
    version: int | None = Field(default=None, description="The request version you last read; stale gets 409.")


class ReviewOutcomeIn(InModel):
    outcome: ReviewOutcome
    decided_on: date
    version: int | None = None


class IndependenceOverrideIn(InModel):
    reason: Annotated[str, Field(max_length=20_000)] | None = Field(
        default=None,
        description="Why someone involved in the original decision must carry out the review (kept, audited; "
        "not printed in the letter).",
    )
    version: int | None = Field(default=None, description="The request version you last read; stale gets 409.")


class IndependenceOverrideOut(OutModel):
    reason: str
    by: UserRef
    at: datetime


class IndependenceOut(OutModel):
    """s45 Code of Practice, section 5: who carried out the review and whether they were involved before."""

    reviewer: UserRef | None = Field(description="Who carried out the review; none until someone decides in it.")
    independent: bool = Field(
        description="True when the record shows no one in the review made an initial decision, with no override."
    )
    involved: list[UserRef] = Field(description="People in the review who also made an initial decision.")
    override: IndependenceOverrideOut | None


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
    independence: IndependenceOut
    suggested_outcome: ReviewOutcome | None
    changes: list[DocumentChange]
    warnings: list[str]
    request: RequestOut
