"""FOI statistics in the Cabinet Office's categories (law.md 11), aggregated in SQL, by period of receipt.

Each figure counts requests *received* in the period (the bulletins' cohort view); internal reviews count by
the period they were requested in. Grouped by team, each row covers the whole range and the team is that of the
officer the case is assigned to when the query runs. Definitions are in the README ("Statistics").
"""

import statistics
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, TypeVar

from sqlalchemy import Integer, Select, String, and_, case, cast, distinct, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.auth.models import User
from app.deadline.regimes import exemption_regime
from app.document.models import Decision, DecisionCitation, Stage
from app.errors import Unprocessable
from app.exemption.codes import DEFAULT_REGIMES
from app.foi_request.models import FoiRequest, Outcome, Status
from app.review.models import InternalReview

GroupBy = Literal["quarter", "month", "team"]
NO_TEAM = "No team"
SelectT = TypeVar("SelectT", bound=Select[*tuple[Any, ...]])
RESOLVED = (Status.responded, Status.internal_review, Status.review_complete)
ON_HOLD = (Status.on_hold_clarification, Status.on_hold_fee)

# law.md 11.1 (Cabinet Office bulletins): a request is *resolvable* when a substantive decision on release was
# possible. Not held, advice and assistance only, lapsed, withdrawn, on hold and not yet processed are not. A refusal
# under s12 (cost limit) or s14 (vexatious or repeated) is a decision on release: the bulletins count it as
# withheld in full, with the reason given; so is neither confirm nor deny (an exemption's NCND provision, law.md 8),
# shown on its own line. law.md Q10 leaves NCND and the "procedural refusals" to confirm: change the mapping here.
WITHHELD_IN_FULL_REASONS: dict[Outcome, str] = {
    Outcome.withheld_in_full: "exemption",
    Outcome.ncnd: "ncnd",
    Outcome.refused_s12: "cost_limit",
    Outcome.refused_s14: "vexatious_or_repeated",
}
RESOLVABLE_OUTCOMES = (Outcome.granted_in_full, Outcome.partly_withheld, *WITHHELD_IN_FULL_REASONS)


def _no_reasons() -> dict[str, int]:
    return dict.fromkeys(WITHHELD_IN_FULL_REASONS.values(), 0)


@dataclass
class Resolvable:
    """Resolved requests on which a decision on release was possible (law.md 11.1), by initial outcome."""

    total: int = 0
    granted_in_full: int = 0
    partially_withheld: int = 0
    withheld_in_full: int = 0
    granted_in_full_percent: float | None = None
    withheld_in_full_reasons: dict[str, int] = field(default_factory=_no_reasons)


@dataclass
class Period:
    period: str
    team: str | None = None
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
    on_hold: int = 0
    on_hold_clarification: int = 0
    on_hold_fee: int = 0
    not_yet_assessed: int = 0
    resolvable: Resolvable = field(default_factory=Resolvable)
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


def team_of() -> ColumnElement[str]:
    """The assigned officer's team, or 'No team' (no officer, or an officer without a team)."""
    return func.coalesce(User.team, literal(NO_TEAM))


def _by_team(stmt: SelectT, group_by: GroupBy) -> SelectT:
    """Join the assigned officer when grouping by team (a case may have none, hence the outer join)."""
    if group_by != "team":
        return stmt
    return stmt.outerjoin(User, User.id == FoiRequest.assigned_to_id)


def period_of(column: Any, group_by: GroupBy, dialect: str) -> ColumnElement[str]:
    """'2025-Q2' or '2025-04' from a date column, in SQL; the team name when grouping by team."""
    if group_by == "team":
        return team_of()
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
    resolved = r.status.in_(RESOLVED)
    resolvable = {o: _count(and_(resolved, r.outcome == o.value)) for o in RESOLVABLE_OUTCOMES}
    totals = _by_team(
        select(
            p,
            func.count().label("received"),
            _count(r.status.in_(RESOLVED)).label("resolved"),
            _count(r.timeliness == "in_time").label("in_time"),
            _count(r.timeliness == "in_time_extended").label("in_time_extended"),
            _count(r.timeliness == "late").label("late"),
            _count(r.status == Status.withdrawn).label("withdrawn"),
            _count(r.status == Status.lapsed).label("lapsed"),
            _count(r.status.in_([Status.open, *ON_HOLD])).label("open"),
            _count(r.status == Status.on_hold_clarification).label("on_hold_clarification"),
            _count(r.status == Status.on_hold_fee).label("on_hold_fee"),
            _count(r.status == Status.open).label("not_yet_assessed"),
            *[expr.label(o.value) for o, expr in outcome.items()],
            *[expr.label(f"resolvable_{o.value}") for o, expr in resolvable.items()],
        ).select_from(r),
        group_by,
    )
    rows = session.execute(totals.where(in_range).group_by(p).order_by(p)).mappings()
    for row in rows:
        period = Period(period=row["period"])
        for key in (
            "received",
            "resolved",
            "in_time",
            "in_time_extended",
            "late",
            "withdrawn",
            "lapsed",
            "open",
            "on_hold_clarification",
            "on_hold_fee",
            "not_yet_assessed",
        ):
            setattr(period, key, int(row[key] or 0))
        period.on_hold = period.on_hold_clarification + period.on_hold_fee
        period.resolvable = _resolvable({o: int(row[f"resolvable_{o.value}"] or 0) for o in RESOLVABLE_OUTCOMES})
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
    _exemptions(session, periods, p, in_range, group_by)
    _medians(session, periods, p, in_range, dialect, group_by)
    _reviews(session, periods, start, end, group_by, dialect)
    if group_by != "team":
        return [periods[k] for k in sorted(periods)]
    # One row per team over the whole range, teams A-Z and the unassigned cases last.
    for team, period in periods.items():
        period.team, period.period = team, f"{start.isoformat()}/{end.isoformat()}"
    return [periods[k] for k in sorted(periods, key=lambda t: (t == NO_TEAM, t.casefold(), t))]


