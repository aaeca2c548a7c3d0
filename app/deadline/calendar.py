"""The working-day calendar of FOIA s10(6) (and FOISA s73): which days count, and why the others do not."""

import hashlib
import importlib.metadata
import json
import threading
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import holidays
from dateutil.easter import easter

from app.deadline.day_index import DayIndex
from app.deadline.errors import ClockRuleError

NATIONS: dict[str, str] = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
ALL_NATIONS: tuple[str, ...] = ("ENG", "NIR", "SCT", "WLS")

FIRST_DAY = date(1990, 1, 1)
LAST_DAY = date(2100, 12, 31)

DATA_DIR = Path(__file__).parent / "data"
ADDITIONS_FILE = DATA_DIR / "holiday_additions.toml"

_WEEKEND_NAMES = {5: "Saturday", 6: "Sunday"}
_HOLIDAYS_VERSION = importlib.metadata.version("holidays")


@dataclass(frozen=True)
class Holiday:
    """One non-working day and why: a weekend (no nations) or a holiday in the listed subdivisions."""

    day: date
    name: str
    nations: tuple[str, ...]


@dataclass(frozen=True)
class HolidayAddition:
    """A proclaimed or extra bank holiday (BFDA 1971 s1(3)) from the shipped data file or the admin table."""

    day: date
    name: str
    nation: str

    def __post_init__(self) -> None:
        if self.nation not in NATIONS:
            raise ValueError(f"unknown nation {self.nation!r}; use one of {', '.join(NATIONS)}")


def _check_range(d: date) -> None:
    if not FIRST_DAY <= d <= LAST_DAY:
        raise ClockRuleError(
            "date_out_of_range",
            f"{d.isoformat()} is outside the working-day calendar ({FIRST_DAY.isoformat()} to "
            f"{LAST_DAY.isoformat()}); check the date for a typing error.",
        )


class WorkingDayCalendar:
    """Non-working days are Saturdays, Sundays, Christmas Day, Good Friday and the bank holidays of any listed
    subdivision (FOIA s10(6): "in any part of the United Kingdom"). Build one with :func:`uk_calendar`."""

    def __init__(self, subdivisions: tuple[str, ...], holiday_days: dict[date, Holiday], version: str) -> None:
        self.subdivisions = subdivisions
        self.version = version
        self._holidays = holiday_days
        ordinals = [
            o
            for o in range(FIRST_DAY.toordinal(), LAST_DAY.toordinal() + 1)
            if date.fromordinal(o).weekday() < 5 and date.fromordinal(o) not in holiday_days
        ]
        self._index = DayIndex(ordinals, FIRST_DAY, LAST_DAY)

    def __repr__(self) -> str:
        return f"WorkingDayCalendar(subdivisions={self.subdivisions!r}, version={self.version!r})"

    @property
    def index(self) -> DayIndex:
        return self._index

    def is_working_day(self, d: date) -> bool:
        _check_range(d)
        return d.weekday() < 5 and d not in self._holidays

    def non_working_reason(self, d: date) -> Holiday | None:
        _check_range(d)
        weekend = _WEEKEND_NAMES.get(d.weekday())
        if weekend is not None:
            return Holiday(d, weekend, ())
        return self._holidays.get(d)

    def nth_working_day_after(self, d: date, n: int, disregard: Sequence[tuple[date, date]] = ()) -> date:
        """The n-th working day following ``d`` (``d`` never counts); working days inside a disregard window
        (both ends inclusive, FOIA s10(2)) are not counted."""
        _check_range(d)
        found = self._index.nth_after(d, n, disregard)
        if found is None:
            raise ClockRuleError(
                "date_out_of_range",
                f"the {n}th working day after {d.isoformat()} falls after {LAST_DAY.isoformat()}, "
                "the end of the working-day calendar.",
            )
        return found

    def working_days_between(self, a: date, b: date) -> int:
        """Working days d with a < d <= b (0 if b <= a)."""
        _check_range(a)
        _check_range(b)
        return self._index.count_between(a, b)

    def next_working_day(self, d: date) -> date:
        return self.nth_working_day_after(d, 1)

    def non_working_days(self, a: date, b: date) -> list[Holiday]:
        """Every non-working day in [a, b], weekends included, in date order."""
        _check_range(a)
        _check_range(b)
        days: list[Holiday] = []
        d = a
        while d <= b:
            reason = self.non_working_reason(d)
            if reason is not None:
                days.append(reason)
            d += timedelta(days=1)
        return days


