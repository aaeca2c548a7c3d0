from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Response, status

from app.auth.dependencies import CurrentUser, SessionDep
from app.auth.models import User
from app.auth.roles import CASEWORK
from app.bundle import builds, bundle, content, redaction, storage
from app.bundle.models import BuildForm, BuildState, BundleBuild, DocumentFile, PublishedFile
from app.bundle.schemas import (
    BuildIn,
    BuildOut,
    ChecksOut,
    ContentOut,
    FindingOut,
    RedactionIn,
    RedactionOut,
    SuggestionOut,
    TextOut,
)
from app.config import get_settings
from app.db import finish_reads
from app.dependencies import RowId
from app.document.service import get_document
from app.downloads import attachment, content_disposition
from app.errors import Forbidden, NotFound
from app.exemption.dependencies import CatalogueDep
from app.foi_request.dependencies import ReadableRequest, RequestId, WritableRequest
from app.foi_request.service import get_request
from app.publishing.service import get_entry
from app.uploads import SpooledUpload

router = APIRouter(prefix="/api/v1/requests/{request_id}", tags=["content, redactions and the bundle"])
public = APIRouter(prefix="/disclosure-log", tags=["disclosure log (public)"])
DocumentId = RowId
RedactionId = RowId
BuildId = RowId
CASEWORKERS = frozenset(CASEWORK)
PDF: dict[int | str, dict[str, Any]] = {200: {"content": {"application/pdf": {}}}}
ZIP: dict[int | str, dict[str, Any]] = {200: {"content": {"application/zip": {}}}}


def caseworker(user: User) -> None:
    if user.role not in CASEWORKERS:
        raise Forbidden("Only caseworkers can change a document's content or redactions.")


def content_uploader(req: WritableRequest, user: CurrentUser) -> User:
    """Who may upload or replace a file, and when: checked before anything in the upload is looked at."""
    content.check_can_upload(req, user)
    return user


ContentUploader = Annotated[User, Depends(content_uploader)]


def content_out(file: DocumentFile) -> ContentOut:
    return ContentOut(
        document_id=file.document_id,
        filename=file.filename,
        media_type=file.media_type,
        kind=file.kind,
        sha256=file.sha256,
        size=file.size,
        pages=file.pages,
        text_length=len(file.text),
        uploaded_at=file.uploaded_at,
    )


@router.put(
    "/documents/{document_id}/content",
    response_model=ContentOut,
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "The file's bytes (at most FOI_UPLOAD_MAX_BYTES; a larger body is a 413).",
            "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
    responses={413: {"description": "The file is larger than the upload limit (FOI_UPLOAD_MAX_BYTES)."}},
)
def put_content(
    upload: SpooledUpload,
    request_id: RequestId,
    document_id: DocumentId,
    session: SessionDep,
    user: ContentUploader,
    filename: Annotated[str | None, Query(max_length=255)] = None,
    content_type: Annotated[str | None, Header(max_length=200)] = None,
) -> ContentOut:
    """Upload the document's content (PDF, DOCX, XLSX, HTML, text): officers, before the response or in a review."""
    settings = get_settings()
    req = get_request(session, request_id)
    with_pages = content.needs_pages(session, get_document(session, req, document_id))
    # The file is read in a worker with no transaction open: a slow or hostile file holds no lock.
    finish_reads(session)
    received = content.receive(upload, content_type, settings, with_pages=with_pages)
    req = get_request(session, request_id, for_update=True)
    content.check_can_upload(req, user)  # again: the case may have been answered while the file was read
    doc = get_document(session, req, document_id)
    return content_out(content.upload(session, req, doc, received, filename, user, settings))


