from datetime import date, datetime
from typing import Annotated, Any

from pydantic import EmailStr, Field

from app.deadline.events import EventType
from app.foi_request.models import Outcome, Status
from app.schemas import InModel, NonEmptyStr, OutModel, UserRef


class RequesterIn(InModel):
    name: Annotated[NonEmptyStr, Field(max_length=200)]
    email: EmailStr | None = None
    phone: Annotated[str, Field(max_length=40, pattern=r"^[0-9+() .-]*$")] | None = Field(
        None, description="A telephone number, if the requester gave one (digits, spaces, + ( ) . -)."
    )
    postal_address: Annotated[str, Field(max_length=2000)] | None = None
    organisation: Annotated[str, Field(max_length=200)] | None = None


class RequesterOut(OutModel):
    name: str
    email: str | None
    phone: str | None = None
    postal_address: str | None
    organisation: str | None


class RequestCreate(InModel):
    regime: Annotated[str, Field(max_length=32)] = "foia"
    received_on: date
    title: Annotated[NonEmptyStr, Field(max_length=300)]
    request_text: Annotated[NonEmptyStr, Field(max_length=100_000)]
    requester: RequesterIn
    school: Annotated[str, Field(max_length=100)] | None = None
    assigned_to_id: int | None = None


class RequestUpdate(InModel):
    title: Annotated[NonEmptyStr, Field(max_length=300)] | None = None
    request_text: Annotated[NonEmptyStr, Field(max_length=100_000)] | None = None
    received_on: date | None = None
    regime: Annotated[str, Field(max_length=32)] | None = None
    school: Annotated[str, Field(max_length=100)] | None = None
    assigned_to_id: int | None = None
    requester: RequesterIn | None = None
    version: int | None = Field(default=None, description="The version you last read; a stale one gets 409.")


class InternalReviewOut(OutModel):
    requested_on: date
    due_on: date
    extended_due_on: date
    request_window_ends_on: date | None
    late_request: bool
    outcome: str | None
    decided_on: date | None
    timeliness: str | None = Field(description="in_time (20 WD), in_time_extended (40 WD) or late")


class RequestSummary(OutModel):
    id: int
    reference: str
    regime: str
    title: str
    received_on: date
    status: Status
    outcome: Outcome | None
    assigned_to_id: int | None
    due_on: date | None
    extended_due_on: date | None
    responded_on: date | None
    version: int


class RequestOut(RequestSummary):
    school: str | None
    date_of_receipt: date
    request_text: str
    requester: RequesterOut
    assigned_to: UserRef | None
    timeliness: str | None
    calendar_version: str
    internal_review: InternalReviewOut | None
    created_at: datetime
    updated_at: datetime


class EventIn(InModel):
    type: EventType
    on: date
    details: dict[str, Any] = Field(default_factory=dict)
    version: int | None = Field(default=None, description="The request version you last read; stale gets 409.")


class EventOut(OutModel):
    id: int
    type: str
    on: date
    details: dict[str, Any]
    created_by_id: int
    created_at: datetime


class EventResult(OutModel):
    event: EventOut
    warnings: list[str]
    request: RequestOut


class ClockStepOut(OutModel):
    on: date
    kind: str
    description: str
    working_day: int | None
    nations: list[str]


class ClockOut(OutModel):
    reference: str
    regime: str
    regime_name: str
    legal_basis: str
    status: str
    received_on: date
    date_of_receipt: date
    day_one: date | None
    due_on: date | None
    extended_due_on: date | None
    extension_kind: str | None
    superseded_due_on: list[date]
    fee_payment_deadline: date | None
    clarification_lapse_on: date | None
    working_days_used: int = Field(
        description="Working days the clock counts: to the response once responded, to the day it stopped while on "
        "hold (clarification or fee), and to the due date while it runs."
    )
    working_days_remaining: int | None = Field(
        description="While the clock runs: working days from today to the binding due date (extended if extended); "
        "negative when overdue. Null otherwise."
    )
    responded_on: date | None
    working_days_taken: int | None
    timeliness: str | None
    code_2018_due_on: date | None
    outer_limit_on: date | None
    warnings: list[str]
    calendar_version: str
    steps: list[ClockStepOut]
    explanation: list[str]
