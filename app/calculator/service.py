"""When would a request received on a given day be due? The stored cases' clock (app.foi_request.clock) run over a
date of receipt with no events: nothing is stored, and the date may be in the future."""

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app import timeutil
from app.deadline import ClockResult, Regime, SchoolCalendar, load_regimes
from app.deadline.calendar import FIRST_DAY, LAST_DAY
from app.errors import Unprocessable
from app.foi_request import clock

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
# law.md Q3: a bank holiday proclaimed while a request runs is applied to it (`foi holidays add` recomputes).
FUTURE_NOTE = (
    "This date is after today: a bank holiday proclaimed later (BFDA 1971 s1(3)) would move the due date; a case "
    "logged with it is worked out again when one is."
)


@dataclass(frozen=True)
class WhatIf:
    regime: Regime
    school: SchoolCalendar | None
    result: ClockResult
    notes: tuple[str, ...]

    @property
    def calendar_from(self) -> date:
        return self.school.coverage[0] if self.school is not None else FIRST_DAY

    @property
    def calendar_to(self) -> date:
        return self.school.coverage[1] if self.school is not None else LAST_DAY


def parse_date(value: str | None, name: str = "received_on") -> date:
    """A date written YYYY-MM-DD (Python would also take '20261207' or '2026-W49-1'; an officer means neither)."""
    example = "for example 2026-12-07 for 7 December 2026"
    if value is None or not value.strip():
        raise Unprocessable(
            f"Give '{name}', the day the request arrived (or would arrive), as YYYY-MM-DD, {example}.",
            rule="date_required",
        )
    if not ISO_DATE.fullmatch(value.strip()):
        raise Unprocessable(
            f"'{name}' must be a date written YYYY-MM-DD, {example}; {value[:40]!r} is not.", rule="malformed_date"
        )
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Unprocessable(
            f"'{name}' {value.strip()!r} is not a real date (check the month and the day), {example}.",
            rule="malformed_date",
        ) from None


def what_if(session: Session, regime_code: str | None, received_on: date, school_slug: str | None) -> WhatIf:
    """The due date and its working for a request of ``regime_code`` received on ``received_on``."""
    if regime_code is None or not regime_code.strip():
        known = ", ".join(sorted(load_regimes()))
        raise Unprocessable(f"Give 'regime', the law the request falls under: one of {known}.", rule="regime_required")
    regime = clock.regime_or_422(regime_code.strip())
    school = clock.school_or_422(regime, (school_slug or "").strip() or None)
    # FOIA s10(1) and the regime's variants: the same computation a stored case's clock runs, with no events.
    try:
        result = clock.run(session, regime.code, school.slug if school else None, received_on, [], explain=True)
    except Unprocessable as exc:
        if exc.rule != "date_out_of_range":
            raise
        raise Unprocessable(
            f"{exc.detail} The calendar covers {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}: give a date of "
            "receipt whose due date falls inside it.",
            rule=exc.rule,
        ) from exc
    notes = (FUTURE_NOTE,) if received_on > timeutil.today() else ()
    return WhatIf(regime, school, result, (*result.warnings, *notes))
