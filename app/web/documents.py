"""One document: upload its content, read the extracted text, record redactions (or accept suggested ones),
preview the released version, and resolve the personal data of the requester it would publish."""

import tempfile
from typing import Any

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from app.auth.dependencies import SessionDep
from app.auth.models import User
from app.bundle import bundle, content, redaction
from app.bundle.schemas import RedactionIn
from app.bundle.suggestions import suggest
from app.config import get_settings
from app.db import finish_reads
from app.dependencies import RowId
from app.document import service as documents
from app.document.models import DecisionOutcome, Document, Stage
from app.document.service import cited_codes
from app.downloads import content_disposition
from app.errors import AppError
from app.exemption.catalogue import Catalogue
from app.exemption.dependencies import CatalogueDep
from app.foi_request import service
from app.foi_request.models import FoiRequest
from app.personal_data.service import LABEL, forms_of
from app.publishing import service as publishing
from app.review.service import working_stage
from app.uploads import copy_to_file
from app.web import personal_data
from app.web.dependencies import CsrfChecked, FormFields, FormLists, SignedIn
from app.web.forms import FormErrors, add_app_error, attempt, errors_of
from app.web.templating import render

router = APIRouter(include_in_schema=False)
CaseId = RowId
DocId = RowId
RedactionId = RowId
DONE = {
    "uploaded": "Content uploaded; its text is below.",
    "redacted": "Redaction recorded.",
    "removed": "Redaction removed.",
    "pd_redacted_all": "Every finding in this document is redacted in the published copy.",
} | personal_data.DONE


def page(
    request: Request,
    session: Session,
    req: FoiRequest,
    doc: Document,
    form: dict[str, Any] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
    typed: dict[str, str] | None = None,
) -> HTMLResponse:
    settings = get_settings()
    stage = working_stage(session, req)
    decision = redaction.decision_for(doc, stage) or redaction.decision_for(doc, Stage.initial)
    file = content.get_file(session, doc, with_text=True)
    rows = redaction.list_for(session, doc)
    already = {r.text for r in rows if r.text}
    suggestions = (
        suggest(file.text, forms_of(req, settings), already) if file is not None and decision is not None else []
    )
    # Rendering the document as it would be published is the costly part of this page: once per view.
    released = file is not None and decision is not None and DecisionOutcome(decision.outcome) in bundle.RELEASED
    findings = publishing.document_findings(session, req, doc, settings) if released else None
    done = request.query_params.get("done", "")
    return render(
        request,
        "document.html",
        status_code=status_code,
        title=f"Item {doc.item}: {doc.title}",
        req=req,
        doc=doc,
        stage=stage,
        decision=decision,
        relied_on=cited_codes(decision) if decision is not None else [],
        file=file,
        redactions=rows,
        suggestions=suggestions,
        personal_data=personal_data.section(session, req, doc.id, findings, errors, typed),
        label=LABEL,
        form=form or {"exemptions": []},
        errors=errors,
        flash=DONE.get(done),
        max_bytes=settings.upload_max_bytes,
        uploaders=sorted(content.UPLOADERS),
        upload_locked=req.status in content.CONTENT_LOCKED,
    )


def _load(session: Session, case_id: int, doc_id: int, *, for_update: bool = False) -> tuple[FoiRequest, Document]:
    req = service.get_request(session, case_id, for_update=for_update)
    return req, documents.get_document(session, req, doc_id)


@router.get("/cases/{case_id}/documents/{doc_id}", response_class=HTMLResponse)
def document_page(
    case_id: CaseId, doc_id: DocId, request: Request, session: SessionDep, _user: SignedIn
) -> HTMLResponse:
    req, doc = _load(session, case_id, doc_id)
    return page(request, session, req, doc)


@router.post("/cases/{case_id}/documents/{doc_id}/content", response_class=HTMLResponse, dependencies=[CsrfChecked])
def upload(
    case_id: CaseId,
    doc_id: DocId,
    request: Request,
    session: SessionDep,
    user: SignedIn,
    file: UploadFile | None = None,
) -> Response:
    req, doc = _load(session, case_id, doc_id)
    content.check_can_upload(req, user)
    errors = FormErrors()
    settings = get_settings()
    if file is None or not file.filename:
        errors.add("file", "Choose the file to upload")
        return page(request, session, req, doc, errors=errors, status_code=422)
    with_pages = content.needs_pages(session, doc)
    # The file is read in a worker with no transaction open: a slow or hostile file holds no lock.
    finish_reads(session)
    received, problem = None, None
    with tempfile.TemporaryDirectory(prefix="foi-upload-") as folder:
        try:
            received = content.receive(
                copy_to_file(file.file, folder), file.content_type, settings, with_pages=with_pages
            )
        except AppError as exc:
            problem = exc
    req, doc = _load(session, case_id, doc_id, for_update=True)
    if received is not None:
        content.check_can_upload(req, user)  # again: the case may have been answered while the file was read
        _, problem = attempt(
            session, lambda: content.upload(session, req, doc, received, file.filename, user, settings)
        )
    if problem is not None:
        add_app_error(errors, problem, {problem.rule or "": "file"})
        return page(request, session, req, doc, errors=errors, status_code=problem.status_code)
    return RedirectResponse(f"/cases/{req.id}/documents/{doc.id}?done=uploaded", status_code=303)


