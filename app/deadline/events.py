"""Clock events: what can happen to a request's clock, and the one canonical order they are applied in."""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, get_args

from app.deadline.errors import ClockRuleError

# The API's and the forms' type of an event is this list, so a new kind of event is added here only.
EventType = Literal[
    "clarification_requested",
    "clarification_received",
    "fee_notice_issued",
    "fee_paid",
    "pit_extension",
    "eir_extension",
    "commissioner_extension",
    "responded",
    "withdrawn",
    "lapsed",
]
EVENT_TYPES: tuple[EventType, ...] = get_args(EventType)
# Same-day events apply in EVENT_TYPES order: ask then receive, notice then payment, closing events last.
_PRECEDENCE: dict[str, int] = {kind: i for i, kind in enumerate(EVENT_TYPES)}
CLOSING_TYPES = frozenset({"responded", "withdrawn", "lapsed"})
EXTENSION_TYPES = frozenset({"pit_extension", "eir_extension", "commissioner_extension"})


@dataclass(frozen=True)
class ClockEvent:
    """Something that happened to the request on ``on``.

    ``seq`` records entry order; it never affects results.
    """

    type: str
    on: date
    details: Mapping[str, Any] = field(default_factory=dict)
    seq: int = 0


def _canonical_details(details: Mapping[str, Any]) -> str:
    try:
        return json.dumps(details, sort_keys=True, default=str)
    except TypeError:
        return repr(sorted((str(k), repr(v)) for k, v in details.items()))


def canonical_order(events: Iterable[ClockEvent]) -> list[ClockEvent]:
    """Events sorted by (date, type precedence, details): the input order and ``seq`` never matter."""
    checked = list(events)
    for event in checked:
        if isinstance(event.on, datetime) or not isinstance(event.on, date):
            raise ClockRuleError(
                "invalid_event_date",
                f"the {event.type} event has {event.on!r} as its date; give a calendar date (Europe/London), "
                "not a date-time.",
            )
    return sorted(
        checked,
        key=lambda e: (
            e.on,
            _PRECEDENCE.get(e.type, len(EVENT_TYPES)),
            e.type,
            _canonical_details(e.details),
        ),
    )


def date_detail(event: ClockEvent, key: str) -> date:
    """A date carried in ``details`` as a ``date`` or an ISO string (e.g. ``extended_to``)."""
    value = event.details.get(key)
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            value = None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ClockRuleError(
            "invalid_event_details",
            f"the {event.type} event on {event.on.isoformat()} needs '{key}' as a date (YYYY-MM-DD); "
            f"got {event.details.get(key)!r}.",
        )
    return value
