"""Glue between a stored case and the pure statutory clock in app.deadline."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import timeutil
from app.deadline import (
    ClockEvent,
    ClockResult,
    ClockRuleError,
    HolidayAddition,
    Regime,
    SchoolCalendar,
    WorkingDayCalendar,
    compute_clock,
    get_regime,
    load_school_calendars,
    uk_calendar,
)
from app.deadline.regimes import UnknownRegime
from app.errors import Unprocessable
from app.foi_request.models import ClockEventRow, FoiRequest
from app.holiday.models import HolidayAdditionRow


def regime_or_422(code: str) -> Regime:
    try:
        return get_regime(code)
    except UnknownRegime as exc:
        raise Unprocessable(str(exc), rule="unknown_regime") from exc


def school_or_422(regime: Regime, slug: str | None) -> SchoolCalendar | None:
    if not regime.school_days:
        if slug is not None:
            raise Unprocessable(
                f"'school' applies only to a school regime; regime {regime.code!r} counts working days.",
                rule="school_not_applicable",
            )
        return None
    schools = load_school_calendars()
    if slug is None or slug not in schools:
        known = ", ".join(sorted(schools)) or "none installed"
        raise Unprocessable(
            f"Regime {regime.code!r} counts school days (SI 2004/3364 reg 3): give 'school' as one of the "
            f"installed term-date calendars ({known}).",
            rule="school_calendar_required",
        )
    return schools[slug]


def holiday_additions(session: Session) -> tuple[HolidayAddition, ...]:
    rows = session.execute(
        select(HolidayAdditionRow.day, HolidayAdditionRow.name, HolidayAdditionRow.nation).order_by(
            HolidayAdditionRow.day, HolidayAdditionRow.nation
        )
    ).all()
    return tuple(HolidayAddition(day=r.day, name=r.name, nation=r.nation) for r in rows)


def calendar_for(session: Session, regime: Regime) -> WorkingDayCalendar:
    return uk_calendar(regime.subdivisions, holiday_additions(session))


def working_days_left(calendar: WorkingDayCalendar, today: date, due: date | None) -> int | None:
    """Working days from today to the binding date; negative, by the working days since, once it has passed."""
    if due is None:
        return None
    return calendar.working_days_between(today, due) if due >= today else -calendar.working_days_between(due, today)


def to_clock_events(rows: list[ClockEventRow]) -> list[ClockEvent]:
    return [ClockEvent(type=r.type, on=r.occurred_on, details=r.details or {}, seq=r.id or 0) for r in rows]


def evaluate(
    session: Session,
    request: FoiRequest,
    events: list[ClockEvent],
    *,
    explain: bool = False,
    calendar: WorkingDayCalendar | None = None,
) -> ClockResult:
    """Run the clock over the whole event history; a rule broken anywhere in it is a 422."""
    return run(session, request.regime, request.school, request.received_on, events, explain=explain, calendar=calendar)


def run(
    session: Session,
    regime_code: str,
    school_slug: str | None,
    received_on: date,
    events: list[ClockEvent],
    *,
    explain: bool = False,
    calendar: WorkingDayCalendar | None = None,
) -> ClockResult:
    """The clock for a regime, school and date of receipt: a stored case's, or a what-if's with no events."""
    regime = regime_or_422(regime_code)
    school = school_or_422(regime, school_slug)
    try:
        return compute_clock(
            regime, received_on, events, calendar or calendar_for(session, regime), school=school, explain=explain
        )
    except ClockRuleError as exc:
        raise Unprocessable(exc.message, rule=exc.rule) from exc


def apply_result(request: FoiRequest, result: ClockResult) -> None:
    """Store what the clock derived, so lists filter and sort in SQL."""
    request.date_of_receipt = result.date_of_receipt
    request.due_on = result.due_on
    request.extended_due_on = result.extended_due_on
    request.responded_on = result.responded_on
    request.timeliness = result.timeliness
    request.working_days_taken = result.working_days_taken
    request.calendar_version = result.calendar_version
    request.updated_at = timeutil.now()


def refresh(session: Session, request: FoiRequest, *, calendar: WorkingDayCalendar | None = None) -> ClockResult:
    result = evaluate(session, request, to_clock_events(list(request.events)), calendar=calendar)
    apply_result(request, result)
    return result
