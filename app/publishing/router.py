"""The public disclosure log: no sign-in, and nothing reachable that has not been published."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import HTMLResponse
from pydantic import Field

from app.auth.dependencies import Officer, SessionDep
from app.bundle.bundle import published_files
from app.config import get_settings
from app.dependencies import RowId
from app.downloads import content_disposition
from app.errors import ServiceUnavailable
from app.exemption.dependencies import CatalogueDep
from app.foi_request.dependencies import WritableRequest
from app.foi_request.models import Outcome
from app.publishing import service
from app.publishing.feed import atom as feed_of
from app.publishing.models import DisclosureEntry
from app.publishing.pages import checked, render
from app.schemas import OutModel

public = APIRouter(prefix="/disclosure-log", tags=["disclosure log (public)"])
api = APIRouter(prefix="/api/v1/requests/{request_id}", tags=["letters"])
PER_PAGE = 20
OUTCOMES = {o.value: o.label for o in Outcome}


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
        return render("list.html", **values)

    _, shown = checked(session, entries, make)
    return HTMLResponse(make(shown, q))


@public.get(
    "/feed.atom",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}, "description": "An Atom feed."}},
)
def feed(session: SessionDep) -> Response:
    """An Atom feed of the newest published requests."""
    entries, _ = service.list_entries(session, None, 1, 50)
    settings = get_settings()
    body, _ = checked(session, entries, lambda shown: feed_of(shown, settings.public_base_url, settings.authority_name))
    return Response(body, media_type="application/atom+xml")


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
        lambda _: render("entry.html", **values),
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
