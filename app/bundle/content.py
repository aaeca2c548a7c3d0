"""Uploading a document's content: stored by SHA-256, its type detected from its bytes, its text extracted."""

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from app import timeutil, worker_pool
from app.audit.service import record
from app.audit.snapshot import snapshot
from app.auth.models import User
from app.auth.roles import CASE_OFFICERS
from app.bundle import extraction, file_reading, locate, storage
from app.bundle.file_limits import FileLimits
from app.bundle.models import DocumentFile, FileKind, Redaction
from app.config import Settings
from app.document.models import Document
from app.errors import Conflict, Forbidden, PayloadTooLarge, Unprocessable
from app.foi_request.models import FoiRequest, Status
from app.worker_pool import WorkerLimits

UPLOADERS = frozenset(CASE_OFFICERS)
# The response has gone and no internal review is open: the file is what the decision and the letters were about.
CONTENT_LOCKED = frozenset({Status.responded, Status.review_complete})


def check_can_upload(req: FoiRequest, actor: User) -> None:
    """Who may upload or replace a document's file, and when: called before the body is read."""
    if actor.role not in UPLOADERS:
        raise Forbidden(
            f"Only an officer or an admin can upload or replace a document's file; you are signed in as "
            f"{actor.role}. Ask the officer on {req.reference} to upload it.",
            rule="upload_needs_officer",
        )
    if req.status in CONTENT_LOCKED:
        raise Conflict(
            f"Request {req.reference} has been answered ({req.status}), so its documents' files are what the "
            "response was about and can no longer be uploaded or replaced. Open an internal review to change them.",
            rule="content_locked_after_response",
        )


def safe_filename(name: str | None, kind: FileKind, item: str) -> str:
    stem = re.sub(r"[^\w.() -]+", "_", (name or "").strip())[:200].strip(" .")
    return stem or f"item-{item}.{extraction.EXTENSIONS[kind]}"


def get_file(session: Session, doc: Document, *, with_text: bool = False) -> DocumentFile | None:
    stmt = select(DocumentFile).where(DocumentFile.document_id == doc.id)
    if with_text:
        stmt = stmt.options(undefer(DocumentFile.text))
    return session.scalars(stmt).first()


def require_file(session: Session, req: FoiRequest, doc: Document, *, with_text: bool = False) -> DocumentFile:
    file = get_file(session, doc, with_text=with_text)
    if file is None:
        raise Conflict(
            f"Item {doc.item} of {req.reference} has no content yet: upload the document's file first.",
            rule="no_content",
        )
    return file


def read(file: DocumentFile, settings: Settings) -> bytes:
    return storage.get_storage(settings).get(file.storage_key)


@dataclass(frozen=True)
class Received:
    """An uploaded file, read and within the limits, ready to store."""

    data: bytes
    reading: file_reading.Reading


def receive(path: Path, media_type: str | None, settings: Settings, *, with_pages: bool) -> Received:
    """Read an uploaded file in a worker process within the limits; call it holding no database transaction."""
    size = path.stat().st_size
    if size == 0:
        raise Unprocessable("The upload is empty; send the file's bytes as the request body.", rule="empty_upload")
    if size > settings.upload_max_bytes:
        raise too_large(size, settings)
    reading = worker_pool.run(
        file_reading.read_upload,
        path,
        media_type,
        FileLimits.of(settings),
        with_pages,
        limits=WorkerLimits.of(settings),
    )
    return Received(path.read_bytes(), reading)


def too_large(size: int | None, settings: Settings) -> PayloadTooLarge:
    given = f"The file is {size:,} bytes; " if size is not None else "The file is larger than the limit: "
    return PayloadTooLarge(
        f"{given}the limit is {settings.upload_max_bytes:,} bytes (FOI_UPLOAD_MAX_BYTES). Split it into smaller "
        "files and upload them as separate documents, or ask your administrator to raise the limit.",
        rule="file_too_large",
        extra={"limit_bytes": settings.upload_max_bytes},
    )


def needs_pages(session: Session, doc: Document) -> bool:
    """Whether an upload must locate the document's recorded redactions again (see relocate)."""
    return session.scalar(select(Redaction.id).where(Redaction.document_id == doc.id).limit(1)) is not None


def upload(
    session: Session,
    req: FoiRequest,
    doc: Document,
    received: Received,
    filename: str | None,
    actor: User,
    settings: Settings,
) -> DocumentFile:
    """Store a file `receive` has read, as the document's content."""
    data, reading = received.data, received.reading
    kind, extracted = reading.kind, reading.extracted
    key = storage.get_storage(settings).put(data)
    file = get_file(session, doc, with_text=True)
    before = snapshot(file) if file is not None else None
    if file is None:
        file = DocumentFile(document_id=doc.id, request_id=req.id)
        session.add(file)
    file.filename = safe_filename(filename, kind, doc.item)
    file.media_type = extraction.MEDIA_TYPES[kind]
    file.kind = kind.value
    file.sha256 = storage.sha256(data)
    file.size = len(data)
    file.storage_key = key
    file.pages = extracted.pages
    file.text = extracted.text
    file.uploaded_by_id = actor.id
    file.uploaded_at = timeutil.now()
    # The extracted text becomes the document's content: what officers read, search and quote.
    doc.content = extracted.text
    session.flush()
    relocate(session, doc, reading.pages or [], extracted.text)
    record(
        session,
        actor=actor,
        entity="document_file",
        entity_id=file.id,
        action="uploaded" if before is None else "replaced",
        before=before,
        after=snapshot(file),
        request_id=req.id,
    )
    return file


def upload_bytes(
    session: Session,
    req: FoiRequest,
    doc: Document,
    data: bytes,
    media_type: str | None,
    filename: str | None,
    actor: User,
    settings: Settings,
) -> DocumentFile:
    """Receive and store bytes already in hand (the demonstration case, the CLI), in the caller's transaction."""
    with tempfile.TemporaryDirectory(prefix="foi-upload-") as folder:
        path = Path(folder) / "upload"
        path.write_bytes(data)
        received = receive(path, media_type, settings, with_pages=needs_pages(session, doc))
    return upload(session, req, doc, received, filename, actor, settings)


def relocate(session: Session, doc: Document, pages: list[locate.PageText], text: str) -> None:
    """New content: find each recorded redaction again, so the redaction log shows where it now falls."""
    rows = list(session.scalars(select(Redaction).where(Redaction.document_id == doc.id)))
    if not rows:
        return
    for row in rows:
        if row.text is not None:
            row.pages, row.occurrences = where(pages, text, row.text)
        elif row.page is not None and row.rect is not None and row.page <= len(pages):
            rect = (row.rect[0], row.rect[1], row.rect[2], row.rect[3])
            row.region_text = pages[row.page - 1].text_in(rect)


def where(pages: list[locate.PageText], text: str, passage: str) -> tuple[list[int], int]:
    """The pages a passage is on (PDF) and how often it occurs."""
    if not pages:
        return [], locate.count(text, passage)
    on, total = [], 0
    for page in pages:
        hits = len(page.find(passage))
        if hits:
            on.append(page.index + 1)
            total += hits
    return on, total
