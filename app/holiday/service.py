"""Bank holidays added by proclamation (BFDA 1971 s1(3)); adding one recomputes the open cases it touches."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.audit.service import record
from app.audit.snapshot import snapshot
from app.auth.models import User
from app.deadline import NATIONS, review_clock, uk_calendar
from app.errors import Conflict, Unprocessable
from app.foi_request import clock
from app.foi_request.models import FoiRequest, Status
from app.holiday.models import HolidayAdditionRow
from app.review.models import InternalReview

NATION_NAMES = {name.casefold(): code for code, name in NATIONS.items()} | {
    "england and wales": "ENG",
    "ni": "NIR",
    "scot": "SCT",
}


def nation_code(raw: str) -> str:
    code = raw.strip().upper()
    if code in NATIONS:
        return code
    by_name = NATION_NAMES.get(raw.strip().casefold())
    if by_name is None:
        choices = ", ".join(f"{c} ({n})" for c, n in NATIONS.items())
        raise Unprocessable(f"Unknown nation {raw!r}; use one of {choices}.", rule="unknown_nation")
    return by_name


@dataclass(frozen=True)
class Recomputed:
    reference: str
    due_on_before: date | None
    due_on_after: date | None
    what: str


def add_holiday(
    session: Session, day: date, name: str, nation: str, actor: User | None
) -> tuple[HolidayAdditionRow, list[Recomputed]]:
    code = nation_code(nation)
    if not name.strip():
        raise Unprocessable("Give the holiday a name, e.g. 'Coronation bank holiday'.", rule="holiday_name_required")
    if (
        session.scalar(
            select(HolidayAdditionRow.id).where(HolidayAdditionRow.day == day, HolidayAdditionRow.nation == code)
        )
        is not None
    ):
        raise Conflict(f"{day} is already recorded as a holiday in {NATIONS[code]}.", rule="duplicate_holiday")
    existing = uk_calendar((code,)).non_working_reason(day)
    if existing is not None and existing.nations and code in existing.nations:
        raise Conflict(
            f"{day} is already a bank holiday in {NATIONS[code]} ({existing.name}).", rule="duplicate_holiday"
        )
    row = HolidayAdditionRow(day=day, name=name.strip(), nation=code, created_by_id=actor.id if actor else None)
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        entity="holiday",
        entity_id=row.id,
        action="added",
        after={"day": day, "name": row.name, "nation": code},
    )
    return row, recompute_affected(session, day, code, actor, reason=f"holiday added: {day} {row.name} ({code})")


def recompute_affected(
    session: Session, day: date, nation: str, actor: User | None, *, reason: str
) -> list[Recomputed]:
    """law.md Q3: recompute the open cases whose clock runs over the new holiday, and log each change."""
    changed: list[Recomputed] = []
    binding = func.coalesce(FoiRequest.extended_due_on, FoiRequest.due_on)
    requests = session.scalars(
        select(FoiRequest)
        .where(
            FoiRequest.status.in_([Status.open, Status.on_hold_clarification, Status.on_hold_fee]),
            FoiRequest.date_of_receipt < day,
            or_(binding >= day, FoiRequest.due_on.is_(None)),
        )
        .with_for_update(of=FoiRequest)
    ).all()
    for req in requests:
        regime = clock.regime_or_422(req.regime)
        if nation not in regime.subdivisions:
            continue
        before = snapshot(req)
        was_due_on, was_extended_due_on = req.due_on, req.extended_due_on
        result = clock.refresh(session, req)
        if (result.due_on, result.extended_due_on) != (was_due_on, was_extended_due_on):
            record(
                session,
                actor=actor,
                entity="request",
                entity_id=req.id,
                action="clock_recomputed",
                before=before,
                after={**snapshot(req), "reason": reason},
                request_id=req.id,
            )
            changed.append(Recomputed(req.reference, was_due_on, req.due_on, "request"))
    reviews = session.execute(
        select(InternalReview, FoiRequest)
        .join(FoiRequest, FoiRequest.id == InternalReview.request_id)
        .where(
            InternalReview.outcome.is_(None),
            InternalReview.requested_on < day,
            and_(InternalReview.extended_due_on >= day),
        )
    ).all()
    for review, req in reviews:
        regime = clock.regime_or_422(req.regime)
        if nation not in regime.subdivisions:
            continue
        rc = review_clock(regime, review.requested_on, req.responded_on, clock.calendar_for(session, regime))
        if (rc.due_on, rc.extended_due_on) != (review.due_on, review.extended_due_on):
            before_review = {"due_on": review.due_on, "extended_due_on": review.extended_due_on}
            review.due_on, review.extended_due_on = rc.due_on, rc.extended_due_on
            record(
                session,
                actor=actor,
                entity="internal_review",
                entity_id=review.id,
                action="clock_recomputed",
                before=before_review,
                after={"due_on": rc.due_on, "extended_due_on": rc.extended_due_on, "reason": reason},
                request_id=req.id,
            )
            changed.append(Recomputed(req.reference, before_review["due_on"], rc.due_on, "internal_review"))
    session.flush()
    return changed


def list_additions(session: Session) -> list[HolidayAdditionRow]:
    return list(session.scalars(select(HolidayAdditionRow).order_by(HolidayAdditionRow.day)))