def _read_additions(path: Path) -> tuple[HolidayAddition, ...]:
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    additions: list[HolidayAddition] = []
    for entry in raw.get("addition", []):
        day = entry["day"]
        if not isinstance(day, date):
            raise ValueError(f"{path.name}: 'day' must be a TOML date, got {day!r}")
        additions.append(HolidayAddition(day=day, name=str(entry["name"]), nation=str(entry["nation"])))
    return tuple(additions)


@cache
def shipped_holiday_additions() -> tuple[HolidayAddition, ...]:
    """The proclaimed and guard days shipped in ``data/holiday_additions.toml``."""
    return _read_additions(ADDITIONS_FILE)


def _library_holidays(subdivision: str, years: range) -> dict[date, str]:
    """One subdivision's bank holidays from `holidays`: nominal dates and "(observed)" substitutes."""
    return dict(holidays.country_holidays("GB", subdiv=subdivision, years=years).items())


def _build(subdivisions: tuple[str, ...], additions: tuple[HolidayAddition, ...]) -> WorkingDayCalendar:
    years = range(FIRST_DAY.year, LAST_DAY.year + 1)
    # day -> name part -> nations, so that one day named differently in two parts keeps both names
    table: dict[date, dict[str, set[str]]] = {}

    def add(day: date, name: str, nation: str) -> None:
        if day.weekday() >= 5 or not FIRST_DAY <= day <= LAST_DAY:
            return
        for part in name.split("; "):
            table.setdefault(day, {}).setdefault(part, set()).add(nation)

    for nation in subdivisions:
        for day, name in _library_holidays(nation, years).items():
            add(day, name, nation)
    for year in years:
        # FOIA s10(6) names Christmas Day and Good Friday separately: they are not BFDA bank holidays in E&W.
        for nation in subdivisions:
            add(date(year, 12, 25), "Christmas Day", nation)
            add(easter(year) - timedelta(days=2), "Good Friday", nation)
    effective = tuple(a for a in additions if a.nation in subdivisions)
    for addition in effective:
        known = table.get(addition.day, {})
        if not any(addition.nation in nations for nations in known.values()):
            add(addition.day, addition.name, addition.nation)

    holiday_days = {
        day: Holiday(day, "; ".join(names), tuple(sorted(set().union(*names.values()))))
        for day, names in sorted(table.items())
    }
    fingerprint = json.dumps(
        {
            "subdivisions": list(subdivisions),
            "holidays": _HOLIDAYS_VERSION,
            "additions": [[a.day.isoformat(), a.name, a.nation] for a in effective],
        },
        sort_keys=True,
    )
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:12]
    version = f"{'.'.join(subdivisions)}/holidays-{_HOLIDAYS_VERSION}/{digest}"
    return WorkingDayCalendar(subdivisions, holiday_days, version)


_cache: dict[tuple[tuple[str, ...], tuple[HolidayAddition, ...]], WorkingDayCalendar] = {}
_cache_lock = threading.Lock()


def uk_calendar(
    subdivisions: Iterable[str] = ALL_NATIONS, additions: Iterable[HolidayAddition] = ()
) -> WorkingDayCalendar:
    """The working-day calendar for the union of ``subdivisions`` (FOIA/EIR: all four; FOISA: ``("SCT",)``).

    Shipped additions and the given ``additions`` (e.g. admin-table rows) apply where their nation is listed.
    Cached: the same subdivisions and additions give the same object.
    """
    subdivs = tuple(sorted(set(subdivisions)))
    unknown = [s for s in subdivs if s not in NATIONS]
    if not subdivs or unknown:
        raise ValueError(f"subdivisions must be a non-empty selection of {', '.join(NATIONS)}; got {unknown}")
    every = sorted(set(shipped_holiday_additions()) | set(additions), key=lambda a: (a.day, a.nation, a.name))
    key = (subdivs, tuple(every))
    with _cache_lock:
        found = _cache.get(key)
        if found is None:
            if len(_cache) >= 64:  # admin additions change rarely; stale calendars are simply rebuilt
                _cache.clear()
            found = _build(subdivs, key[1])
            _cache[key] = found
    return found
