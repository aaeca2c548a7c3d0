"""School session calendars for the Time for Compliance Regulations (SI 2004/3364 reg 3)."""

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path

from app.deadline.calendar import WorkingDayCalendar
from app.deadline.day_index import DayIndex

SCHOOL_TERMS_DIR = Path(__file__).parent / "data" / "school_terms"


@dataclass(frozen=True)
class SchoolCalendar:
    """A school's terms (inclusive date ranges) and non-session days (e.g. INSET days) inside them.

    Days between ``covers_from`` and ``covers_to`` outside every term are holidays; outside that range the
    school's sessions are unknown. Both default to the first term's start and the last term's end.
    """

    slug: str
    name: str
    terms: tuple[tuple[date, date], ...]
    non_session_days: frozenset[date] = frozenset()
    covers_from: date | None = None
    covers_to: date | None = None

    def __post_init__(self) -> None:
        if not self.terms:
            raise ValueError(f"school calendar {self.slug!r} has no terms")
        for start, end in self.terms:
            if end < start:
                raise ValueError(f"school calendar {self.slug!r}: term {start} to {end} ends before it starts")
        ordered = sorted(self.terms)
        for (_, end), (start, _) in pairwise(ordered):
            if start <= end:
                raise ValueError(f"school calendar {self.slug!r}: terms overlap around {start}")
        object.__setattr__(self, "terms", tuple(ordered))

    @property
    def coverage(self) -> tuple[date, date]:
        return (self.covers_from or self.terms[0][0], self.covers_to or self.terms[-1][1])

    def in_term(self, d: date) -> bool:
        return any(start <= d <= end for start, end in self.terms)

    def is_school_day(self, d: date, calendar: WorkingDayCalendar) -> bool:
        """A working day within a term on which the school meets (reg 3: "school day")."""
        return self.in_term(d) and d not in self.non_session_days and calendar.is_working_day(d)


@lru_cache(maxsize=256)
def school_day_index(school: SchoolCalendar, calendar: WorkingDayCalendar) -> DayIndex:
    """Precomputed, sorted school days of ``school`` under ``calendar`` (cached per pair)."""
    first, last = school.coverage
    ordinals: list[int] = []
    for start, end in school.terms:
        d = max(start, first)
        while d <= min(end, last):
            if d not in school.non_session_days and calendar.is_working_day(d):
                ordinals.append(d.toordinal())
            d += timedelta(days=1)
    return DayIndex(ordinals, first, last)


def _read(path: Path) -> SchoolCalendar:
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    allowed = {"slug", "name", "covers_from", "covers_to", "non_session_days", "term"}
    extra = set(raw) - allowed
    if extra:
        raise ValueError(f"{path.name}: unknown keys {sorted(extra)}")

    def as_date(value: object, what: str) -> date:
        if not isinstance(value, date):
            raise ValueError(f"{path.name}: {what} must be a TOML date, got {value!r}")
        return value

    terms = tuple((as_date(t["start"], "term start"), as_date(t["end"], "term end")) for t in raw.get("term", []))
    slug = str(raw.get("slug", path.stem))
    if slug != path.stem:
        raise ValueError(f"{path.name}: slug {slug!r} must match the file name")
    return SchoolCalendar(
        slug=slug,
        name=str(raw["name"]),
        terms=terms,
        non_session_days=frozenset(as_date(d, "non-session day") for d in raw.get("non_session_days", [])),
        covers_from=as_date(raw["covers_from"], "covers_from") if "covers_from" in raw else None,
        covers_to=as_date(raw["covers_to"], "covers_to") if "covers_to" in raw else None,
    )


@cache
def _load(directory: Path) -> dict[str, SchoolCalendar]:
    return {path.stem: _read(path) for path in sorted(directory.glob("*.toml"))}


def load_school_calendars(directory: Path | None = None) -> dict[str, SchoolCalendar]:
    """Every school calendar in ``directory`` (default: the shipped ``data/school_terms``), keyed by slug."""
    return dict(_load((directory or SCHOOL_TERMS_DIR).resolve()))
