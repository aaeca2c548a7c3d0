"""Keyset pagination over a nullable sort column and the id: stays fast at any depth, unlike OFFSET."""

import base64
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, literal, or_, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from app.errors import Unprocessable


@dataclass(frozen=True)
class Cursor:
    sort: str
    value: date | None
    last_id: int

    def after_clause(
        self,
        column: InstrumentedAttribute[Any],
        id_column: InstrumentedAttribute[int],
        *,
        descending: bool,
        nullable: bool,
    ) -> Any:
        """Rows after this cursor in ORDER BY column [DESC] [NULLS LAST], id [DESC].

        A row-value comparison lets PostgreSQL walk the (column, id) index straight to the next page."""
        id_after = id_column < self.last_id if descending else id_column > self.last_id
        if self.value is None:
            return and_(column.is_(None), id_after)
        key, mark = tuple_(column, id_column), tuple_(literal(self.value), literal(self.last_id))
        value_after = key < mark if descending else key > mark
        return or_(value_after, column.is_(None)) if nullable else value_after


def encode_cursor(cursor: Cursor) -> str:
    raw = json.dumps([cursor.sort, cursor.value.isoformat() if cursor.value else None, cursor.last_id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(token: str, sort: str) -> Cursor:
    try:
        padded = token + "=" * (-len(token) % 4)
        cursor_sort, value, last_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        cursor = Cursor(cursor_sort, date.fromisoformat(value) if value else None, int(last_id))
    except (ValueError, TypeError) as exc:
        raise Unprocessable(
            "The cursor is not one this service issued; start again without it.", rule="bad_cursor"
        ) from exc
    if cursor.sort != sort:
        raise Unprocessable(
            f"This cursor belongs to sort={cursor.sort}; repeat the same sort to page on.", rule="bad_cursor"
        )
    return cursor
