"""Open cases by age: working days since the date of receipt, in bands set against the statutory 20.

The age is counted as law.md 3.3 counts working days taken (days after the date of receipt up to and including
the day asked about), on the working-day calendar of each case's regime (FOIA s10(6), FOISA s73). For each
calendar, the day a case must have been received before to be at least n working days old is worked out once in
Python; the database then sorts every open case into its band with one aggregate query.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.deadline import WorkingDayCalendar, load_regimes, uk_calendar
from app.deadline.calendar import ALL_NATIONS, FIRST_DAY, LAST_DAY
from app.errors import Unprocessable
from app.foi_request.clock import holiday_additions
from app.foi_request.models import FoiRequest, Status

ON_HOLD = (Status.on_hold_clarification, Status.on_hold_fee)

# (lowest age, highest age or None, what the band means to an FOI officer)
BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 10, "first half of the 20 working days"),
    (11, 15, "second half, more than a week left"),
    (16, 20, "due within a week (FOIA s10(1): the 20th working day)"),
    (21, 40, "past 20: late unless extended; a public interest extension is normally at most 40 in all"),
    (41, 60, "past 40: beyond the normal extension; 60 is the outer limit for schools and Commissioner extensions"),
    (61, None, "past every statutory outer limit"),
)


@dataclass
class AgeBand:
    label: str
    low: int
    high: int | None
    meaning: str
    total: int = 0
    open: int = 0
    on_hold: int = 0
    past_deadline: int = 0


@dataclass
class OpenByAge:
    on: date
    total: int
    bands: list[AgeBand]


def band_label(low: int, high: int | None) -> str:
    return f"{low}\u2013{high}" if high is not None else f"over {low - 1}"


def nth_working_day_back(calendar: WorkingDayCalendar, on: date, lows: list[int]) -> dict[int, date]:
    """For each n, the n-th working day counting back from ``on`` (``on`` itself counts if it is one).

    A case is at least n working days old on ``on`` exactly when its date of receipt is before that day.
    """
    found: dict[int, date] = {}
    wanted = sorted(n for n in lows if n > 0)
    day, counted = on, 0
    while wanted and day >= FIRST_DAY:
        if calendar.is_working_day(day):
            counted += 1
            while wanted and wanted[0] == counted:
                found[wanted.pop(0)] = day
        day -= timedelta(days=1)
    for n in wanted:  # older than the calendar itself: no receipt date qualifies
        found[n] = FIRST_DAY
    return found


def _band_index(session: Session, on: date) -> ColumnElement[int]:
    """The band (0 = youngest) of each case, from its regime's calendar and its date of receipt."""
    additions = holiday_additions(session)
    lows = [low for low, _, _ in BANDS[1:]]
    by_calendar: dict[tuple[str, ...], list[str]] = {}
    for regime in load_regimes().values():
        by_calendar.setdefault(tuple(sorted(regime.subdivisions)), []).append(regime.code)
    # Regimes on the UK-wide calendar (and any code no longer in the catalogue) fall to the default branch.
    others = [code for subdivs, codes in by_calendar.items() if subdivs != ALL_NATIONS for code in codes]
    groups: list[tuple[ColumnElement[bool], dict[int, date]]] = []
    for subdivs, codes in by_calendar.items():
        if subdivs == ALL_NATIONS:
            continue
        groups.append((FoiRequest.regime.in_(codes), nth_working_day_back(uk_calendar(subdivs, additions), on, lows)))
    default = FoiRequest.regime.not_in(others) if others else true()
    groups.append((default, nth_working_day_back(uk_calendar(ALL_NATIONS, additions), on, lows)))
    whens = [
        (or_(*(and_(where, FoiRequest.date_of_receipt < days[low]) for where, days in groups)), index)
        for index, low in reversed(list(enumerate(lows, start=1)))
    ]
    return case(*whens, else_=0)


def open_by_age(session: Session, on: date) -> OpenByAge:
    """Cases open now (or on hold), by working days from their date of receipt to ``on``.

    Cases received after ``on`` are left out. The status is today's, so an ``on`` in the past does not
    reconstruct which cases were open then: it only moves the day the ages are counted to.
    """
    if not FIRST_DAY <= on <= LAST_DAY:
        raise Unprocessable(
            f"'on' ({on}) is outside the working-day calendar ({FIRST_DAY} to {LAST_DAY}).", rule="bad_date"
        )
    band = _band_index(session, on).label("band")
    r = FoiRequest
    binding = func.coalesce(r.extended_due_on, r.due_on)
    rows = session.execute(
        select(
            band,
            func.count(),
            func.sum(case((r.status == Status.open, 1), else_=0)),
            func.sum(case((r.status.in_(ON_HOLD), 1), else_=0)),
            func.sum(case((and_(r.status == Status.open, binding < on), 1), else_=0)),
        )
        .where(r.status.in_([Status.open, *ON_HOLD]), r.date_of_receipt <= on)
        .group_by(band)
    ).all()
    bands = [AgeBand(band_label(low, high), low, high, meaning) for low, high, meaning in BANDS]
    for index, total, still_open, on_hold, past in rows:
        target = bands[int(index)]
        target.total, target.open = int(total), int(still_open or 0)
        target.on_hold, target.past_deadline = int(on_hold or 0), int(past or 0)
    return OpenByAge(on=on, total=sum(b.total for b in bands), bands=bands)
