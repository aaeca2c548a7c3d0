"""What is on an officer's desk: open, overdue and due-soon counts, and cases waiting for a reviewer."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, case, exists, func, select
from sqlalchemy.orm import Session

from app.document.models import Decision, Document, Stage
from app.foi_request.models import FoiRequest, Status

ACTIVE = (Status.open, Status.on_hold_clarification, Status.on_hold_fee, Status.internal_review)


@dataclass(frozen=True)
class Workload:
    open: int
    overdue: int
    due_soon: int
    on_hold: int
    in_review: int


def workload(session: Session, *, today: date, due_soon_by: date, assigned_to: int | None = None) -> Workload:
    """Counts in one pass. Due soon: the binding date (an extension's, where made) from today to due_soon_by."""
    binding = func.coalesce(FoiRequest.extended_due_on, FoiRequest.due_on)
    is_open = FoiRequest.status == Status.open

    def count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    stmt = select(
        count_where(is_open),
        count_where(and_(is_open, binding < today)),
        count_where(and_(is_open, binding >= today, binding <= due_soon_by)),
        count_where(FoiRequest.status.in_([Status.on_hold_clarification, Status.on_hold_fee])),
        count_where(FoiRequest.status == Status.internal_review),
    ).where(FoiRequest.status.in_(ACTIVE))
    if assigned_to is not None:
        stmt = stmt.where(FoiRequest.assigned_to_id == assigned_to)
    row = session.execute(stmt).one()
    return Workload(*(int(v) for v in row))


def awaiting_decisions(session: Session, *, limit: int = 20) -> list[tuple[FoiRequest, int]]:
    """Open cases with documents not yet ruled on at the stage they are in, soonest due first."""
    stage = case((FoiRequest.status == Status.internal_review, Stage.internal_review.value), else_=Stage.initial.value)
    undecided = and_(
        Document.request_id == FoiRequest.id,
        ~exists().where(Decision.document_id == Document.id, Decision.stage == stage),
    )
    count = select(func.count(Document.id)).where(undecided).correlate(FoiRequest).scalar_subquery()
    stmt = (
        select(FoiRequest, count)
        .where(FoiRequest.status.in_([Status.open, Status.internal_review]), exists().where(undecided))
        .order_by(func.coalesce(FoiRequest.extended_due_on, FoiRequest.due_on).nulls_last(), FoiRequest.id)
        .limit(limit)
    )
    return [(req, int(n)) for req, n in session.execute(stmt).all()]
