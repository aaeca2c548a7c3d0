from fastapi import APIRouter, Response, status

from app.auth.dependencies import Admin, CurrentUser, Officer, SessionDep
from app.dependencies import VERSION_REQUIRED, IfMatch, with_if_match
from app.errors import NotFound
from app.foi_request.dependencies import ReadableRequest, WritableRequest
from app.foi_request.schemas import InternalReviewOut
from app.foi_request.views import request_out
from app.review import independence, service
from app.review.schemas import IndependenceOverrideIn, ReviewOpen, ReviewOut, ReviewOutcomeIn

router = APIRouter(prefix="/api/v1/requests/{request_id}/internal-review", tags=["internal review"])


def _review_out(session: SessionDep, req: WritableRequest, warnings: list[str]) -> ReviewOut:
    review = service.get_review(session, req.id)
    if review is None:
        raise NotFound(f"Request {req.reference} has no internal review.")
    changes = service.document_changes(session, req)
    return ReviewOut(
        internal_review=InternalReviewOut.model_validate(review),
        independence=independence.describe(session, review),
        suggested_outcome=service.suggest_review_outcome(changes),
        changes=changes,
        warnings=warnings,
        request=request_out(session, req),
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ReviewOut)
def open_review(
    data: ReviewOpen,
    req: WritableRequest,
    session: SessionDep,
    user: Officer,
    if_match: IfMatch,
    response: Response,
) -> ReviewOut:
    """Open the internal review the requester asked for; its due dates (20 and at most 40 working days) follow."""
    data = with_if_match(data, if_match)
    _, warnings = service.open_review(session, req, data, user)
    response.headers["ETag"] = f'"{req.version}"'
    return _review_out(session, req, warnings)


@router.get("", response_model=ReviewOut)
def get_review(req: ReadableRequest, session: SessionDep, _user: CurrentUser) -> ReviewOut:
    """The internal review, what it has changed per document, and the outcome those changes suggest."""
    return _review_out(session, req, [])


@router.put("/outcome", response_model=ReviewOut, responses=VERSION_REQUIRED)
def decide_review(
    data: ReviewOutcomeIn, req: WritableRequest, session: SessionDep, user: Officer, if_match: IfMatch
) -> ReviewOut:
    """Record the review's outcome: upheld, upheld in part or overturned; send the request's version."""
    data = with_if_match(data, if_match)
    service.decide_review(session, req, data, user)
    return _review_out(session, req, [])


@router.put("/independence-override", response_model=ReviewOut, responses=VERSION_REQUIRED)
def override_independence(
    data: IndependenceOverrideIn, req: WritableRequest, session: SessionDep, user: Admin, if_match: IfMatch
) -> ReviewOut:
    """Admins only: let someone involved in the original decision carry out the review, with a reason (audited)."""
    data = with_if_match(data, if_match)
    review = service.get_review(session, req.id)
    if review is None:
        raise NotFound(f"Request {req.reference} has no internal review.")
    independence.override(session, req, review, data.reason, data.version, user)
    return _review_out(session, req, [])
