"""Render, issue and list letters. Issuing freezes the PDF; an issued letter never changes."""

import hashlib
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from app import timeutil
from app.audit.service import record
from app.auth.models import User
from app.config import Settings
from app.errors import NotFound, Unprocessable
from app.exemption.catalogue import Catalogue
from app.foi_request.events import add_event
from app.foi_request.models import FoiRequest
from app.foi_request.schemas import EventIn
from app.letter.builder import KINDS, TITLES, build_context
from app.letter.context import AnyLetterContext, LetterContext
from app.letter.models import IssuedLetter
from app.letter.not_ready import NotReady
from app.letter.render import render_html, render_pdf, template_version


@dataclass(frozen=True)
class Availability:
    kind: str
    title: str
    available: bool
    missing: str | None


def availability(session: Session, req: FoiRequest, catalogue: Catalogue, settings: Settings) -> list[Availability]:
    """What can be rendered for the case now, and for the rest, what is missing."""
    out = []
    for kind in KINDS:
        try:
            build_context(session, req, kind, catalogue, settings, timeutil.today())
        except NotReady as exc:
            out.append(Availability(kind, TITLES[kind], False, exc.detail))
        else:
            out.append(Availability(kind, TITLES[kind], True, None))
    return out


def preview(
    session: Session, req: FoiRequest, kind: str, catalogue: Catalogue, settings: Settings, viewer: User | None = None
) -> tuple[LetterContext, str]:
    """The letter as it would be issued today by `viewer` (who signs it, given a job title)."""
    context = build_context(session, req, kind, catalogue, settings, timeutil.today(), viewer)
    return context, render_html(context, settings.letter_templates_dir)


def render(context: AnyLetterContext, settings: Settings) -> tuple[str, bytes]:
    html = render_html(context, settings.letter_templates_dir)
    return html, render_pdf(html, settings.letter_templates_dir)


def issue(
    session: Session,
    req: FoiRequest,
    kind: str,
    actor: User,
    catalogue: Catalogue,
    settings: Settings,
    issued_on: date | None,
) -> tuple[IssuedLetter, list[str]]:
    """Render, hash and store the letter; a decision letter also records the response date (FOIA s10(1))."""
    issued_on = issued_on or timeutil.today()
    if issued_on > timeutil.today():
        raise Unprocessable(f"issued_on {issued_on} is in the future.", rule="letter_in_future")
    if issued_on < req.received_on:
        raise Unprocessable(
            f"issued_on {issued_on} is before the request was received ({req.received_on}).",
            rule="letter_before_receipt",
        )
    context = build_context(session, req, kind, catalogue, settings, issued_on, actor)
    # Render fully before anything is stored: a template error leaves no half-written letter behind.
    _, pdf = render(context, settings)
    warnings: list[str] = []
    if kind == "decision":
        warnings += _record_response(session, req, issued_on, context, actor, catalogue)
    letter = IssuedLetter(
        request_id=req.id,
        kind=kind,
        title=context.title,
        issued_on=issued_on,
        issued_by_id=actor.id,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        pdf=pdf,
        context=context.model_dump(mode="json"),
        template_version=template_version(settings.letter_templates_dir),
    )
    session.add(letter)
    req.updated_at = timeutil.now()
    session.flush()
    record(
        session,
        actor=actor,
        entity="letter",
        entity_id=letter.id,
        action="issued",
        after={
            "kind": kind,
            "issued_on": issued_on,
            "sha256": letter.sha256,
            "size": letter.size,
            "template_version": letter.template_version,
        },
        request_id=req.id,
    )
    return letter, warnings


def _record_response(
    session: Session, req: FoiRequest, issued_on: date, context: LetterContext, actor: User, catalogue: Catalogue
) -> list[str]:
    if req.responded_on is not None:
        if req.responded_on != issued_on:
            return [f"The response was already recorded on {req.responded_on}; that date still decides timeliness."]
        return []
    assert context.decision is not None
    # The same 'responded' event an officer records by hand: one path for the clock, status, outcome and audit.
    response = EventIn(
        type="responded",
        on=issued_on,
        details={"outcome": context.decision.outcome, "note": "decision letter issued"},
    )
    _, result = add_event(session, req, response, actor, catalogue)
    return list(result.warnings)


def issued_letters(session: Session, request_id: int) -> list[IssuedLetter]:
    return list(
        session.scalars(select(IssuedLetter).where(IssuedLetter.request_id == request_id).order_by(IssuedLetter.id))
    )


def get_issued(session: Session, req: FoiRequest, letter_id: int) -> IssuedLetter:
    letter = session.scalars(
        select(IssuedLetter).where(IssuedLetter.id == letter_id).options(undefer(IssuedLetter.pdf))
    ).first()
    if letter is None or letter.request_id != req.id:
        raise NotFound(f"Request {req.reference} has no issued letter {letter_id}.")
    return letter


__all__ = ["NotReady", "availability", "get_issued", "issue", "issued_letters", "preview", "render"]
