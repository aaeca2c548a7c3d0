"""The public disclosure log: no sign-in, and nothing reachable that has not been published."""

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path as FilePath
from typing import Annotated
from xml.sax.saxutils import escape

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import Field
from sqlalchemy.orm import Session

from app.auth.dependencies import Officer, SessionDep
from app.bundle.bundle import published_files
from app.config import get_settings
from app.dependencies import RowId
from app.downloads import content_disposition
from app.errors import ServiceUnavailable
from app.exemption.dependencies import CatalogueDep
from app.foi_request.dependencies import WritableRequest
from app.foi_request.models import Outcome
from app.letter.render import long_date
from app.publishing import service
from app.publishing.models import DisclosureEntry
from app.schemas import OutModel

log = logging.getLogger("app.publishing")
public = APIRouter(prefix="/disclosure-log", tags=["disclosure log (public)"])
api = APIRouter(prefix="/api/v1/requests/{request_id}", tags=["letters"])
PER_PAGE = 20
OUTCOMES = {o.value: o.label for o in Outcome}

pages = Environment(
    loader=FileSystemLoader(str(FilePath(__file__).parent / "templates")), autoescape=True, undefined=StrictUndefined
)
pages.filters["long_date"] = long_date


def page(name: str, status_code: int = 200, **values: object) -> HTMLResponse:
    html = pages.get_template(name).render(authority=get_settings().authority_name, **values)
    return HTMLResponse(html, status_code=status_code)


def checked(
    session: Session, entries: list[DisclosureEntry], make: Callable[[list[DisclosureEntry]], str]
) -> tuple[str, list[DisclosureEntry]]:
    """A public page checked after it is rendered: an entry whose requester it names is left out (and logged).

    `make` renders the page without the visitor's own search words, so a search for a name can neither hide nor
    reveal whose requests are listed."""
    check = service.public_check(session, entries, get_settings())
    leaked = check.leaks(make(entries))
    if leaked:
        log.error("Disclosure log: entries %s name their requester after rendering; left out of the page.", leaked)
        entries = [e for e in entries if e.id not in leaked]
    return make(entries), entries


class PublishedOut(OutModel):
    reference: str
    url: str
    letters: list[str]
    documents: list[str] = Field(default_factory=list, description="The released documents and the whole bundle.")


@api.post("/publish", response_model=PublishedOut)
def publish(req: WritableRequest, session: SessionDep, user: Officer, catalogue: CatalogueDep) -> PublishedOut:
    """Publish the issued letters to the disclosure log, with the requester's personal data removed."""
    result = service.publish(session, req, user, catalogue, get_settings())
    url = f"/disclosure-log/{result.entry.reference}"
    return PublishedOut(
        reference=result.entry.reference,
        url=url,
        letters=[f"{url}/letters/{letter.id}.pdf" for letter in result.letters],
        documents=[f"{url}/documents/{file.id}" for file in result.documents],
    )


@public.get("", response_class=HTMLResponse)
def disclosure_log(
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """The published requests, newest first, searchable."""
    entries, total = service.list_entries(session, q or None, page_number, PER_PAGE)

    def make(shown: list[DisclosureEntry], query: str | None = None) -> str:
        values = {"entries": shown, "total": total, "q": query, "page": page_number, "per_page": PER_PAGE}
        return pages.get_template("list.html").render(authority=get_settings().authority_name, **values)

    _, shown = checked(session, entries, make)
    return HTMLResponse(make(shown, q))


@public.get(
    "/feed.atom",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}, "description": "An Atom feed."}},
)
def feed(session: SessionDep, request: Request) -> Response:
    """An Atom feed of the newest published requests."""
    entries, _ = service.list_entries(session, None, 1, 50)
    base = str(request.base_url).rstrip("/")
    body, _ = checked(session, entries, lambda shown: _atom(shown, base))
    return Response(body, media_type="application/atom+xml")


def _atom(entries: list[DisclosureEntry], base: str) -> str:
    updated = max((e.published_at for e in entries), default=datetime(2000, 1, 1, tzinfo=UTC))
    items = "".join(
        f"<entry><id>{base}/disclosure-log/{escape(e.reference)}</id><title>{escape(e.reference)}: "
        f'{escape(e.title)}</title><link href="{base}/disclosure-log/{escape(e.reference)}"/>'
        f"<updated>{e.published_at.isoformat()}</updated><summary>{escape(e.request_text[:500])}</summary></entry>"
        for e in entries
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<id>{base}/disclosure-log</id><title>{escape(get_settings().authority_name)} disclosure log</title>"
        f'<link rel="self" href="{base}/disclosure-log/feed.atom"/><updated>{updated.isoformat()}</updated>'
        f"{items}</feed>"
    )


@public.get("/{reference}", response_class=HTMLResponse)
def entry(reference: Annotated[str, Path(max_length=32)], session: SessionDep) -> HTMLResponse:
    """One published request: the request, its letters and its documents."""
    found = service.get_entry(session, reference)
    values = {
        "entry": found,
        "letters": service.published_letters(session, found),
        "documents": published_files(session, found.request_id),
        "outcome": OUTCOMES.get(found.outcome or ""),
    }
    html, shown = checked(
        session,
        [found],
        lambda _: pages.get_template("entry.html").render(authority=get_settings().authority_name, **values),
    )
    if not shown:
        raise ServiceUnavailable(f"{reference} has been withdrawn from the disclosure log while it is checked.")
    return HTMLResponse(html)


@public.get("/{reference}/letters/{letter_id}.pdf", response_class=Response)
def published_pdf(
    reference: Annotated[str, Path(max_length=32)],
    letter_id: RowId,
    session: SessionDep,
) -> Response:
    """A published letter (the redacted copy)."""
    found = service.get_entry(session, reference)
    letter = service.published_pdf(session, found, letter_id)
    assert letter.published_pdf is not None
    return Response(
        letter.published_pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": content_disposition("inline", f"{reference}-{letter.kind}.pdf")},
    )
