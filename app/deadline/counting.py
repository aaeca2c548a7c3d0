"""Counting for one regime: due dates (working days, or school days capped by working days), citations."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.deadline.calendar import WorkingDayCalendar
from app.deadline.day_index import DayIndex, Window
from app.deadline.errors import ClockRuleError
from app.deadline.regimes import Regime
from app.deadline.schools import SchoolCalendar, school_day_index

_FOIA = {
    "act": "FOIA",
    "due": "FOIA s10(1)",
    "working_day": "FOIA s10(6)",
    "clarification": "FOIA s1(3)",
    "restart": "FOIA s10(6)(b)",
    "fee_notice": "FOIA s9(1)",
    "fee_window": "FOIA s10(2)",
    "fee_payment": "FOIA s9(2)",
}
CITATIONS: dict[str, dict[str, str]] = {
    "FOIA": _FOIA,
    # FOISA mirrors the FOIA numbering for these provisions; s73 defines "working day".
    "FOISA": {k: v.replace("FOIA", "FOISA") for k, v in _FOIA.items()}
    | {"working_day": "FOISA s73", "restart": "FOISA s10(1)(b)", "fee_payment": "FOISA s9"},
    "EIR": _FOIA
    | {
        "act": "EIR",
        "due": "EIR reg 5(2)",
        "working_day": "EIR reg 2(1)",
        "clarification": "EIR reg 9",
        "restart": "EIR reg 9(4)",
    },
}


def citations(regime: Regime) -> dict[str, str]:
    return CITATIONS.get(regime.reference_prefix, _FOIA)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class Counter:
    """Due dates for ``regime`` on ``calendar`` (and ``school``, for a school-days regime)."""

    regime: Regime
    calendar: WorkingDayCalendar
    school: SchoolCalendar | None = None
    school_index: DayIndex | None = None

    @classmethod
    def for_regime(cls, regime: Regime, calendar: WorkingDayCalendar, school: SchoolCalendar | None) -> "Counter":
        if set(calendar.subdivisions) != set(regime.subdivisions):
            raise ClockRuleError(
                "calendar_mismatch",
                f"{regime.name} counts working days over {', '.join(regime.subdivisions)} "
                f"({citations(regime)['working_day']}), but the calendar given covers "
                f"{', '.join(calendar.subdivisions)}; build it with uk_calendar({regime.subdivisions!r}).",
            )
        if not regime.school_days:
            return cls(regime, calendar)
        if school is None:
            raise ClockRuleError(
                "school_calendar_required",
                f"{regime.name} counts school days (SI 2004/3364 reg 3); choose the school's session "
                "calendar before computing the deadline.",
            )
        return cls(regime, calendar, school, school_day_index(school, calendar))

    @property
    def cites(self) -> dict[str, str]:
        return citations(self.regime)

    def due(self, receipt: date, windows: Sequence[Window] = ()) -> tuple[date, date | None]:
        """(due date, outer limit) for a date of receipt, disregarding working days inside ``windows``."""
        regime, calendar = self.regime, self.calendar
        outer = (
            calendar.nth_working_day_after(receipt, regime.outer_limit_working_days, windows)
            if regime.outer_limit_working_days is not None
            else None
        )
        if self.school_index is None or self.school is None:
            return calendar.nth_working_day_after(receipt, regime.working_days, windows), outer
        assert outer is not None  # the regime validator requires an outer limit with school days
        # SI 2004/3364 reg 3: the earlier of (a) the 20th working day that is a school day, (b) the 60th WD.
        first, last = self.school_index.first, self.school_index.last
        school_due = None
        if receipt + timedelta(days=1) >= first:
            school_due = self.school_index.nth_after(receipt, regime.working_days, windows)
            if school_due is None and outer <= last:
                school_due = outer  # fewer than 20 school days before the 60th WD, which lies inside the data
        if school_due is None:
            raise ClockRuleError(
                "school_calendar_incomplete",
                f"the session calendar '{self.school.slug}' covers {first.isoformat()} to "
                f"{last.isoformat()}; add term dates from {receipt.isoformat()} onwards to count school "
                "days (SI 2004/3364 reg 3).",
            )
        return min(school_due, outer), outer

    def counted(self, receipt: date, end: date, windows: Sequence[Window] = ()) -> int:
        """Working days d with receipt < d <= end, less those inside ``windows`` (FOIA s10(2))."""
        if end <= receipt:
            return 0
        index = self.calendar.index
        return self.calendar.working_days_between(receipt, end) - index.count_disregarded(receipt, end, windows)
