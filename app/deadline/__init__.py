"""The statutory clock: working-day calendars, regimes, school session calendars and the deadline engine.

Pure functions over dates and events (no database, no web framework): tests and benchmarks call them
directly.
"""

from app.deadline.calendar import (
    NATIONS,
    Holiday,
    HolidayAddition,
    WorkingDayCalendar,
    shipped_holiday_additions,
    uk_calendar,
)
from app.deadline.engine import (
    EVENT_TYPES,
    ClockEvent,
    ClockResult,
    ClockRuleError,
    ClockStep,
    ReviewClock,
    compute_clock,
    review_clock,
    three_months_beginning_with,
)
from app.deadline.regimes import Regime, ReviewRules, UnknownRegime, get_regime, load_regimes
from app.deadline.schools import SchoolCalendar, load_school_calendars

__all__ = [
    "EVENT_TYPES",
    "NATIONS",
    "ClockEvent",
    "ClockResult",
    "ClockRuleError",
    "ClockStep",
    "Holiday",
    "HolidayAddition",
    "Regime",
    "ReviewClock",
    "ReviewRules",
    "SchoolCalendar",
    "UnknownRegime",
    "WorkingDayCalendar",
    "compute_clock",
    "get_regime",
    "load_regimes",
    "load_school_calendars",
    "review_clock",
    "shipped_holiday_additions",
    "three_months_beginning_with",
    "uk_calendar",
]
