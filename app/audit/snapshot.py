"""What the audit log records of a row: the fields its model declares, as the JSON the log stores.

An audited model says once, on the class, which fields its events record (`__audited__`). A field is a column or a
property, so a derived value (a document's content length, a decision's citations) is declared like any other.
A field in `__audited_when_set__` is recorded only when set, so rows audited before it existed still match their
snapshot (`foi audit verify` holds each row to its last audited state).
"""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar


class Audited:
    """A model whose changes are audited: its `__audited__` fields are what its events' before/after record."""

    __audited__: ClassVar[tuple[str, ...]]
    __audited_when_set__: ClassVar[frozenset[str]] = frozenset()


def snapshot(row: Audited, fields: Iterable[str] | None = None) -> dict[str, object]:
    """The row's audited fields (or the `fields` given, for an event that records only some), as JSON values."""
    recorded: dict[str, object] = {}
    for name in type(row).__audited__ if fields is None else fields:
        value = getattr(row, name)
        if name in row.__audited_when_set__ and not value:
            continue
        recorded[name] = jsonable(value)
    return recorded


def jsonable(value: Any) -> Any:
    """A value as the audit log stores it: dates as ISO strings, enums as their values, audited rows as snapshots."""
    if isinstance(value, Audited):
        return snapshot(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