@router.get("/documents/{document_id}/content", response_class=Response)
def get_content(document_id: DocumentId, req: ReadableRequest, session: SessionDep) -> Response:
    """The document's original content, as uploaded (never for release: it still holds what is withheld)."""
    doc = get_document(session, req, document_id)
    file = content.require_file(session, req, doc)
    return Response(
        content.read(file, get_settings()),
        media_type=file.media_type,
        headers={
            "Content-Disposition": content_disposition("attachment", file.filename),
            "X-Content-SHA256": file.sha256,
        },
    )


@router.get("/documents/{document_id}/text", response_model=TextOut)
def get_text(document_id: DocumentId, req: ReadableRequest, session: SessionDep) -> TextOut:
    """The text extracted from the content: copy passages to redact from here."""
    doc = get_document(session, req, document_id)
    file = content.require_file(session, req, doc, with_text=True)
    return TextOut(document_id=doc.id, kind=file.kind, pages=file.pages, text=file.text)


@router.post("/documents/{document_id}/redactions", status_code=status.HTTP_201_CREATED, response_model=RedactionOut)
def add_redaction(
    document_id: DocumentId,
    data: RedactionIn,
    req: WritableRequest,
    session: SessionDep,
    user: CurrentUser,
    catalogue: CatalogueDep,
) -> RedactionOut:
    """Record a redaction: a passage (every occurrence) or a PDF region, citing exemptions the decision relies on."""
    caseworker(user)
    doc = get_document(session, req, document_id)
    row = redaction.add(session, req, doc, data, user, catalogue, get_settings())
    return RedactionOut.model_validate(row)


@router.get("/documents/{document_id}/redactions", response_model=list[RedactionOut])
def list_redactions(document_id: DocumentId, req: ReadableRequest, session: SessionDep) -> list[RedactionOut]:
    """The redactions recorded on a document, at every stage."""
    doc = get_document(session, req, document_id)
    return [RedactionOut.model_validate(r) for r in redaction.list_for(session, doc)]


@router.delete("/documents/{document_id}/redactions/{redaction_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_redaction(
    document_id: DocumentId, redaction_id: RedactionId, req: WritableRequest, session: SessionDep, user: CurrentUser
) -> Response:
    """Remove a redaction (the audit log keeps what it was)."""
    caseworker(user)
    doc = get_document(session, req, document_id)
    redaction.delete(session, req, doc, redaction_id, user)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/documents/{document_id}/redaction-suggestions", response_model=list[SuggestionOut])
def suggest_redactions(document_id: DocumentId, req: ReadableRequest, session: SessionDep) -> list[SuggestionOut]:
    """Personal data that may need redacting, for a reviewer to accept by recording a redaction; none is applied."""
    doc = get_document(session, req, document_id)
    return [
        SuggestionOut.model_validate(s, from_attributes=True)
        for s in redaction.suggestions(session, req, doc, get_settings())
    ]


@router.get("/documents/{document_id}/released", response_class=Response, responses=PDF)
def released_document(
    document_id: DocumentId, req: ReadableRequest, session: SessionDep, catalogue: CatalogueDep
) -> Response:
    """Preview the released version of one document, with its redactions applied (not yet checked)."""
    result = bundle.preview_released(session, req, get_document(session, req, document_id), get_settings())
    return Response(
        result.data,
        media_type=result.media_type,
        headers={"Content-Disposition": content_disposition("inline", result.filename)},
    )


@router.get("/bundle/checks", response_model=ChecksOut)
def bundle_checks(
    req: ReadableRequest,
    session: SessionDep,
    catalogue: CatalogueDep,
    published: Annotated[bool, Query(description="Check the public copy instead of the requester's.")] = False,
) -> ChecksOut:
    """Run the release checks over the bundle and report, without releasing anything."""
    built = bundle.build(session, req, catalogue, get_settings(), public=published)
    return ChecksOut(
        passed=not built.findings,
        files=[f.name for f in built.files],
        findings=[FindingOut(file=f.file, check=f.check, detail=f.detail) for f in built.findings],
        notes=built.notes,
    )


