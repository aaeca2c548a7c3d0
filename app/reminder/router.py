from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from sqlalchemy import select

from app.auth.dependencies import CurrentUser, SessionDep
from app.foi_request.dependencies import ReadableRequest
from app.reminder.models import Reminder
from app.schemas import OutModel

router = APIRouter(prefix="/api/v1", tags=["reminders"])
ReminderStatus = Literal["pending", "sent", "failed", "cancelled"]


class ReminderOut(OutModel):
    id: int
    request_id: int
    rule: str
    target_on: date
    deadline_on: date | None
    planned_on: date
    recipient_email: str
    subject: str | None
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    sent_at: datetime | None


@router.get("/reminders", response_model=list[ReminderOut])
def list_reminders(
    session: SessionDep,
    _user: CurrentUser,
    status: ReminderStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[ReminderOut]:
    """Reminders in the outbox, newest first, optionally by status (pending, sent, failed, cancelled)."""
    stmt = select(Reminder).order_by(Reminder.id.desc()).limit(limit)
    if status is not None:
        stmt = stmt.where(Reminder.status == status)
    return [ReminderOut.model_validate(r) for r in session.scalars(stmt)]


@router.get("/requests/{request_id}/reminders", response_model=list[ReminderOut])
def case_reminders(req: ReadableRequest, session: SessionDep) -> list[ReminderOut]:
    """The reminders of one case."""
    rows = session.scalars(select(Reminder).where(Reminder.request_id == req.id).order_by(Reminder.id))
    return [ReminderOut.model_validate(r) for r in rows]
