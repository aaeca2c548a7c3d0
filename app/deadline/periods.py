"""Calendar-month periods ("three months beginning with the day ...", FOIA s9(2))."""

import calendar as stdlib_calendar
from datetime import date, timedelta


def months_beginning_with(d: date, months: int) -> date:
    """The last day of the period of ``months`` months beginning with ``d``.

    Corresponding-date rule: the period ends the day before the corresponding date ``months`` months on; where
    that month has no corresponding date it ends on the month's last day (law.md example 22, Q13).
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    last = stdlib_calendar.monthrange(year, month)[1]
    if d.day > last:
        return date(year, month, last)
    return date(year, month, d.day) - timedelta(days=1)


def three_months_beginning_with(d: date) -> date:
    """FOIA s9(2): last day to pay a fee for a notice given on ``d`` (10 Mar 2025 -> 9 Jun 2025;
    29 Nov 2024 -> 28 Feb 2025)."""
    return months_beginning_with(d, 3)
