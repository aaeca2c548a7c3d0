"""Letters and publishing from the case: preview as HTML, download the PDF, issue, resolve the personal data in the
case's own text, publish."""

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, cast

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app.auth.dependencies import SessionDep
from app.auth.models import User
from app.bundle import builds
from app.config import get_settings
from app.dependencies import RowId
from app.document import service as documents
from app.downloads import content_disposition
from app.errors import AppError
from app.exemption.catalogue import Catalogue
from app.exemption.dependencies import CatalogueDep
from app.foi_request import service
from app.foi_request.models import FoiRequest
from app.foi_request.service import check_version
from app.letter import service as letters
from app.letter.builder import KINDS
from app.letter.context import LetterKind
from app.letter.render import render_pdf
from app.publishing import service as publishing
from app.web import cases, personal_data
from app.web.cases import EVENT_NAMES
from app.web.dependencies import CsrfChecked, FormFields, SignedIn, WebOfficer
from app.web.forms import FormErrors, add_app_error, attempt, errors_of, optional_int, read_date, typed_date
from app.web.templating import render

router = APIRouter(include_in_schema=False)
CaseId = RowId
LetterId = RowId


@dataclass(frozen=True)
class FindingsAt:
    """The personal-data findings that stopped a publication, for one document or for the case's own text."""

    heading: str
    link: str
    findings: list[dict[str, Any]] = field(default_factory=list)


def findings_by_place(session: Session, req: FoiRequest, problem: AppError) -> list[FindingsAt]:
    titles = {d.id: f"Item {d.item}: {d.title}" for d in documents.list_documents(session, req.id)}
    places: dict[int | None, FindingsAt] = {}
    for finding in problem.extra.get("findings", []):
        doc_id = finding.get("document_id")
        if doc_id not in places:
            places[doc_id] = (
                FindingsAt("The request and its letters", f"/cases/{req.id}#personal-data")
                if doc_id is None
                else FindingsAt(
                    titles.get(doc_id, f"Item {finding.get('item')}"),
                    f"/cases/{req.id}/documents/{doc_id}#personal-data",
                )
            )
        places[doc_id].findings.append(finding)
    return list(places.values())


def _letters_page(
    request: Request,
    session: SessionDep,
    case_id: int,
    catalogue: CatalogueDep,
    errors: FormErrors | None = None,
    status_code: int = 200,
    publication_findings: list[FindingsAt] | None = None,
    dated: object = None,
) -> HTMLResponse:
    req = service.get_request(session, case_id)
    return render(
        request,
        "letters.html",
        status_code=status_code,
        title="Letters",
        req=req,
        available=[
            replace(a, missing=_plain(a.missing)) for a in letters.availability(session, req, catalogue, get_settings())
        ],
        issued=letters.issued_letters(session, req.id),
        entry=publishing.entry_for_request(session, req.id),
        builds=builds.recent(session, req.id),
        errors=errors,
        publication_findings=publication_findings or [],
        dated=dated,
    )


@router.get("/cases/{case_id}/letters", response_class=HTMLResponse)
def letters_page(
    case_id: CaseId, request: Request, session: SessionDep, _user: SignedIn, catalogue: CatalogueDep
) -> HTMLResponse:
    return _letters_page(request, session, case_id, catalogue)


@router.get("/cases/{case_id}/letters/{kind}/preview", response_class=HTMLResponse)
def preview(
    case_id: CaseId, kind: LetterKind, session: SessionDep, user: SignedIn, catalogue: CatalogueDep
) -> HTMLResponse:
    req = service.get_request(session, case_id)
    _, html = letters.preview(session, req, kind, catalogue, get_settings(), user)
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


@router.get("/cases/{case_id}/letters/{kind}/letter.css")
def preview_stylesheet(case_id: CaseId, kind: LetterKind, _user: SignedIn) -> FileResponse:
    """The stylesheet the HTML preview links to (relatively, as WeasyPrint reads it), served as CSS: with
    X-Content-Type-Options: nosniff a browser applies nothing else."""
    return FileResponse(get_settings().letter_templates_dir / "letter.css", media_type="text/css")


@router.get("/cases/{case_id}/letters/{kind}.pdf")
def preview_pdf(
    case_id: CaseId, kind: LetterKind, session: SessionDep, user: SignedIn, catalogue: CatalogueDep
) -> Response:
    req = service.get_request(session, case_id)
    settings = get_settings()
    _, html = letters.preview(session, req, kind, catalogue, settings, user)
    return _pdf(render_pdf(html, settings.letter_templates_dir), f"{req.reference}-{kind}-draft.pdf")


@router.get("/cases/{case_id}/letters/issued/{letter_id}.pdf")
def issued_pdf(case_id: CaseId, letter_id: LetterId, session: SessionDep, _user: SignedIn) -> Response:
    req = service.get_request(session, case_id)
    letter = letters.get_issued(session, req, letter_id)
    return _pdf(letter.pdf, f"{req.reference}-{letter.kind}-{letter.issued_on}.pdf")


