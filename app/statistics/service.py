"""FOI statistics in the Cabinet Office's categories (law.md 11), aggregated in SQL, by period of receipt.

Each figure counts requests *received* in the period (the bulletins' cohort view); internal reviews count by
the period they were requested in. Definitions are in the README ("Statistics").
"""

import statistics
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from sqlalchemy import Integer, String, and_, case, cast, distinct, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.document.models import Decision, DecisionCitation, Stage
from app.errors import Unprocessable
from app.foi_request.models import FoiRequest, Outcome, Status
from app.review.models import InternalReview

GroupBy = Literal["quarter", "month"]
RESOLVED = (Status.responded, Status.internal_review, Status.review_complete)


@dataclass
class Period:
    period: str
    received: int = 0
    resolved: int = 0
    in_time: int = 0
    in_time_extended: int = 0
    late: int = 0
    granted_in_full: int = 0
    partially_withheld: int = 0
    withheld_in_full: int = 0
    not_held: int = 0
    ncnd: int = 0
    refused_s12: int = 0
    refused_s14: int = 0
    advice_only: int = 0
    withdrawn: int = 0
    lapsed: int = 0
    open: int = 0
    exemptions: dict[str, int] = field(default_factory=dict)
    internal_reviews: dict[str, int] = field(
        default_factory=lambda: {
            "received": 0,
            "upheld": 0,
            "upheld_in_part": 0,
            "overturned": 0,
            "in_time": 0,
            "in_time_40": 0,
            "open": 0,
        }
    )
    median_working_days: float | None = None
    in_time_percent: float | None = None


def period_of(column: Any, group_by: GroupBy, dialect: str) -> ColumnElement[str]:
    """'2025-Q2' or '2025-04' from a date column, in SQL."""
    if dialect == "postgresql":
        if group_by == "month":
            return func.to_char(column, "YYYY-MM")
        return func.to_char(column, "YYYY") + literal("-Q") + func.to_char(column, "Q")
    if group_by == "month":
        return func.strftime("%Y-%m", column)
    quarter = (cast(func.strftime("%m", column), Integer) + 2) // 3
    return func.strftime("%Y", column) + literal("-Q") + cast(quarter, String)


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def compute(session: Session, start: date, end: date, group_by: GroupBy) -> list[Period]:
    if end < start:
        raise Unprocessable(f"'to' ({end}) is before 'from' ({start}).", rule="bad_period")
    dialect = session.get_bind().dialect.name
    periods: dict[str, Period] = {}
    r = FoiRequest
    p = period_of(r.received_on, group_by, dialect).label("period")
    in_range = and_(r.received_on >= start, r.received_on <= end)
    outcome = {o: _count(r.outcome == o.value) for o in Outcome}
    rows = session.execute(
        select(
            p,
            func.count().label("received"),
            _count(r.status.in_(RESOLVED)).label("resolved"),
            _count(r.timeliness == "in_time").label("in_time"),
            _count(r.timeliness == "in_time_extended").label("in_time_extended"),
            _count(r.timeliness == "late").label("late"),
            _count(r.status == Status.withdrawn).label("withdrawn"),
            _count(r.status == Status.lapsed).label("lapsed"),
            _count(r.status.in_([Status.open, Status.on_hold_clarification, Status.on_hold_fee])).label("open"),
            *[expr.label(o.value) for o, expr in outcome.items()],
        )
        .where(in_range)
        .group_by(p)
        .order_by(p)
    ).mappings()
    for row in rows:
        period = Period(period=row["period"])
        for key in ("received", "resolved", "in_time", "in_time_extended", "late", "withdrawn", "lapsed", "open"):
            setattr(period, key, int(row[key] or 0))
        period.granted_in_full = int(row["granted_in_full"] or 0)
        period.partially_withheld = int(row["partly_withheld"] or 0)
        period.withheld_in_full = int(row["withheld_in_full"] or 0)
        for key in ("not_held", "ncnd", "refused_s12", "refused_s14", "advice_only"):
            setattr(period, key, int(row[key] or 0))
        periods[period.period] = period
    # "In time" includes permitted extensions (Cabinet Office); the percentage is of requests answered.
    for period in periods.values():
        answered = period.in_time + period.in_time_extended + period.late
        period.in_time += period.in_time_extended
        period.in_time_percent = round(100 * period.in_time / answered, 1) if answered else None
    _exemptions(session, periods, p, in_range)
    _medians(session, periods, p, in_range, dialect)
    _reviews(session, periods, start, end, group_by, dialect)
    return [periods[k] for k in sorted(periods)]


