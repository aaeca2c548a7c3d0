from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app import timeutil
from app.auth.dependencies import CurrentUser, Officer, SessionDep
from app.dependencies import MAX_ID, VERSION_REQUIRED, IfMatch, RowId, with_if_match
from app.exemption.dependencies import CatalogueDep
from app.foi_request import clock, events, service
from app.foi_request.dependencies import ReadableRequest, WritableRequest
from app.foi_request.models import ClockEventRow, Status
from app.foi_request.schemas import (
    ClockOut,
    EventIn,
    EventOut,
    EventResult,
    RequestCreate,
    RequestOut,
    RequestSummary,
    RequestUpdate,
)
from app.foi_request.views import clock_steps_out, request_out
from app.schemas import Page

router = APIRouter(prefix="/api/v1/requests", tags=["requests"])


def _etag(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'


@router.post("", status_code=status.HTTP_201_CREATED, response_model=RequestOut)
def create_request(data: RequestCreate, session: SessionDep, user: Officer, response: Response) -> RequestOut:
    """Log a new request; its reference and statutory due date are worked out for you."""
    req = service.create_request(session, data, user)
    _etag(response, req.version)
    response.headers["Location"] = f"/api/v1/requests/{req.id}"
    return request_out(session, req)


@router.get("", response_model=Page[RequestSummary])
def list_requests(
    session: SessionDep,
    _user: CurrentUser,
    status_: Annotated[list[Status] | None, Query(alias="status")] = None,
    overdue: bool | None = None,
    due_before: date | None = None,
    due_after: date | None = None,
    assigned_to: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    regime: Annotated[str | None, Query(max_length=32)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Words in the title, request text or reference")] = None,
    sort: Annotated[str, Query(description="due_on, received_on or -received_on")] = "due_on",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Page[RequestSummary]:
    """List requests, filtered, in pages (pass next_cursor back as cursor)."""
    filters = service.ListFilters(
        status=status_,
        overdue=overdue,
        due_before=due_before,
        due_after=due_after,
        assigned_to=assigned_to,
        regime=regime,
        q=q or None,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    rows, next_cursor = service.list_requests(session, filters)
    return Page[RequestSummary](
        items=[RequestSummary.model_validate(r) for r in rows], next_cursor=next_cursor, limit=limit
    )


@router.get("/{request_id}", response_model=RequestOut)
def get_request(req: ReadableRequest, session: SessionDep, response: Response) -> RequestOut:
    """One request with its clock, requester and internal review."""
    _etag(response, req.version)
    return request_out(session, req)


@router.patch("/{request_id}", response_model=RequestOut, responses=VERSION_REQUIRED)
def update_request(
    data: RequestUpdate,
    req: WritableRequest,
    session: SessionDep,
    user: Officer,
    if_match: IfMatch,
    response: Response,
) -> RequestOut:
    """Change a request's details; send the version you read (body or If-Match)."""
    data = with_if_match(data, if_match)
    service.update_request(session, req, data, user)
    _etag(response, req.version)
    return request_out(session, req)


@router.get("/{request_id}/clock", response_model=ClockOut)
def explain_clock(req: ReadableRequest, session: SessionDep) -> ClockOut:
    """Show the working: how the due date follows from the date of receipt, day by day."""
    regime = clock.regime_or_422(req.regime)
    calendar = clock.calendar_for(session, regime)
    result = clock.evaluate(session, req, clock.to_clock_events(list(req.events)), explain=True, calendar=calendar)
    binding = result.extended_due_on or result.due_on
    remaining = clock.working_days_left(calendar, timeutil.today(), binding) if result.status == "open" else None
    steps = clock_steps_out(result.steps)
    return ClockOut(
        reference=req.reference,
        regime=regime.code,
        regime_name=regime.name,
        legal_basis=regime.legal_basis,
        status=result.status,
        received_on=result.received_on,
        date_of_receipt=result.date_of_receipt,
        day_one=result.day_one,
        due_on=result.due_on,
        extended_due_on=result.extended_due_on,
        extension_kind=result.extension_kind,
        superseded_due_on=list(result.superseded_due_on),
        fee_payment_deadline=result.fee_payment_deadline,
        clarification_lapse_on=result.clarification_lapse_on,
        working_days_used=result.working_days_used,
        working_days_remaining=remaining,
        responded_on=result.responded_on,
        working_days_taken=result.working_days_taken,
        timeliness=result.timeliness,
        code_2018_due_on=result.code_2018_due_on,
        outer_limit_on=result.outer_limit_on,
        warnings=list(result.warnings),
        calendar_version=result.calendar_version,
        steps=steps,
        explanation=[s.description for s in result.steps],
    )


@router.get("/{request_id}/events", response_model=list[EventOut])
def list_events(req: ReadableRequest) -> list[EventOut]:
    """The clock events recorded on a request, in the order they were entered."""
    return [_event_out(e) for e in req.events]


@router.post("/{request_id}/events", status_code=status.HTTP_201_CREATED, response_model=EventResult)
def add_event(
    data: EventIn,
    req: WritableRequest,
    session: SessionDep,
    user: Officer,
    catalogue: CatalogueDep,
    if_match: IfMatch,
    response: Response,
) -> EventResult:
    """Record a clarification, fee, extension, response, withdrawal or lapse; the due date is recomputed."""
    data = with_if_match(data, if_match)
    row, result = events.add_event(session, req, data, user, catalogue)
    _etag(response, req.version)
    return EventResult(event=_event_out(row), warnings=list(result.warnings), request=request_out(session, req))


@router.delete("/{request_id}/events/{event_id}", response_model=RequestOut)
def delete_event(
    event_id: RowId,
    req: WritableRequest,
    session: SessionDep,
    user: Officer,
    if_match: IfMatch,
    response: Response,
) -> RequestOut:
    """Remove an event entered in error; the clock is recomputed without it."""
    events.delete_event(session, req, event_id, user, if_match)
    _etag(response, req.version)
    return request_out(session, req)


def _event_out(row: ClockEventRow) -> EventOut:
    return EventOut(
        id=row.id,
        type=row.type,
        on=row.occurred_on,
        details=row.details or {},
        created_by_id=row.created_by_id,
        created_at=row.created_at,
    )
