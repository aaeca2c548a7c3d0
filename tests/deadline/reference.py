"""Independent, deliberately plain implementations to check the engine against.

* ``non_working_days``: its own holiday set (the `holidays` package per subdivision, Christmas Day and Good Friday
  added from first principles, and the shipped additions file read directly), not the engine's tables.
* ``nth_working_day_following``: the day-by-day loop of law.md 3.3.
* ``rrule_nth``: a second oracle with python-dateutil's rrule (law.md 1.5).
"""

import tomllib
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

import holidays
from dateutil.easter import easter
from dateutil.rrule import DAILY, FR, MO, TH, TU, WE, rrule, rruleset

ALL = ("ENG", "NIR", "SCT", "WLS")
ADDITIONS = Path(__file__).parents[2] / "app" / "deadline" / "data" / "holiday_additions.toml"


@cache
def non_working_days(subdivisions: tuple[str, ...] = ALL, extra: tuple[date, ...] = ()) -> frozenset[date]:
    days: set[date] = set(extra)
    years = range(1990, 2101)
    for subdivision in subdivisions:
        days.update(holidays.country_holidays("GB", subdiv=subdivision, years=years))
    for year in years:
        days.add(date(year, 12, 25))
        days.add(easter(year) - timedelta(days=2))
    with ADDITIONS.open("rb") as fh:
        for entry in tomllib.load(fh)["addition"]:
            if entry["nation"] in subdivisions:
                days.add(entry["day"])
    return frozenset(days)


def is_working(d: date, hols: frozenset[date]) -> bool:
    return d.weekday() < 5 and d not in hols


def nth_working_day_following(
    date_of_receipt: date, n: int, hols: frozenset[date], paused: Sequence[tuple[date, date]] = ()
) -> date:
    """law.md 3.3, line by line."""
    d, count = date_of_receipt, 0
    while count < n:
        d += timedelta(days=1)
        if not is_working(d, hols):
            continue
        if any(start <= d <= end for start, end in paused):  # s10(2) fee window, inclusive both ends
            continue
        count += 1
    return d


def counted_days(a: date, b: date, hols: frozenset[date], paused: Sequence[tuple[date, date]] = ()) -> int:
    """Working days d with a < d <= b, outside every paused window."""
    total, d = 0, a + timedelta(days=1)
    while d <= b:
        if is_working(d, hols) and not any(s <= d <= e for s, e in paused):
            total += 1
        d += timedelta(days=1)
    return total


def nth_school_day_following(
    receipt: date, n: int, hols: frozenset[date], terms: Iterable[tuple[date, date]], no_session: Iterable[date]
) -> date | None:
    """reg 3(a) by hand: the n-th working day that is a school day; None if the terms run out."""
    term_list, skip = list(terms), set(no_session)
    last = max(end for _, end in term_list)
    d, count = receipt, 0
    while count < n:
        d += timedelta(days=1)
        if d > last:
            return None
        if is_working(d, hols) and d not in skip and any(s <= d <= e for s, e in term_list):
            count += 1
    return d


def _aware(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def rrule_nth(date_of_receipt: date, n: int, hols: Iterable[date]) -> date:
    """Second oracle (law.md 1.5): weekdays from the day after receipt, minus holidays; the n-th element."""
    start = date_of_receipt + timedelta(days=1)
    rules = rruleset()
    rules.rrule(rrule(DAILY, byweekday=(MO, TU, WE, TH, FR), dtstart=_aware(start)))
    for h in hols:
        if start <= h <= start + timedelta(days=4 * n + 60):
            rules.exdate(_aware(h))
    for i, moment in enumerate(rules, start=1):
        if i == n:
            return moment.date()
    raise AssertionError("unreachable")
