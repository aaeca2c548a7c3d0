from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import Field

from app.auth.dependencies import Admin, CurrentUser, SessionDep
from app.deadline import NATIONS
from app.foi_request import clock
from app.holiday import service
from app.schemas import InModel, NonEmptyStr, OutModel

router = APIRouter(prefix="/api/v1/holidays", tags=["holidays"])


class HolidayIn(InModel):
    day: date
    name: Annotated[NonEmptyStr, Field(max_length=200)]
    nation: Annotated[str, Field(max_length=40, description="ENG, WLS, SCT or NIR (or the nation's name)")]


class HolidayAdditionOut(OutModel):
    id: int
    day: date
    name: str
    nation: str


class RecomputedOut(OutModel):
    reference: str
    due_on_before: date | None
    due_on_after: date | None
    what: str


class HolidayAdded(OutModel):
    holiday: HolidayAdditionOut
    recomputed: list[RecomputedOut]


class NonWorkingDayOut(OutModel):
    day: date
    name: str
    nations: list[str]


@router.get("", response_model=list[NonWorkingDayOut])
def list_non_working_days(
    session: SessionDep,
    _user: CurrentUser,
    year: Annotated[int, Query(ge=1990, le=2100)],
    regime: Annotated[str, Query(max_length=32)] = "foia",
) -> list[NonWorkingDayOut]:
    """Every weekday that is not a working day in a year for a regime, with its name and nations."""
    calendar = clock.calendar_for(session, clock.regime_or_422(regime))
    days = calendar.non_working_days(date(year, 1, 1), date(year, 12, 31))
    return [
        NonWorkingDayOut(day=h.day, name=h.name, nations=[NATIONS[n] for n in h.nations])
        for h in days
        if h.day.weekday() < 5
    ]


@router.get("/additions", response_model=list[HolidayAdditionOut])
def list_additions(session: SessionDep, _user: CurrentUser) -> list[HolidayAdditionOut]:
    """Holidays added by administrators on top of the holiday library."""
    return [HolidayAdditionOut.model_validate(r) for r in service.list_additions(session)]


@router.post("/additions", status_code=status.HTTP_201_CREATED, response_model=HolidayAdded)
def add_holiday(data: HolidayIn, session: SessionDep, admin: Admin) -> HolidayAdded:
    """Add a proclaimed bank holiday; open cases whose clock it touches are recomputed and audited."""
    row, changed = service.add_holiday(session, data.day, data.name, data.nation, admin)
    return HolidayAdded(
        holiday=HolidayAdditionOut.model_validate(row),
        recomputed=[RecomputedOut.model_validate(c) for c in changed],
    )
