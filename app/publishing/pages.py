"""The disclosure log's public pages: their own templates (no sign-in, no GOV.UK service chrome of the staff pages),
and the check every rendered page passes before it is sent."""

import logging
from collections.abc import Callable
from pathlib import Path

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy.orm import Session

from app.config import get_settings
from app.letter.render import long_date
from app.publishing import service
from app.publishing.models import DisclosureEntry

log = logging.getLogger("app.publishing")

_templates = Environment(
    loader=FileSystemLoader(str(Path(__file__).parent / "templates")), autoescape=True, undefined=StrictUndefined
)
_templates.filters["long_date"] = long_date


def render(name: str, **values: object) -> str:
    return _templates.get_template(name).render(authority=get_settings().authority_name, **values)


def page(name: str, status_code: int = 200, **values: object) -> HTMLResponse:
    return HTMLResponse(render(name, **values), status_code=status_code)


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
