"""Pieces shared by every domain's API models."""

from datetime import date
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, StringConstraints

NonEmptyStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class InModel(BaseModel):
    """Incoming bodies: unknown fields are an error, so a typo is reported instead of ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OutModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None
    limit: int


class ErrorOut(BaseModel):
    """Every error answer: what is wrong and how to fix it, and the rule that said so."""

    error: str
    detail: str
    rule: str | None = None  # a stable code: the API description lists every one (app/rule_codes.toml)
    field: str | None = None  # the input it concerns, e.g. "details.amount"
    how: str | None = None  # where on the API to do what the detail asks, e.g. "POST /api/v1/requests/7/opinions"


class UserRef(OutModel):
    id: int
    name: str


class DateRange(BaseModel):
    start: date
    end: date | None