@router.post("/cases/{case_id}/letters/issue-dated", response_class=HTMLResponse, dependencies=[CsrfChecked])
def issue_dated(
    case_id: CaseId,
    request: Request,
    session: SessionDep,
    user: WebOfficer,
    catalogue: CatalogueDep,
    fields: FormFields,
) -> Response:
    """Issue a letter dated as it was sent (on or before today; audited with its date)."""
    errors = FormErrors()
    issued_on = read_date(fields, "issued_on", "the date on the letter", errors)
    kind = fields.get("kind", "")
    if kind not in KINDS:
        errors.add("kind", "Choose the letter to issue")
    if errors or issued_on is None:
        return _letters_page(request, session, case_id, catalogue, errors, 422, dated=typed_date(fields, "issued_on"))
    return _issue(request, session, case_id, cast(LetterKind, kind), user, catalogue, fields, issued_on)


@router.post("/cases/{case_id}/letters/{kind}/issue", response_class=HTMLResponse, dependencies=[CsrfChecked])
def issue(
    case_id: CaseId,
    kind: LetterKind,
    request: Request,
    session: SessionDep,
    user: WebOfficer,
    catalogue: CatalogueDep,
    fields: FormFields,
) -> Response:
    """Issue a letter dated today."""
    return _issue(request, session, case_id, kind, user, catalogue, fields, None)


def _issue(
    request: Request,
    session: Session,
    case_id: int,
    kind: LetterKind,
    user: User,
    catalogue: Catalogue,
    fields: dict[str, str],
    issued_on: date | None,
) -> Response:
    req = service.get_request(session, case_id, for_update=True)
    version = fields.get("version", "")

    def issue_now() -> object:
        check_version(req, optional_int(version))
        return letters.issue(session, req, kind, user, catalogue, get_settings(), issued_on)

    _, problem = attempt(session, issue_now)
    if problem is not None:
        errors = FormErrors()
        if problem.rule == "stale_version":
            errors.add(
                None,
                "The case changed since this page was opened (a decision or event was recorded). "
                "Check the letters below, then issue again.",
            )
        else:
            add_app_error(errors, problem, {"letter_in_future": "issued_on", "letter_before_receipt": "issued_on"})
        dated = {"day": issued_on.day, "month": issued_on.month, "year": issued_on.year} if issued_on else None
        return _letters_page(request, session, case_id, catalogue, errors, problem.status_code, dated=dated)
    return RedirectResponse(f"/cases/{req.id}/letters?issued={kind}", status_code=303)


@router.post("/cases/{case_id}/publish", response_class=HTMLResponse, dependencies=[CsrfChecked])
def publish(
    case_id: CaseId, request: Request, session: SessionDep, user: WebOfficer, catalogue: CatalogueDep
) -> Response:
    req = service.get_request(session, case_id, for_update=True)
    result, problem = attempt(session, lambda: publishing.publish(session, req, user, catalogue, get_settings()))
    if problem is not None or result is None:
        errors = FormErrors()
        found: list[FindingsAt] = []
        if problem is not None and problem.rule == "personal_data_findings":
            # Each place the requester may be named, listed below the summary with a link to resolve it.
            errors.add("publication-findings", problem.detail)
            found = findings_by_place(session, req, problem)
        elif problem is not None:
            add_app_error(errors, problem)
            # The release checks list every problem they found: show each one, by file.
            for finding in problem.extra.get("findings", []):
                errors.add(None, f"{finding.get('file')}: {finding.get('detail')}")
        status_code = problem.status_code if problem else 422
        return _letters_page(request, session, case_id, catalogue, errors, status_code, found)
    return RedirectResponse(f"/cases/{req.id}/letters?published=1", status_code=303)


@router.post("/cases/{case_id}/personal-data/resolutions", response_class=HTMLResponse, dependencies=[CsrfChecked])
def resolve_finding(
    case_id: CaseId, request: Request, session: SessionDep, user: SignedIn, catalogue: CatalogueDep, fields: FormFields
) -> Response:
    """A finding in the case's own text (the request, its title, a letter), resolved from the case page."""
    req = service.get_request(session, case_id, for_update=True)
    outcome = personal_data.resolve(session, req, user, fields, None)
    if outcome.done is None:
        return cases.page(
            request,
            session,
            req,
            user,
            catalogue,
            errors=outcome.errors,
            typed=outcome.form,
            status_code=outcome.status_code,
        )
    return RedirectResponse(f"/cases/{req.id}?done={outcome.done}#personal-data", status_code=303)


@router.post("/cases/{case_id}/personal-data/redact-all", response_class=HTMLResponse, dependencies=[CsrfChecked])
def redact_all(
    case_id: CaseId, request: Request, session: SessionDep, user: SignedIn, catalogue: CatalogueDep
) -> Response:
    """Every open finding of the case, in its own text and its documents, redacted in the published copy."""
    req = service.get_request(session, case_id, for_update=True)
    done, problem = attempt(session, lambda: publishing.redact_all(session, req, user, get_settings(), None))
    if problem is not None:
        return cases.page(
            request, session, req, user, catalogue, errors=errors_of(problem), status_code=problem.status_code
        )
    key = "pd_redacted_all" if done else "pd_nothing"
    return RedirectResponse(f"/cases/{req.id}?done={key}#personal-data", status_code=303)


def _plain(missing: str | None) -> str | None:
    """The API names events by code; officers know them by what happened."""
    if missing is None:
        return None
    for code, name in EVENT_NAMES.items():
        missing = missing.replace(f"{code} event", f"“{name}” event").replace(code, f"“{name}”")
    return missing


def _pdf(content: bytes, filename: str) -> Response:
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": content_disposition("attachment", filename), "Cache-Control": "no-store"},
    )