def _add(
    session: Session, req: FoiRequest, doc: Document, data: RedactionIn, user: User, catalogue: Catalogue
) -> object:
    return redaction.add(session, req, doc, data, user, catalogue, get_settings())


@router.post("/cases/{case_id}/documents/{doc_id}/redactions", response_class=HTMLResponse, dependencies=[CsrfChecked])
def add_redaction(
    case_id: CaseId,
    doc_id: DocId,
    request: Request,
    session: SessionDep,
    user: SignedIn,
    catalogue: CatalogueDep,
    lists: FormLists,
) -> Response:
    req, doc = _load(session, case_id, doc_id, for_update=True)
    errors = FormErrors()
    passage = (lists.get("text") or [""])[0]
    codes = [c for c in lists.get("exemptions", []) if c]
    form = {"text": passage, "exemptions": codes}
    if not passage.strip():
        errors.add("text", "Enter the passage to redact, exactly as it appears in the text")
    if not codes:
        errors.add("exemptions", "Choose the exemptions that cover this passage")
    if errors:
        return page(request, session, req, doc, form, errors, 422)
    try:
        data = RedactionIn(stage=working_stage(session, req), exemptions=codes, text=passage)
    except ValidationError as exc:
        errors.add("text", "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors()))
        return page(request, session, req, doc, form, errors, 422)
    _, problem = attempt(session, lambda: _add(session, req, doc, data, user, catalogue))
    if problem is not None:
        field = "exemptions" if "exemption" in (problem.rule or "") else "text"
        add_app_error(errors, problem, {problem.rule or "": field})
        return page(request, session, req, doc, form, errors, problem.status_code)
    return RedirectResponse(f"/cases/{req.id}/documents/{doc.id}?done=redacted#redactions", status_code=303)


@router.post(
    "/cases/{case_id}/documents/{doc_id}/redactions/{redaction_id}/delete",
    response_class=HTMLResponse,
    dependencies=[CsrfChecked],
)
def delete_redaction(
    case_id: CaseId, doc_id: DocId, redaction_id: RedactionId, request: Request, session: SessionDep, user: SignedIn
) -> Response:
    req, doc = _load(session, case_id, doc_id, for_update=True)
    _, problem = attempt(session, lambda: redaction.delete(session, req, doc, redaction_id, user))
    if problem is not None:
        return page(request, session, req, doc, errors=errors_of(problem), status_code=problem.status_code)
    return RedirectResponse(f"/cases/{req.id}/documents/{doc.id}?done=removed#redactions", status_code=303)


@router.post(
    "/cases/{case_id}/documents/{doc_id}/personal-data/resolutions",
    response_class=HTMLResponse,
    dependencies=[CsrfChecked],
)
def resolve_finding(
    case_id: CaseId, doc_id: DocId, request: Request, session: SessionDep, user: SignedIn, fields: FormFields
) -> Response:
    req, doc = _load(session, case_id, doc_id, for_update=True)
    outcome = personal_data.resolve(session, req, user, fields, doc.id)
    if outcome.done is None:
        return page(request, session, req, doc, None, outcome.errors, outcome.status_code, outcome.form)
    return RedirectResponse(f"/cases/{req.id}/documents/{doc.id}?done={outcome.done}#personal-data", status_code=303)


@router.post(
    "/cases/{case_id}/documents/{doc_id}/personal-data/redact-all",
    response_class=HTMLResponse,
    dependencies=[CsrfChecked],
)
def redact_all(case_id: CaseId, doc_id: DocId, request: Request, session: SessionDep, user: SignedIn) -> Response:
    req, doc = _load(session, case_id, doc_id, for_update=True)
    done, problem = attempt(session, lambda: publishing.redact_all(session, req, user, get_settings(), doc.id))
    if problem is not None:
        return page(request, session, req, doc, errors=errors_of(problem), status_code=problem.status_code)
    key = "pd_redacted_all" if done else "pd_nothing"
    return RedirectResponse(f"/cases/{req.id}/documents/{doc.id}?done={key}#personal-data", status_code=303)


@router.get("/cases/{case_id}/documents/{doc_id}/released.pdf")
def released(case_id: CaseId, doc_id: DocId, session: SessionDep, _user: SignedIn) -> Response:
    req, doc = _load(session, case_id, doc_id)
    result = bundle.preview_released(session, req, doc, get_settings())
    return Response(
        result.data,
        media_type=result.media_type,
        headers={"Content-Disposition": content_disposition("inline", result.filename), "Cache-Control": "no-store"},
    )
