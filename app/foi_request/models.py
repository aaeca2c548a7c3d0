from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.audit.snapshot import Audited
from app.db import Base, utcnow


class Status(StrEnum):
    """Case status; law.md 11.3 (what the Cabinet Office statistics need)."""

    open = "open"
    on_hold_clarification = "on_hold_clarification"
    on_hold_fee = "on_hold_fee"
    responded = "responded"
    internal_review = "internal_review"
    review_complete = "review_complete"
    withdrawn = "withdrawn"
    lapsed = "lapsed"


class Outcome(StrEnum):
    """How the request was answered; law.md 11.1 and 11.3."""

    granted_in_full = "granted_in_full"
    partly_withheld = "partly_withheld"
    withheld_in_full = "withheld_in_full"
    not_held = "not_held"
    ncnd = "ncnd"
    refused_s12 = "refused_s12"
    refused_s14 = "refused_s14"
    advice_only = "advice_only"

    @property
    def label(self) -> str:
        """How staff pages, the disclosure log and downloads name it: one wording everywhere."""
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    Outcome.granted_in_full: "Information released in full",
    Outcome.partly_withheld: "Information released in part",
    Outcome.withheld_in_full: "Information withheld",
    Outcome.not_held: "Information not held",
    Outcome.ncnd: "Neither confirmed nor denied",
    Outcome.refused_s12: "Refused: cost limit (section 12)",
    Outcome.refused_s14: "Refused: vexatious or repeated (section 14)",
    Outcome.advice_only: "Advice and assistance given",
}


class Requester(Base, Audited):
    """The requester's personal data, kept apart from the case so it never reaches anything published."""

    __tablename__ = "requesters"
    __audited__ = ("name", "email", "phone", "postal_address", "organisation")

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(40))
    postal_address: Mapped[str | None] = mapped_column(Text)
    organisation: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReferenceCounter(Base):
    """Last reference number issued per prefix and year (FOI-2025-000123)."""

    __tablename__ = "reference_counters"

    prefix: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_value: Mapped[int]


class FoiRequest(Base, Audited):
    __tablename__ = "foi_requests"
    # No requester personal data: that is the requester's own entity.
    __audited__ = (
        "reference",
        "regime",
        "school",
        "received_on",
        "title",
        "request_text",
        "status",
        "outcome",
        "assigned_to_id",
        "due_on",
        "extended_due_on",
        "responded_on",
    )
    __table_args__ = (
        Index("ix_foi_requests_status_due_on", "status", "due_on", "id"),
        Index("ix_foi_requests_due_on_id", "due_on", "id"),
        Index("ix_foi_requests_received_on_id", "received_on", "id"),
        Index("ix_foi_requests_assigned_to_status", "assigned_to_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    regime: Mapped[str] = mapped_column(String(32))
    school: Mapped[str | None] = mapped_column(String(100))
    received_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(300))
    request_text: Mapped[str] = mapped_column(Text)
    requester_id: Mapped[int] = mapped_column(ForeignKey("requesters.id"), index=True)
    status: Mapped[str] = mapped_column(String(32), default=Status.open)
    outcome: Mapped[str | None] = mapped_column(String(32))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Derived from received_on and the clock events by app.deadline; stored so lists can filter and sort.
    date_of_receipt: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    extended_due_on: Mapped[date | None] = mapped_column(Date)
    responded_on: Mapped[date | None] = mapped_column(Date)
    timeliness: Mapped[str | None] = mapped_column(String(32))
    # law.md 3.3: working days after the date of receipt up to and including the response (statistics' median).
    working_days_taken: Mapped[int | None] = mapped_column(default=None)
    calendar_version: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    requester: Mapped[Requester] = relationship(lazy="joined", innerjoin=True)
    events: Mapped[list["ClockEventRow"]] = relationship(
        back_populates="request", order_by="ClockEventRow.id", cascade="all, delete-orphan"
    )


class ClockEventRow(Base):
    """Something that moves the statutory clock (FOIA s1(3), s9, s10(3)) or closes the request."""

    __tablename__ = "clock_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("foi_requests.id"), index=True)
    type: Mapped[str] = mapped_column(String(32))
    occurred_on: Mapped[date] = mapped_column(Date)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[FoiRequest] = relationship(back_populates="events")
