from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.db import Base, utcnow


class IssuedLetter(Base):
    """A letter as sent: the frozen PDF, its hash, the context and template version it came from.

    It never changes; a correction is a new letter. Publishing adds the redacted copy beside it.
    """

    __tablename__ = "issued_letters"
    __table_args__ = (Index("ix_issued_letters_request_kind", "request_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("foi_requests.id"))
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    issued_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    pdf: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    context: Mapped[dict[str, Any]] = deferred(mapped_column(JSON))
    template_version: Mapped[str] = mapped_column(String(32))
    published_at: Mapped[datetime | None] = mapped_column(default=None)
    published_sha256: Mapped[str | None] = mapped_column(String(64))
    published_pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    published_html: Mapped[str | None] = deferred(mapped_column(Text))
