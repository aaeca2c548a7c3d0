"""The statutory clock: from a date of receipt and the events on a request to its due date and timeliness.

Pure: dates in, dates out. The hot path (``explain=False``) is a few bisections per event;
``explain=True`` adds the day-by-day working shown on the clock page.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import NamedTuple

from app.deadline.calendar import WorkingDayCalendar
from app.deadline.counting import Counter
from app.deadline.day_index import Window
from app.deadline.errors import ClockRuleError
from app.deadline.events import EVENT_TYPES, ClockEvent, canonical_order
from app.deadline.explain import ClockStep, build_steps
from app.deadline.periods import months_beginning_with, three_months_beginning_with
from app.deadline.regimes import Regime
from app.deadline.review import ReviewClock, review_clock
from app.deadline.rules import apply_event, clarification_lapse_on
from app.deadline.schools import SchoolCalendar
from app.deadline.state import ClockState

__all__ = [
    "EVENT_TYPES",
    "ClockEvent",
    "ClockResult",
    "ClockRuleError",
    "ClockStep",
    "ReviewClock",
    "compute_clock",
    "review_clock",
    "three_months_beginning_with",
]


@dataclass(frozen=True)
class ClockResult:
    status: str  # open | on_hold_clarification | on_hold_fee | responded | withdrawn | lapsed
    received_on: date
    date_of_receipt: date
    day_one: date | None
    due_on: date | None
    extended_due_on: date | None
    extension_kind: str | None  # pit | eir_reg7 | commissioner
    superseded_due_on: tuple[date, ...]
    fee_windows: tuple[tuple[date, date | None], ...]
    fee_payment_deadline: date | None
    clarification_lapse_on: date | None
    working_days_used: int
    responded_on: date | None
    working_days_taken: int | None
    timeliness: str | None  # in_time | in_time_extended | late
    code_2018_due_on: date | None
    outer_limit_on: date | None
    warnings: tuple[str, ...]
    steps: tuple[ClockStep, ...]
    calendar_version: str


def compute_clock(
    regime: Regime,
    received_on: date,
    events: Sequence[ClockEvent],
    calendar: WorkingDayCalendar,
    *,
    school: SchoolCalendar | None = None,
    explain: bool = False,
) -> ClockResult:
    """Apply ``events`` in canonical order (never input order) to a request received on ``received_on``."""
    counter = Counter.for_regime(regime, calendar, school)
    calendar.is_working_day(received_on)  # raises date_out_of_range early
    ordered = canonical_order(events)
    state = ClockState(received_on=received_on, date_of_receipt=received_on)
    for event in ordered:
        apply_event(event, state, counter)
    result = _summarise(state, counter)
    if explain:
        result = replace(result, steps=build_steps(counter, ordered, result))
    return result


def _timeliness(
    responded_on: date, due_on: date | None, extended_due_on: date | None, state: ClockState, counter: Counter
) -> str:
    if due_on is None:
        # Responded while the clock was stopped: in time unless the deadline had passed when it stopped.
        stop = state.stop_date()
        assert stop is not None
        due_on = counter.due(state.date_of_receipt, state.windows)[0]
        responded_on = stop
    if responded_on <= due_on:
        return "in_time"
    if extended_due_on is not None and responded_on <= extended_due_on:
        return "in_time_extended"
    return "late"


class _Dates(NamedTuple):
    due_on: date | None
    outer_limit_on: date | None
    code_2018_due_on: date | None
    extended_due_on: date | None
    day_one: date | None


def _running_dates(state: ClockState, counter: Counter) -> _Dates:
    regime, calendar = counter.regime, counter.calendar
    receipt, windows = state.date_of_receipt, state.windows
    due_on = outer_limit_on = code_2018_due_on = extended_due_on = day_one = None
    if not state.stopped:
        due_on, outer_limit_on = counter.due(receipt, windows)
        code_2018_due_on = due_on
        if not calendar.is_working_day(receipt):
            # s45 Code 2018 para 4.2 reading (law.md Q1): receipt deemed the next working day. Informational.
            code_2018_due_on = counter.due(calendar.next_working_day(receipt), windows)[0]
    if state.extension_kind != "eir_reg7":
        extended_due_on = state.extension_to
    elif not state.stopped and regime.complex_extension_working_days is not None:
        # EIR reg 7(1): up to 40 working days after the date of receipt.
        extended_due_on = calendar.nth_working_day_after(receipt, regime.complex_extension_working_days, windows)
    if state.clarification_since is None:
        # Day 1: the first counted day after the date of receipt (a school day under SI 2004/3364 reg 3).
        day_one = (
            counter.school_index.nth_after(receipt, 1, windows)
            if counter.school_index is not None
            else calendar.nth_working_day_after(receipt, 1, windows)
        )
        if day_one is not None and state.fee_since is not None and day_one >= state.fee_since:
            day_one = None
    return _Dates(due_on, outer_limit_on, code_2018_due_on, extended_due_on, day_one)


def _status(state: ClockState) -> str:
    if state.closing is not None:
        return state.closing.type
    if state.clarification_since is not None:
        return "on_hold_clarification"
    if state.fee_since is not None:
        return "on_hold_fee"
    return "open"


def _summarise(state: ClockState, counter: Counter) -> ClockResult:
    regime, calendar = counter.regime, counter.calendar
    receipt, closing, windows = state.date_of_receipt, state.closing, state.windows
    close_on = closing.on if closing is not None else None
    # An unpaid fee at the close: the window runs to the closing day.
    counting_windows: list[Window] = list(windows)
    if state.fee_since is not None and close_on is not None:
        counting_windows.append((state.fee_since, close_on))
    dates = _running_dates(state, counter)
    due_on, extended_due_on = dates.due_on, dates.extended_due_on

    responded_on = working_days_taken = timeliness = None
    if closing is not None and closing.type == "responded":
        responded_on = closing.on
        working_days_taken = counter.counted(receipt, responded_on, counting_windows)
        timeliness = _timeliness(responded_on, due_on, extended_due_on, state, counter)

    stop = state.stop_date()
    if working_days_taken is not None:
        used = working_days_taken
    elif stop is not None:
        used = counter.counted(receipt, stop - timedelta(days=1), windows)
    elif close_on is not None:
        used = counter.counted(receipt, close_on, counting_windows)
    else:
        assert due_on is not None
        used = counter.counted(receipt, due_on, windows)

    fee_windows: list[tuple[date, date | None]] = list(windows)
    fee_payment_deadline = None
    if state.fee_since is not None:
        fee_windows.append((state.fee_since, None))
        if regime.fee_payment_months is not None:
            # FOIA s9(2): three months beginning with the day the notice is given.
            fee_payment_deadline = months_beginning_with(state.fee_since, regime.fee_payment_months)
    lapse_on = None
    if state.clarification_since is not None and regime.clarification_lapse_months is not None:
        lapse_on = clarification_lapse_on(state.clarification_since, regime.clarification_lapse_months)

    warnings = list(state.warnings)
    if responded_on is not None and state.stopped:
        warnings.append(
            f"Responded on {responded_on.isoformat()} while the clock was stopped; timeliness is judged "
            "at the day the clock stopped."
        )
    return ClockResult(
        status=_status(state),
        received_on=state.received_on,
        date_of_receipt=receipt,
        day_one=dates.day_one,
        due_on=due_on,
        extended_due_on=extended_due_on,
        extension_kind=state.extension_kind,
        superseded_due_on=tuple(state.superseded),
        fee_windows=tuple(fee_windows),
        fee_payment_deadline=fee_payment_deadline,
        clarification_lapse_on=lapse_on,
        working_days_used=used,
        responded_on=responded_on,
        working_days_taken=working_days_taken,
        timeliness=timeliness,
        code_2018_due_on=dates.code_2018_due_on,
        outer_limit_on=dates.outer_limit_on,
        warnings=tuple(warnings),
        steps=(),
        calendar_version=calendar.version,
    )
