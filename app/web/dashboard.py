"""The dashboard: my cases and the team's, due-soon and overdue counts, and lists to sort and filter."""

from dataclasses import dataclass, replace
from datetime import date
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app import timeutil
from app.auth.dependencies import SessionDep
from app.errors import AppError
from app.foi_request import clock, service, workload
from app.foi_request.models import FoiRequest, Status
from app.web.dependencies import SignedIn
from app.web.templating import render

router = APIRouter(include_in_schema=False)
DUE_SOON_WORKING_DAYS = 5
STATUS_NAMES = {
    "open": "Open",
    "on_hold_clarification": "On hold: clarification",
    "on_hold_fee": "On hold: fee",
    "responded": "Responded",
    "internal_review": "Internal review",
    "review_complete": "Review complete",
    "withdrawn": "Withdrawn",
    "lapsed": "Lapsed",
}
SORT_NAMES = {
    "due_on": "Due date (soonest first)",
    "-received_on": "Received (newest first)",
    "received_on": "Received (oldest first)",
}


@dataclass(frozen=True)
class Row:
    request: FoiRequest
    binding_due_on: date | None
    days_left: int | None


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(
    request: Request,
    session: SessionDep,
    user: SignedIn,
    scope: Literal["mine", "team"] | None = None,
    view: Literal["open", "overdue", "due_soon", "on_hold", "all"] = "open",
    status: Annotated[Status | None, Query()] = None,
    q: Annotated[str, Query(max_length=200)] = "",
    sort: Literal["due_on", "received_on", "-received_on"] = "due_on",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> HTMLResponse:
    today = timeutil.today()
    calendar = clock.calendar_for(session, clock.regime_or_422("foia"))
    due_soon_by = calendar.nth_working_day_after(today, DUE_SOON_WORKING_DAYS)
    if scope is None:
        scope = "mine" if user.role in ("officer", "admin") else "team"
    mine = workload.workload(session, today=today, due_soon_by=due_soon_by, assigned_to=user.id)
    team = workload.workload(session, today=today, due_soon_by=due_soon_by)

    statuses: list[Status] | None = {
        "open": [Status.open],
        "due_soon": [Status.open],
        "on_hold": [Status.on_hold_clarification, Status.on_hold_fee],
    }.get(view)
    filters = service.ListFilters(
        status=[status] if status is not None else statuses,
        overdue=True if view == "overdue" else (False if view == "due_soon" else None),
        due_before=calendar.nth_working_day_after(due_soon_by, 1) if view == "due_soon" else None,
        assigned_to=user.id if scope == "mine" else None,
        q=q.strip() or None,
        sort=sort,
        limit=25,
        cursor=cursor,
    )
    try:
        rows, next_cursor = service.list_requests(session, filters)
    except AppError:  # a cursor from another sort or a mangled one: start again from the first page
        rows, next_cursor = service.list_requests(session, replace(filters, cursor=None))
    calendars = {"foia": calendar}  # each row counts in its own regime's working days (FOISA: Scotland's)

    def row(r: FoiRequest) -> Row:
        if r.regime not in calendars:
            calendars[r.regime] = clock.calendar_for(session, clock.regime_or_422(r.regime))
        binding = r.extended_due_on or r.due_on
        return Row(r, binding, clock.working_days_left(calendars[r.regime], today, binding))

    listed = [row(r) for r in rows]
    query = {"scope": scope, "view": view, "q": q, "sort": sort} | ({"status": status.value} if status else {})
    return render(
        request,
        "dashboard.html",
        title="Dashboard",
        mine=mine,
        team=team,
        scope=scope,
        view=view,
        status=status.value if status else "",
        q=q,
        sort=sort,
        rows=listed,
        today=today,
        due_soon_by=due_soon_by,
        awaiting=workload.awaiting_decisions(session) if user.role in ("reviewer", "qualified_person") else [],
        next_url=f"/dashboard?{urlencode(query | {'cursor': next_cursor})}" if next_cursor else None,
        link=lambda **changes: "/dashboard?" + urlencode({k: v for k, v in (query | changes).items() if v}),
        status_names=STATUS_NAMES,
        sort_names=SORT_NAMES,
    )
