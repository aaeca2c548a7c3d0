"""Dependencies shared by the routers: row ids in paths and If-Match versions (the exemption catalogue is
app/exemption/dependencies.py)."""

from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Path
from pydantic import BaseModel

from app.errors import Unprocessable
from app.schemas import ErrorOut

# Ids are PostgreSQL integers: a larger number in a path is a 422 here, never an out-of-range error in the database.
MAX_ID = 2**31 - 1
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]


def if_match_version(
    if_match: Annotated[str | None, Header(description='The version you last read, e.g. "3" (an ETag).')] = None,
) -> int | None:
    if if_match is None:
        return None
    raw = if_match.strip().removeprefix("W/").strip('"')
    if not raw.isdigit():
        raise Unprocessable(f'If-Match must carry a version number such as "3"; got {if_match!r}.', rule="bad_if_match")
    return int(raw)


IfMatch = Annotated[int | None, Depends(if_match_version)]

# For the endpoints that change a versioned row: a change that does not say which version it read is refused.
VERSION_REQUIRED: dict[int | str, dict[str, Any]] = {
    428: {
        "model": ErrorOut,
        "description": 'No version was sent: read the row and send its version as "version" in the body or as '
        'If-Match: "N" (a stale one gets 409).',
    }
}


Versioned = TypeVar("Versioned", bound=BaseModel)


def with_if_match(data: Versioned, if_match: int | None) -> Versioned:
    """A version in the body wins; otherwise the If-Match header supplies it."""
    if getattr(data, "version", None) is None and if_match is not None:
        return data.model_copy(update={"version": if_match})
    return data
