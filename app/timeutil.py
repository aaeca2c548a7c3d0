"""The service's idea of "today": the calendar date in Europe/London (law.md 3.2, Q2)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today's date in London. Tests replace this function to freeze the clock."""
    return now().astimezone(LONDON).date()
