"""The statistics page: timeliness against the ICO's 90%, outcomes, resolvable requests, where requests stand,
exemptions and open cases by age, as SVG charts with the data table behind each one (the figures are the API's,
app/statistics)."""

from datetime import date
from typing import Annotated

from dateutil.relativedelta import relativedelta
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from app import timeutil
from app.auth.dependencies import SessionDep
from app.statistics import charts
from app.statistics.ageing import open_by_age
from app.statistics.router import csv_download
from app.statistics.service import GroupBy, compute
from app.web.dependencies import SignedIn
from app.web.forms import FormErrors, date_parts, read_date, typed_date
from app.web.templating import render

router = APIRouter(include_in_schema=False)


def _default_range(today: date) -> tuple[date, date]:
    """The last twelve whole months and this one so far."""
    start = (today - relativedelta(months=12)).replace(day=1)
    return start, today


@router.get("/statistics", response_class=HTMLResponse)
def statistics_page(request: Request, session: SessionDep, _user: SignedIn) -> HTMLResponse:
    today = timeutil.today()
    params = {k: v[:10] for k, v in request.query_params.items()}
    errors = FormErrors()
    start, end = _default_range(today)
    if any(k.startswith("from-") for k in params):
        start = read_date(params, "from", "the first day", errors) or start
        end = read_date(params, "to", "the last day", errors) or end
        if not errors and end < start:
            errors.add("to", "The last day must be the same as or after the first day")
    if errors:
        start, end = _default_range(today)
    months = compute(session, start, end, "month")
    teams = compute(session, start, end, "team")
    ages = open_by_age(session, today)
    received = sum(p.received for p in months)
    resolved = sum(p.resolved for p in months)
    answered = sum(p.in_time + p.late for p in months)
    in_time = sum(p.in_time for p in months)
    resolvable = sum(p.resolvable.total for p in months)
    granted = sum(p.resolvable.granted_in_full for p in months)
    return render(
        request,
        "statistics.html",
        status_code=422 if errors else 200,
        title="Statistics",
        errors=errors or None,
        start=start,
        end=end,
        form={
            "from": typed_date(params, "from") if errors else date_parts(start),
            "to": typed_date(params, "to") if errors else date_parts(end),
        },
        received=received,
        resolved=resolved,
        in_time_percent=round(100 * in_time / answered, 1) if answered else None,
        resolvable=resolvable,
        granted_percent=round(100 * granted / resolvable, 1) if resolvable else None,
        open_now=ages.total,
        charts=[
            charts.on_time_chart(months),
            # Both sum over the periods given, so the months serve: each request falls in exactly one.
            charts.outcomes_chart(months),
            charts.resolvable_chart(months),
            charts.status_chart(months),
            charts.exemptions_chart(months, limit=15),
            charts.open_by_age_chart(ages.bands),
        ],
        teams=teams,
        csv_query=f"from={start.isoformat()}&to={end.isoformat()}",
    )


@router.get("/statistics.csv")
def statistics_csv(
    session: SessionDep,
    _user: SignedIn,
    start: Annotated[date, Query(alias="from")],
    end: Annotated[date, Query(alias="to")],
    group_by: GroupBy = "month",
) -> Response:
    return csv_download(session, start, end, group_by)
