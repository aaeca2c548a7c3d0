from typing import Annotated

from fastapi import APIRouter, Query

from app.auth.dependencies import CurrentUser, SessionDep
from app.calculator.schemas import DeadlineOut
from app.calculator.service import WhatIf, parse_date, what_if
from app.foi_request.views import clock_steps_out

router = APIRouter(prefix="/api/v1/deadlines", tags=["deadlines"])


@router.get("", response_model=DeadlineOut)
def calculate_deadline(
    session: SessionDep,
    _user: CurrentUser,
    regime: Annotated[str | None, Query(description="foia, eir, foisa, school or archives")] = None,
    received_on: Annotated[str | None, Query(description="YYYY-MM-DD; any date the calendar covers")] = None,
    school: Annotated[str | None, Query(description="The school's term-date calendar (school regime only)")] = None,
) -> DeadlineOut:
    """What if a request arrived on this day: when would it be due? The working, day by day; nothing is stored."""
    return deadline_out(what_if(session, regime, parse_date(received_on), school))


def deadline_out(answer: WhatIf) -> DeadlineOut:
    result = answer.result
    assert result.due_on is not None  # no events: the clock runs, so there is a due date
    return DeadlineOut(
        regime=answer.regime.code,
        regime_name=answer.regime.name,
        legal_basis=answer.regime.legal_basis,
        school=answer.school.slug if answer.school else None,
        school_name=answer.school.name if answer.school else None,
        received_on=result.received_on,
        date_of_receipt=result.date_of_receipt,
        day_one=result.day_one,
        due_on=result.due_on,
        outer_limit_on=result.outer_limit_on,
        code_2018_due_on=result.code_2018_due_on if result.code_2018_due_on != result.due_on else None,
        calendar_from=answer.calendar_from,
        calendar_to=answer.calendar_to,
        calendar_version=result.calendar_version,
        warnings=list(answer.notes),
        steps=clock_steps_out(result.steps),
        explanation=[s.description for s in result.steps],
    )
