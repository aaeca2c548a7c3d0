from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from app import timeutil
from app.auth.dependencies import CurrentUser, SessionDep
from app.downloads import content_disposition, csv_text
from app.statistics.ageing import open_by_age
from app.statistics.service import GroupBy, as_rows, compute

router = APIRouter(prefix="/api/v1", tags=["statistics"])


class InternalReviewFigures(BaseModel):
    received: int
    upheld: int
    upheld_in_part: int
    overturned: int
    in_time: int
    in_time_40: int
    open: int


class WithheldInFullReasons(BaseModel):
    exemption: int = Field(description="Withheld in full under an exemption (outcome withheld_in_full)")
    ncnd: int = Field(description="Neither confirmed nor denied under an exemption's NCND provision")
    cost_limit: int = Field(description="Refused as over the cost limit (FOIA s12; outcome refused_s12)")
    vexatious_or_repeated: int = Field(description="Refused as vexatious or repeated (FOIA s14; outcome refused_s14)")


class ResolvableFigures(BaseModel):
    total: int = Field(
        description="Answered requests on which a decision on release was possible (law.md 11.1): not held, advice "
        "and assistance only, withdrawn, lapsed, on hold and not yet assessed are excluded"
    )
    granted_in_full: int
    partially_withheld: int
    withheld_in_full: int = Field(description="Every reason: exemptions, NCND, cost limit (s12), vexatious (s14)")
    granted_in_full_percent: float | None = Field(
        description="granted_in_full ÷ total × 100, one decimal place; null when no request is resolvable"
    )
    withheld_in_full_reasons: WithheldInFullReasons


class PeriodOut(BaseModel):
    period: str = Field(description="'2025-Q2', '2025-04', or the whole range ('2025-01-01/2025-06-30') by team")
    team: str | None = Field(
        description="The assigned officer's team (group_by=team), or 'No team' (no officer assigned, or one without "
        "a team)"
    )
    received: int
    resolved: int
    in_time: int
    in_time_extended: int
    late: int
    in_time_percent: float | None
    granted_in_full: int
    partially_withheld: int
    withheld_in_full: int
    not_held: int
    ncnd: int
    refused_s12: int
    refused_s14: int
    advice_only: int
    withdrawn: int
    lapsed: int
    open: int = Field(description="Still open or on hold: on_hold + not_yet_assessed")
    on_hold: int = Field(description="Waiting for clarification (s1(3)) or a fee (s9): on_hold_clarification + fee")
    on_hold_clarification: int
    on_hold_fee: int
    not_yet_assessed: int = Field(description="Open, with the clock running and no response yet")
    resolvable: ResolvableFigures
    exemptions: dict[str, int]
    internal_reviews: InternalReviewFigures
    median_working_days: float | None


From = Annotated[date, Query(alias="from", description="First day of receipt counted (inclusive)")]
To = Annotated[date, Query(alias="to", description="Last day of receipt counted (inclusive)")]
Group = Annotated[GroupBy, Query(description="quarter, month or team (the assigned officer's team)")]


@router.get("/statistics", response_model=list[PeriodOut])
def get_statistics(
    session: SessionDep, _user: CurrentUser, start: From, end: To, group_by: Group = "quarter"
) -> list[PeriodOut]:
    """FOI statistics per period of receipt, in the Cabinet Office categories (definitions in the README)."""
    return [PeriodOut.model_validate(p, from_attributes=True) for p in compute(session, start, end, group_by)]


@router.get(
    "/statistics.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per period."}},
)
def get_statistics_csv(
    session: SessionDep, _user: CurrentUser, start: From, end: To, group_by: Group = "quarter"
) -> Response:
    """The same figures as CSV, one row per period and a column per exemption cited."""
    return csv_download(session, start, end, group_by)


def csv_download(session: Session, start: date, end: date, group_by: GroupBy) -> Response:
    """The figures as a CSV attachment: for the API and the statistics page's download links."""
    header, body = as_rows(compute(session, start, end, group_by), group_by)
    filename = f"foi-statistics-{start}-{end}-{group_by}.csv"
    return Response(
        csv_text(header, body),  # a team named "=HYPERLINK(...)" stays text
        media_type="text/csv",
        headers={"Content-Disposition": content_disposition("attachment", filename)},
    )


class AgeBandOut(BaseModel):
    label: str = Field(description="'0–10' … 'over 60' working days since the date of receipt")
    low: int
    high: int | None
    meaning: str
    total: int
    open: int
    on_hold: int = Field(description="Waiting for clarification or a fee: their age includes the time on hold")
    past_deadline: int = Field(description="Open cases past their due date (or extended due date) on 'on'")


class OpenByAgeOut(BaseModel):
    on: date
    total: int
    bands: list[AgeBandOut]


@router.get("/statistics/open-by-age", response_model=OpenByAgeOut)
def get_open_by_age(
    session: SessionDep,
    _user: CurrentUser,
    on: Annotated[date | None, Query(description="Day the ages are counted to (default today)")] = None,
) -> OpenByAgeOut:
    """Open and on-hold cases by working days since receipt, in bands around the statutory 20."""
    result = open_by_age(session, on or timeutil.today())
    return OpenByAgeOut.model_validate(result, from_attributes=True)
