from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, utcnow


class Reminder(Base):
    """The outbox: one row per (case, rule, target date). The unique key is what makes 'exactly once' hold."""

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("request_id", "rule", "target_on"),
        Index("ix_reminders_status_next_attempt", "status", "next_attempt_at"),
        Index("ix_reminders_planned_on", "planned_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("foi_requests.id"), index=True)
    rule: Mapped[str] = mapped_column(String(64))
    target_on: Mapped[date] = mapped_column(Date)  # the date the reminder is about (a deadline, or the day)
    deadline_on: Mapped[date | None] = mapped_column(Date)  # the deadline in force when it was planned
    planned_on: Mapped[date] = mapped_column(Date)
    recipient_email: Mapped[str] = mapped_column(String(320))
    recipient_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    subject: Mapped[str | None] = mapped_column(String(300))  # set when the message is built
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | sent | failed | cancelled
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    message_id: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
