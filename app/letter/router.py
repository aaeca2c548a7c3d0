from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Response, status
from fastapi.responses import HTMLResponse
from pydantic import Field

from app.auth.dependencies import CurrentUser, Officer, SessionDep
from app.config import get_settings
from app.dependencies import IfMatch, RowId
from app.downloads import content_disposition
from app.exemption.dependencies import CatalogueDep
from app.foi_request.dependencies import ReadableRequest, WritableRequest
from app.foi_request.service import check_version
from app.letter import service
from app.letter.context import LetterKind
from app.letter.models import IssuedLetter
from app.letter.render import render_pdf
from app.schemas import InModel, OutModel

router = APIRouter(prefix="/api/v1/requests/{request_id}/letters", tags=["letters"])
LetterId = RowId
PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "The letter as a tagged PDF/UA-1 document."}
}


class AvailableLetter(OutModel):
    kind: str
    title: str
    available: bool
    missing: str | None
    html: str
    pdf: str


class IssuedLetterOut(OutModel):
    id: int
    kind: str
    title: str
    issued_on: date
    issued_at: datetime
    sha256: str
    size: int
    template_version: str
    published_at: datetime | None
    pdf: str


class LettersOut(OutModel):
    reference: str
    letters: list[AvailableLetter]
    issued: list[IssuedLetterOut]


class IssueIn(InModel):
    issued_on: date | None = Field(default=None, description="Defaults to today.")
    version: int | None = Field(default=None, description="The request version you last read; stale gets 409.")


class IssuedOut(OutModel):
    letter: IssuedLetterOut
    warnings: list[str]


def issued_out(letter: IssuedLetter) -> IssuedLetterOut:
    return IssuedLetterOut(
        id=letter.id,
        kind=letter.kind,
        title=letter.title,
        issued_on=letter.issued_on,
        issued_at=letter.issued_at,
        sha256=letter.sha256,
        size=letter.size,
        template_version=letter.template_version,
        published_at=letter.published_at,
        pdf=f"/api/v1/requests/{letter.request_id}/letters/issued/{letter.id}.pdf",
    )


@router.get("", response_model=LettersOut)
def list_letters(req: ReadableRequest, session: SessionDep, catalogue: CatalogueDep) -> LettersOut:
    """The letters that can be rendered for the case now (and what the others still need), and those issued."""
    base = f"/api/v1/requests/{req.id}/letters"
    letters = [
        AvailableLetter(
            kind=a.kind,
            title=a.title,
            available=a.available,
            missing=a.missing,
            html=f"{base}/{a.kind}.html",
            pdf=f"{base}/{a.kind}.pdf",
        )
        for a in service.availability(session, req, catalogue, get_settings())
    ]
    return LettersOut(
        reference=req.reference,
        letters=letters,
        issued=[issued_out(letter) for letter in service.issued_letters(session, req.id)],
    )


@router.get("/{kind}.html", response_class=HTMLResponse)
def preview_html(
    kind: LetterKind, req: ReadableRequest, session: SessionDep, catalogue: CatalogueDep, user: CurrentUser
) -> HTMLResponse:
    """Preview a letter as HTML, dated today and signed as you would sign it (nothing is stored)."""
    _, html = service.preview(session, req, kind, catalogue, get_settings(), user)
    return HTMLResponse(html)


@router.get("/{kind}.pdf", response_class=Response, responses=PDF)
def preview_pdf(
    kind: LetterKind, req: ReadableRequest, session: SessionDep, catalogue: CatalogueDep, user: CurrentUser
) -> Response:
    """Render a letter as an accessible PDF, dated today and signed as you would sign it (nothing is stored)."""
    settings = get_settings()
    _, html = service.preview(session, req, kind, catalogue, settings, user)
    return _pdf(render_pdf(html, settings.letter_templates_dir), f"{req.reference}-{kind}.pdf")


@router.post("/{kind}/issue", status_code=status.HTTP_201_CREATED, response_model=IssuedOut)
def issue_letter(
    kind: LetterKind,
    data: IssueIn,
    req: WritableRequest,
    session: SessionDep,
    user: Officer,
    catalogue: CatalogueDep,
    if_match: IfMatch,
) -> IssuedOut:
    """Issue a letter: the PDF is frozen with its SHA-256; a decision letter records the response date."""
    check_version(req, data.version if data.version is not None else if_match)
    letter, warnings = service.issue(session, req, kind, user, catalogue, get_settings(), data.issued_on)
    return IssuedOut(letter=issued_out(letter), warnings=warnings)


@router.get("/issued/{letter_id}.pdf", response_class=Response, responses=PDF)
def download_issued(letter_id: LetterId, req: ReadableRequest, session: SessionDep, _user: CurrentUser) -> Response:
    """The issued letter exactly as sent."""
    letter = service.get_issued(session, req, letter_id)
    return _pdf(
        letter.pdf, f"{req.reference}-{letter.kind}-{letter.issued_on}.pdf", extra={"X-Content-SHA256": letter.sha256}
    )


def _pdf(content: bytes, filename: str, extra: dict[str, str] | None = None) -> Response:
    headers = {"Content-Disposition": content_disposition("inline", filename), **(extra or {})}
    return Response(content, media_type="application/pdf", headers=headers)
