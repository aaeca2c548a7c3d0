"""Plain helpers shared by the deadline tests."""

from datetime import date
from typing import Any

from app.deadline import (
    ClockEvent,
    ClockResult,
    Regime,
    SchoolCalendar,
    compute_clock,
    get_regime,
    load_school_calendars,
    uk_calendar,
)

from . import reference

UK = uk_calendar()
SCOTLAND = uk_calendar(("SCT",))
FOIA = get_regime("foia")
EIR = get_regime("eir")
FOISA = get_regime("foisa")
SCHOOL = get_regime("school")
ARCHIVES = get_regime("archives")
EXAMPLE_PRIMARY = load_school_calendars()["example-primary"]

UK_HOLS = reference.non_working_days()
EW_HOLS = reference.non_working_days(("ENG", "WLS"))
SCT_HOLS = reference.non_working_days(("SCT",))


def day(iso: str) -> date:
    return date.fromisoformat(iso)


def ev(kind: str, on: str | date, **details: Any) -> ClockEvent:
    return ClockEvent(kind, on if isinstance(on, date) else day(on), details)


def clock(
    regime: Regime,
    received: str | date,
    *events: ClockEvent,
    school: SchoolCalendar | None = None,
    explain: bool = False,
) -> ClockResult:
    received_on = received if isinstance(received, date) else day(received)
    calendar = SCOTLAND if regime.subdivisions == ("SCT",) else UK
    return compute_clock(regime, received_on, list(events), calendar, school=school, explain=explain)