def _resolvable(counts: dict[Outcome, int]) -> Resolvable:
    reasons = {reason: counts[o] for o, reason in WITHHELD_IN_FULL_REASONS.items()}
    figures = Resolvable(
        granted_in_full=counts[Outcome.granted_in_full],
        partially_withheld=counts[Outcome.partly_withheld],
        withheld_in_full=sum(reasons.values()),
        withheld_in_full_reasons=reasons,
    )
    figures.total = figures.granted_in_full + figures.partially_withheld + figures.withheld_in_full
    # Cabinet Office Table 6a: the percentage of resolvable requests granted in full; none resolvable, no figure.
    if figures.total:
        figures.granted_in_full_percent = round(100 * figures.granted_in_full / figures.total, 1)
    return figures


def _exemptions(session: Session, periods: dict[str, Period], p: Any, in_range: Any, group_by: GroupBy) -> None:
    """Requests citing each exemption in the initial decision (a request counts once per code). FOISA's codes are
    its own (FOISA s30 is not FOIA s30), so they are counted as "FOISA s30(b)(i)"."""
    stmt = (
        select(p, FoiRequest.regime, DecisionCitation.code, func.count(distinct(Decision.request_id)))
        .join(Decision, Decision.id == DecisionCitation.decision_id)
        .join(FoiRequest, FoiRequest.id == Decision.request_id)
    )
    rows = session.execute(
        _by_team(stmt, group_by)
        .where(in_range, Decision.stage == Stage.initial, FoiRequest.status.in_(RESOLVED))
        .group_by(p, FoiRequest.regime, DecisionCitation.code)
    ).all()
    for period, regime, code, count in rows:
        if period in periods:
            catalogue_regime = exemption_regime(regime)
            key = code if catalogue_regime in DEFAULT_REGIMES else f"{catalogue_regime.upper()} {code}"
            figures = periods[period].exemptions
            figures[key] = figures.get(key, 0) + int(count)


def _medians(
    session: Session, periods: dict[str, Period], p: Any, in_range: Any, dialect: str, group_by: GroupBy
) -> None:
    answered = and_(in_range, FoiRequest.working_days_taken.is_not(None), FoiRequest.status.in_(RESOLVED))
    if dialect == "postgresql":
        median = func.percentile_cont(0.5).within_group(FoiRequest.working_days_taken)
        stmt = _by_team(select(p, median).select_from(FoiRequest), group_by)
        for period, value in session.execute(stmt.where(answered).group_by(p)).all():
            if period in periods and value is not None:
                periods[period].median_working_days = float(value)
        return
    # SQLite (the embedded default, small by nature) has no median aggregate.
    values: dict[str, list[int]] = {}
    stmt = _by_team(select(p, FoiRequest.working_days_taken).select_from(FoiRequest), group_by)
    for period, taken in session.execute(stmt.where(answered)).all():
        values.setdefault(period, []).append(int(taken))
    for period, taken in values.items():
        if period in periods:
            periods[period].median_working_days = float(statistics.median(taken))


def _reviews(
    session: Session, periods: dict[str, Period], start: date, end: date, group_by: GroupBy, dialect: str
) -> None:
    ir = InternalReview
    p = period_of(ir.requested_on, group_by, dialect).label("period")
    stmt = select(
        p,
        func.count(),
        _count(ir.outcome == "upheld"),
        _count(ir.outcome == "upheld_in_part"),
        _count(ir.outcome == "overturned"),
        _count(ir.decided_on <= ir.due_on),
        _count(ir.decided_on <= ir.extended_due_on),
        _count(ir.outcome.is_(None)),
    ).select_from(ir)
    if group_by == "team":
        stmt = _by_team(stmt.join(FoiRequest, FoiRequest.id == ir.request_id), group_by)
    rows = session.execute(stmt.where(ir.requested_on >= start, ir.requested_on <= end).group_by(p)).all()
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


def as_rows(periods: list[Period], group_by: GroupBy = "quarter") -> tuple[list[str], list[list[Any]]]:
    """Flat columns for CSV: the scalar figures, then one column per exemption and per review figure."""
    codes = sorted({code for p in periods for code in p.exemptions})
    scalar = [
        "period",
        *(["team"] if group_by == "team" else []),
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
    # Added after the columns that were there before them, so a reader that counts columns still finds those.
    status = ["on_hold", "on_hold_clarification", "on_hold_fee", "not_yet_assessed"]
    resolvable = ["total", "granted_in_full", "partially_withheld", "withheld_in_full", "granted_in_full_percent"]
    reasons = list(WITHHELD_IN_FULL_REASONS.values())
    header = (
        scalar
        + [f"internal_reviews_{k}" for k in reviews]
        + status
        + ["resolvable" if k == "total" else f"resolvable_{k}" for k in resolvable]
        + [f"withheld_in_full_{k}" for k in reasons]
        + [f"exemption {c}" for c in codes]
    )
    body = [
        [getattr(p, k) for k in scalar]
        + [p.internal_reviews[k] for k in reviews]
        + [getattr(p, k) for k in status]
        + [getattr(p.resolvable, k) for k in resolvable]
        + [p.resolvable.withheld_in_full_reasons[k] for k in reasons]
        + [p.exemptions.get(c, 0) for c in codes]
        for p in periods
    ]
    return header, body