def _exemptions(session: Session, periods: dict[str, Period], p: Any, in_range: Any) -> None:
    """Requests citing each exemption in the initial decision (a request counts once per code)."""
    rows = session.execute(
        select(p, DecisionCitation.code, func.count(distinct(Decision.request_id)))
        .join(Decision, Decision.id == DecisionCitation.decision_id)
        .join(FoiRequest, FoiRequest.id == Decision.request_id)
        .where(in_range, Decision.stage == Stage.initial, FoiRequest.status.in_(RESOLVED))
        .group_by(p, DecisionCitation.code)
    ).all()
    for period, code, count in rows:
        if period in periods:
            periods[period].exemptions[code] = int(count)


def _medians(session: Session, periods: dict[str, Period], p: Any, in_range: Any, dialect: str) -> None:
    answered = and_(in_range, FoiRequest.working_days_taken.is_not(None), FoiRequest.status.in_(RESOLVED))
    if dialect == "postgresql":
        median = func.percentile_cont(0.5).within_group(FoiRequest.working_days_taken)
        for period, value in session.execute(select(p, median).where(answered).group_by(p)).all():
            if period in periods and value is not None:
                periods[period].median_working_days = float(value)
        return
    # SQLite (the embedded default, small by nature) has no median aggregate.
    values: dict[str, list[int]] = {}
    for period, taken in session.execute(select(p, FoiRequest.working_days_taken).where(answered)).all():
        values.setdefault(period, []).append(int(taken))
    for period, taken in values.items():
        if period in periods:
            periods[period].median_working_days = float(statistics.median(taken))


def _reviews(
    session: Session, periods: dict[str, Period], start: date, end: date, group_by: GroupBy, dialect: str
) -> None:
    ir = InternalReview
    p = period_of(ir.requested_on, group_by, dialect).label("period")
    rows = session.execute(
        select(
            p,
            func.count(),
            _count(ir.outcome == "upheld"),
            _count(ir.outcome == "upheld_in_part"),
            _count(ir.outcome == "overturned"),
            _count(ir.decided_on <= ir.due_on),
            _count(ir.decided_on <= ir.extended_due_on),
            _count(ir.outcome.is_(None)),
        )
        .where(ir.requested_on >= start, ir.requested_on <= end)
        .group_by(p)
    ).all()
    for period, received, upheld, in_part, overturned, in_time, in_40, still_open in rows:
        target = periods.setdefault(period, Period(period=period))
        target.internal_reviews = {
            "received": int(received),
            "upheld": int(upheld or 0),
            "upheld_in_part": int(in_part or 0),
            "overturned": int(overturned or 0),
            "in_time": int(in_time or 0),
            "in_time_40": int(in_40 or 0),
            "open": int(still_open or 0),
        }


def as_rows(periods: list[Period]) -> tuple[list[str], list[list[Any]]]:
    """Flat columns for CSV: the scalar figures, then one column per exemption and per review figure."""
    codes = sorted({code for p in periods for code in p.exemptions})
    scalar = [
        "period",
        "received",
        "resolved",
        "in_time",
        "in_time_extended",
        "late",
        "in_time_percent",
        "granted_in_full",
        "partially_withheld",
        "withheld_in_full",
        "not_held",
        "ncnd",
        "refused_s12",
        "refused_s14",
        "advice_only",
        "withdrawn",
        "lapsed",
        "open",
        "median_working_days",
    ]
    reviews = ["received", "upheld", "upheld_in_part", "overturned", "in_time", "in_time_40", "open"]
    header = scalar + [f"internal_reviews_{k}" for k in reviews] + [f"exemption {c}" for c in codes]
    body = [
        [getattr(p, k) for k in scalar]
        + [p.internal_reviews[k] for k in reviews]
        + [p.exemptions.get(c, 0) for c in codes]
        for p in periods
    ]
    return header, body
