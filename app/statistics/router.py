import csv
import io
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from app.auth.dependencies import CurrentUser, SessionDep
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


class PeriodOut(BaseModel):
    period: str
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
    open: int
    exemptions: dict[str, int]
    internal_reviews: InternalReviewFigures
    median_working_days: float | None


From = Annotated[date, Query(alias="from", description="First day of receipt counted (inclusive)")]
To = Annotated[date, Query(alias="to", description="Last day of receipt counted (inclusive)")]
Group = Annotated[GroupBy, Query(description="quarter or month")]


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
    header, body = as_rows(compute(session, start, end, group_by))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(body)
    filename = f"foi-statistics-{start}-{end}-{group_by}.csv"
    return Response(
        out.getvalue(), media_type="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
