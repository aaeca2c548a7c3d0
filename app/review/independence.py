"""Who carries out an internal review, and whether they were involved in the original decision.

s45 Code of Practice, section 5 (law.md section 6): the review is a fresh decision, handled where possible by
someone who was not involved in the original decision. Here "involved" means having made an initial decision on
one of the case's documents. An admin may let someone involved carry out the review, giving a reason; the letter
then makes no claim of independence.
"""

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app import timeutil
from app.audit.service import record
from app.audit.snapshot import snapshot
from app.auth.models import User
from app.document.models import Decision, Stage
from app.errors import Conflict, Unprocessable
from app.foi_request.models import FoiRequest
from app.foi_request.service import check_version
from app.review.models import InternalReview
from app.review.schemas import IndependenceOut, IndependenceOverrideOut
from app.schemas import UserRef

MAX_REASON = 2_000


@dataclass(frozen=True)
class Independence:
    """What the record shows about who carried out the review."""

    reviewer_id: int | None
    # Users who acted in the review (the reviewer, anyone who re-decided a document) and made an initial decision.
    involved: tuple[int, ...]
    overridden: bool

    @property
    def independent(self) -> bool:
        """True only when the record shows it: a known reviewer, no one involved, no override."""
        return self.reviewer_id is not None and not self.involved and not self.overridden


def initial_decision_makers(session: Session, request_id: int) -> set[int]:
    return set(
        session.scalars(
            select(Decision.decided_by_id).where(Decision.request_id == request_id, Decision.stage == Stage.initial)
        )
    )


def independence(session: Session, review: InternalReview) -> Independence:
    acted = set(
        session.scalars(
            select(Decision.decided_by_id).where(
                Decision.request_id == review.request_id, Decision.stage == Stage.internal_review
            )
        )
    )
    if review.reviewer_id is not None:
        acted.add(review.reviewer_id)
    involved = acted & initial_decision_makers(session, review.request_id)
    return Independence(
        reviewer_id=review.reviewer_id,
        involved=tuple(sorted(involved)),
        overridden=review.independence_override_reason is not None,
    )


def _user_ref(session: Session, user_id: int) -> UserRef:
    user = session.get(User, user_id)
    assert user is not None  # a foreign key
    return UserRef.model_validate(user)


def describe(session: Session, review: InternalReview) -> IndependenceOut:
    found = independence(session, review)
    override = None
    if review.independence_override_reason is not None:
        assert review.independence_override_by_id is not None
        assert review.independence_override_at is not None
        override = IndependenceOverrideOut(
            reason=review.independence_override_reason,
            by=_user_ref(session, review.independence_override_by_id),
            at=review.independence_override_at,
        )
    return IndependenceOut(
        reviewer=_user_ref(session, found.reviewer_id) if found.reviewer_id is not None else None,
        independent=found.independent,
        involved=[_user_ref(session, user_id) for user_id in found.involved],
        override=override,
    )


def take_part(session: Session, req: FoiRequest, review: InternalReview, actor: User) -> None:
    """`actor` is about to decide something in the review: refuse them if they made an initial decision (s45
    Code, section 5) unless an admin has overridden that, and record them as the reviewer if there is none yet."""
    if review.independence_override_reason is None and actor.id in initial_decision_makers(session, req.id):
        raise Conflict(
            f"You made an initial decision on {req.reference}, so you cannot carry out its internal review "
            "(reviewer_not_independent: the s45 Code of Practice, section 5, says the review should be handled by "
            "someone who was not involved in the original decision). Ask a colleague who made none of the initial "
            "decisions to carry out the review. If no one else can, an admin may allow it, recording the reason "
            "(the independence override on the review).",
            rule="reviewer_not_independent",
        )
    if review.reviewer_id is None:
        # Conditional, so two people starting the review at the same moment cannot both become its reviewer.
        session.execute(
            update(InternalReview)
            .where(InternalReview.id == review.id, InternalReview.reviewer_id.is_(None))
            .values(reviewer_id=actor.id)
            .execution_options(synchronize_session=False)
        )
        session.refresh(review, attribute_names=["reviewer_id"])


def override(
    session: Session, req: FoiRequest, review: InternalReview, reason: str | None, version: int | None, actor: User
) -> InternalReview:
    """An admin lets someone involved in the original decision carry out the review, and says why (audited)."""
    check_version(req, version, required=True)
    if review.outcome is not None:
        raise Conflict(
            f"The internal review of {req.reference} was decided on {review.decided_on}; who may carry it out can "
            "no longer change.",
            rule="internal_review_closed",
        )
    reason = (reason or "").strip()
    if not reason:
        raise Unprocessable(
            "Give a reason for the override: say why someone involved in the original decision must carry out "
            "this review (the s45 Code of Practice, section 5, expects someone who was not involved). The reason "
            "is kept on the review and in the audit log; it is not printed in the letter.",
            rule="override_reason_required",
        )
    if len(reason) > MAX_REASON:
        raise Unprocessable(
            f"The reason is {len(reason):,} characters; keep it to {MAX_REASON:,} or fewer.",
            rule="override_reason_too_long",
        )
    before = snapshot(review, InternalReview.AUDITED_OVERRIDE)
    review.independence_override_reason = reason
    review.independence_override_by_id = actor.id
    review.independence_override_at = timeutil.now()
    req.updated_at = timeutil.now()  # a new request version: a second admin working from the old one gets a 409
    session.flush()
    record(
        session,
        actor=actor,
        entity="internal_review",
        entity_id=review.id,
        action="independence_overridden",
        before=before,
        after=snapshot(review, InternalReview.AUDITED_OVERRIDE),
        request_id=req.id,
    )
    return review