@router.get("/bundle.zip", response_class=Response, responses=ZIP)
def bundle_zip(req: ReadableRequest, session: SessionDep, catalogue: CatalogueDep) -> Response:
    """The requester's bundle: decision letter, annex with the redaction log, released documents (checked first)."""
    built = bundle.build(session, req, catalogue, get_settings(), public=False)
    bundle.require_clean(built)
    return attachment(bundle.zip_bytes(built), "application/zip", f"{req.reference}-bundle.zip")


def build_out(build: BundleBuild) -> BuildOut:
    status_url = f"/api/v1/requests/{build.request_id}/bundle/builds/{build.id}"
    return BuildOut(
        id=build.id,
        request_id=build.request_id,
        form=BuildForm(build.form),
        state=BuildState(build.state),
        requested_at=build.requested_at,
        started_at=build.started_at,
        finished_at=build.finished_at,
        size=build.size,
        status_url=status_url,
        file_url=f"{status_url}/file" if build.state == BuildState.ready.value else None,
        problem=build.problem,
    )


def _pending_headers(response: Response, build: BundleBuild) -> None:
    if build.state in builds.PENDING:
        response.headers["Retry-After"] = "2"


@router.post("/bundle/builds", status_code=status.HTTP_202_ACCEPTED, response_model=BuildOut)
def ask_for_bundle(
    body: BuildIn, request_id: RequestId, session: SessionDep, user: CurrentUser, response: Response
) -> BuildOut:
    """Ask for the requester's bundle to be made by a worker: answers at once with where to ask how it is going
    (Location and `status_url`). The same build comes back while one for this case and form is still waiting."""
    req = get_request(session, request_id, for_update=True)  # two presses at once queue, and find one build
    build = builds.ask(session, req, body.form, user)
    response.headers["Location"] = build_out(build).status_url
    _pending_headers(response, build)
    return build_out(build)


@router.get("/bundle/builds/{build_id}", response_model=BuildOut)
def bundle_build(build_id: BuildId, req: ReadableRequest, session: SessionDep, response: Response) -> BuildOut:
    """How a bundle build is going; `file_url` once it is ready, `problem` if it was refused."""
    build = builds.get_build(session, req, build_id)
    _pending_headers(response, build)
    return build_out(build)


@router.get(
    "/bundle/builds/{build_id}/file",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}, "application/pdf": {}}}},
)
def bundle_build_file(build_id: BuildId, req: ReadableRequest, session: SessionDep) -> Response:
    """The made bundle (409 `bundle_not_ready` while it is being made, `bundle_refused` if it was not)."""
    made = builds.made_file(session, req, build_id, get_settings())
    return attachment(made.data, made.media_type, made.filename)


@router.get("/bundle.pdf", response_class=Response, responses=PDF)
def bundle_pdf(req: ReadableRequest, session: SessionDep, catalogue: CatalogueDep) -> Response:
    """The requester's bundle as one PDF, bookmarked per document (checked first)."""
    built = bundle.build(session, req, catalogue, get_settings(), public=False)
    return Response(
        bundle.checked_pdf(built),
        media_type="application/pdf",
        headers={"Content-Disposition": content_disposition("inline", f"{req.reference}-bundle.pdf")},
    )


@public.get("/{reference}/documents/{file_id}", response_class=Response)
def published_file(
    reference: Annotated[str, Path(max_length=32)],
    file_id: RowId,
    session: SessionDep,
) -> Response:
    """A released document (or the whole bundle) as published on the disclosure log."""
    entry = get_entry(session, reference)
    row = session.get(PublishedFile, file_id)
    if row is None or row.request_id != entry.request_id:
        raise NotFound(f"No published document {file_id} under {reference}.")
    data = storage.get_storage(get_settings()).get(row.storage_key)
    return Response(
        data, media_type=row.media_type, headers={"Content-Disposition": content_disposition("inline", row.filename)}
    )
