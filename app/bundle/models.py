"""Uploaded document content, redactions recorded as data, and what was published from a bundle."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.audit.snapshot import Audited
from app.db import Base, utcnow


class FileKind(StrEnum):
    pdf = "pdf"
    docx = "docx"
    xlsx = "xlsx"
    html = "html"
    text = "text"


class DocumentFile(Base, Audited):
    """A document's uploaded content: the original bytes live in storage, addressed by their SHA-256."""

    __tablename__ = "document_files"
    __audited__ = ("document_id", "filename", "kind", "sha256", "size", "pages")

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), unique=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("foi_requests.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    storage_key: Mapped[str] = mapped_column(String(200))
    pages: Mapped[int | None]
    text: Mapped[str] = deferred(mapped_column(Text, nullable=False))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Redaction(Base, Audited):
    """One passage or one region to remove from a document at a decision stage, labelled with its exemptions.

    `pages` and `occurrences` say where a passage was found when it was recorded (the redaction log reads them);
    `region_text` is what lay under a region, kept so the release checks can prove it is gone.
    """

    __tablename__ = "redactions"
    __audited__ = ("document_id", "stage", "exemptions", "text", "page", "rect", "occurrences")

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("foi_requests.id"), index=True)
    stage: Mapped[str] = mapped_column(String(32))
    exemptions: Mapped[list[str]] = mapped_column(JSON)
    text: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None]
    rect: Mapped[list[float] | None] = mapped_column(JSON)
    region_text: Mapped[str | None] = mapped_column(Text)
    pages: Mapped[list[int]] = mapped_column(JSON, default=list)
    occurrences: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PublishedFile(Base):
    """A file of the public bundle on the disclosure log: frozen at publication, checked before it was stored."""

    __tablename__ = "published_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("foi_requests.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    label: Mapped[str] = mapped_column(String(400))
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    storage_key: Mapped[str] = mapped_column(String(200))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class BuildState(StrEnum):
    queued = "queued"
    building = "building"
    ready = "ready"
    refused = "refused"  # the release checks (or a file's limits) stopped it: `problem` says why


class BuildForm(StrEnum):
    zip = "zip"
    pdf = "pdf"


class BundleBuild(Base):
    """The requester's bundle, asked for now and made by a worker (app/bundle/builds.py): the request answers 202
    at once with where to ask how it is going, and the file is a snapshot of the case when it was made."""

    __tablename__ = "bundle_builds"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("foi_requests.id"), index=True)
    form: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(16), default=BuildState.queued.value, index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    storage_key: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int | None]
    problem: Mapped[dict[str, Any] | None] = mapped_column(JSON)
