"""Internal review (FOIA: s45 Code / ICO) and reconsideration (EIR reg 11; FOISA s20-21) clocks."""

from dataclasses import dataclass
from datetime import date

from app.deadline.calendar import WorkingDayCalendar
from app.deadline.errors import ClockRuleError
from app.deadline.regimes import Regime


@dataclass(frozen=True)
class ReviewClock:
    requested_on: date
    due_on: date  # FOIA: 20 WD (ICO, Code); EIR reg 11(4): 40 WD; FOISA s21(1): 20 WD
    extended_due_on: date  # the exceptional maximum: FOIA 40 WD
    request_window_ends_on: date | None  # response + 40 WD (FOIA: ICO/Code; EIR reg 11(2); FOISA s20(5))
    late_request: bool  # asked for after the window: flagged, still accepted


def review_clock(
    regime: Regime, requested_on: date, responded_on: date | None, calendar: WorkingDayCalendar
) -> ReviewClock:
    """Due dates for a review asked for on ``requested_on`` of a response sent on ``responded_on``."""
    rules = regime.review
    if responded_on is not None and requested_on < responded_on:
        raise ClockRuleError(
            "review_before_response",
            f"a review asked for on {requested_on.isoformat()} comes before the response of "
            f"{responded_on.isoformat()}; check the dates (a complaint about a late response is not a review "
            "of a response).",
        )
    window_end = None
    if responded_on is not None and rules.request_window_working_days is not None:
        window_end = calendar.nth_working_day_after(responded_on, rules.request_window_working_days)
    return ReviewClock(
        requested_on=requested_on,
        due_on=calendar.nth_working_day_after(requested_on, rules.working_days),
        extended_due_on=calendar.nth_working_day_after(requested_on, rules.max_working_days),
        request_window_ends_on=window_end,
        late_request=window_end is not None and requested_on > window_end,
    )
