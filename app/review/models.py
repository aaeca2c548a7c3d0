from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.audit.snapshot import Audited
from app.db import Base, utcnow


class ReviewOutcome(StrEnum):
    upheld = "upheld"
    upheld_in_part = "upheld_in_part"
    overturned = "overturned"


class InternalReview(Base, Audited):
    """The requester's internal review (s45 Code section 5; EIR reg 11)."""

    __tablename__ = "internal_reviews"
    __audited__ = (
        "requested_on",
        "due_on",
        "extended_due_on",
        "late_request",
        "outcome",
        "decided_on",
        "reviewer_id",
    )
    # What an independence override records (its own event, app/review/independence.py).
    AUDITED_OVERRIDE: ClassVar[tuple[str, ...]] = (
        "reviewer_id",
        "independence_override_reason",
        "independence_override_by_id",
        "independence_override_at",
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("foi_requests.id"), unique=True)
    requested_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    extended_due_on: Mapped[date] = mapped_column(Date)
    request_window_ends_on: Mapped[date | None] = mapped_column(Date)
    late_request: Mapped[bool] = mapped_column(default=False)
    outcome: Mapped[str | None] = mapped_column(String(32))
    decided_on: Mapped[date | None] = mapped_column(Date)
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Who carried out the review: the first to re-decide a document, or the one who recorded the outcome if
    # nothing was re-decided. s45 Code of Practice, section 5: someone not involved in the original decision.
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # An admin's decision that someone involved in the original decision may carry out the review, and why.
    independence_override_reason: Mapped[str | None] = mapped_column(Text)
    independence_override_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    independence_override_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def timeliness(self) -> str | None:
        """In time within 20 working days, within the exceptional 40, or late (ICO; s45 Code section 5)."""
        if self.decided_on is None:
            return None
        if self.decided_on <= self.due_on:
            return "in_time"
        return "in_time_extended" if self.decided_on <= self.extended_due_on else "late"
