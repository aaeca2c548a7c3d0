"""What an officer decided about each personal-data finding before publication, kept per case and document."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, utcnow


class Resolution(StrEnum):
    redact = "redact"  # removed from the published copy only; the requester's own copy is unchanged
    dismiss = "dismiss"  # not the requester (a namesake, an ordinary word): published as it is, with the reason


class PersonalDataResolution(Base):
    """One finding resolved: every occurrence of the same text (however spaced or capitalised) in one document,
    or in the case's own text (the request, its title, the letters) when `document_id` is empty."""

    __tablename__ = "personal_data_resolutions"
    __table_args__ = (Index("ix_personal_data_resolutions_request_document", "request_id", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("foi_requests.id"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    key: Mapped[str] = mapped_column(String(400))  # app.personal_data.folding.squash of the text
    text: Mapped[str] = mapped_column(Text)  # as it was found
    form: Mapped[str] = mapped_column(String(60))  # the form it matched: "reversed name", "postcode", ...
    action: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
