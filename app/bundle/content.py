"""Uploading a document's content: stored by SHA-256, its type detected from its bytes, its text extracted."""

import re

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from app import timeutil
from app.audit.service import record
from app.auth.models import Role, User
from app.bundle import extraction, locate, storage
from app.bundle.models import DocumentFile, FileKind, Redaction
from app.config import Settings
from app.document.models import Document
from app.errors import Conflict, Forbidden, Unprocessable
from app.foi_request.models import FoiRequest, Status

UPLOADERS = frozenset({Role.officer, Role.admin})
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
            f"Item {doc.item} of {req.reference} has no content yet; upload it with "
            f"PUT /api/v1/requests/{req.id}/documents/{doc.id}/content.",
            rule="no_content",
        )
    return file


def read(file: DocumentFile, settings: Settings) -> bytes:
    return storage.get_storage(settings).get(file.storage_key)


def upload(
    session: Session,
    req: FoiRequest,
    doc: Document,
    data: bytes,
    media_type: str | None,
    filename: str | None,
    actor: User,
    settings: Settings,
) -> DocumentFile:
    if not data:
        raise Unprocessable("The upload is empty; send the file's bytes as the request body.", rule="empty_upload")
    if len(data) > settings.upload_max_bytes:
        raise Unprocessable(
            f"The file is {len(data):,} bytes; the limit is {settings.upload_max_bytes:,} (FOI_UPLOAD_MAX_BYTES).",
            rule="file_too_large",
        )
    kind = extraction.detect(data, media_type)
    extracted = extraction.extract(kind, data)
    key = storage.get_storage(settings).put(data)
    file = get_file(session, doc, with_text=True)
    before = _snapshot(file) if file is not None else None
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
    relocate(session, doc, kind, data, extracted.text)
    record(
        session,
        actor=actor,
        entity="document_file",
        entity_id=file.id,
        action="uploaded" if before is None else "replaced",
        before=before,
        after=_snapshot(file),
        request_id=req.id,
    )
    return file


def _snapshot(file: DocumentFile) -> dict[str, object]:
    return {
        "document_id": file.document_id,
        "filename": file.filename,
        "kind": file.kind,
        "sha256": file.sha256,
        "size": file.size,
        "pages": file.pages,
    }


def relocate(session: Session, doc: Document, kind: FileKind, data: bytes, text: str) -> None:
    """New content: find each recorded redaction again, so the redaction log shows where it now falls."""
    rows = list(session.scalars(select(Redaction).where(Redaction.document_id == doc.id)))
    if not rows:
        return
    pages = locate.read_pages(data) if kind is FileKind.pdf else []
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
