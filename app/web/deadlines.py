"""The deadline calculator page: when would a request received on a given day be due, with the working shown day by
day. The answer is the API's (app/calculator), so the page and GET /api/v1/deadlines never disagree."""

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.auth.dependencies import SessionDep
from app.calculator.service import WhatIf, what_if
from app.deadline import SchoolCalendar, load_regimes, load_school_calendars
from app.deadline.calendar import FIRST_DAY, LAST_DAY
from app.errors import AppError
from app.web.dependencies import SignedIn
from app.web.forms import FormErrors, read_date, typed_date
from app.web.templating import render

router = APIRouter(include_in_schema=False)

FIELD_BY_RULE = {
    "regime_required": "regime",
    "unknown_regime": "regime",
    "school_calendar_required": "school",
    "school_not_applicable": "school",
    "date_out_of_range": "received",
    "school_calendar_incomplete": "received",
}


def _long(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


MESSAGES = {
    "regime_required": "Select which law the request falls under",
    "unknown_regime": "Select which law the request falls under",
    "school_calendar_required": "Select the school: its term dates decide which days count",
    "school_not_applicable": "Select “Not a school”, or choose the school regime for a school’s request",
    "date_out_of_range": (
        f"Enter a date from {_long(FIRST_DAY)} to {_long(LAST_DAY)}, whose due date falls by then too: the "
        "working-day calendar covers those days"
    ),
}


def _message(exc: AppError, school: SchoolCalendar | None) -> str:
    if exc.rule == "school_calendar_incomplete" and school is not None:
        first, last = school.coverage
        return (
            f"The term dates of {school.name} cover {_long(first)} to {_long(last)}: enter a date in those years, or "
            "ask an admin to add the school's later term dates"
        )
    return MESSAGES.get(exc.rule or "", exc.detail)


@router.get("/deadlines", response_class=HTMLResponse)
def deadline_calculator(request: Request, session: SessionDep, _user: SignedIn) -> HTMLResponse:
    params = {k: v[:40] for k, v in request.query_params.items()}
    regimes = sorted(load_regimes().values(), key=lambda r: (r.code != "foia", r.name))
    schools = load_school_calendars()
    form = {
        "regime": params.get("regime", "foia"),
        "school": params.get("school", ""),
        "received": typed_date(params, "received"),
    }
    errors = FormErrors()
    answer: WhatIf | None = None
    if "regime" in params or any(k.startswith("received-") for k in params):
        received = read_date(params, "received", "the date the request was received", errors)
        if received is not None:
            try:
                answer = what_if(session, params.get("regime"), received, params.get("school"))
            except AppError as exc:
                school = schools.get(params.get("school", ""))
                errors.add(FIELD_BY_RULE.get(exc.rule or ""), _message(exc, school))
        errors.in_page_order(["regime", "received", "school"])
    return render(
        request,
        "deadlines.html",
        status_code=422 if errors else 200,
        title=f"Due {_long(answer.result.due_on)}" if answer and answer.result.due_on else "Deadline calculator",
        errors=errors or None,
        form=form,
        regimes=regimes,
        schools=sorted(schools.values(), key=lambda s: s.name),
        answer=answer,
    )
