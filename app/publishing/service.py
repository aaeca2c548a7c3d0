"""Publishing to the disclosure log: redacted copies rendered from a redacted context, checked before release."""

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, undefer

from app import timeutil
from app.audit.service import record
from app.auth.models import User
from app.bundle import bundle, release_checks
from app.bundle.models import PublishedFile
from app.config import Settings
from app.document.annex import build_annex
from app.document.models import Document
from app.errors import Conflict, NotFound
from app.exemption.catalogue import Catalogue
from app.foi_request.models import FoiRequest, Status
from app.letter.context import LetterContext
from app.letter.models import DisclosureEntry, IssuedLetter
from app.letter.redaction import redact_text, redacted
from app.letter.service import render
from app.review.service import released_stage

PUBLISHABLE = {Status.responded, Status.internal_review, Status.review_complete}


@dataclass(frozen=True)
class Published:
    entry: DisclosureEntry
    letters: list[IssuedLetter]
    documents: list[PublishedFile] = field(default_factory=list)  # the released bundle (app.bundle)


def publish(session: Session, req: FoiRequest, actor: User, catalogue: Catalogue, settings: Settings) -> Published:
    if req.status not in PUBLISHABLE:
        raise Conflict(
            f"Request {req.reference} is {req.status}; publish after the response has been issued.",
            rule="not_responded",
        )
    letters = list(
        session.scalars(
            select(IssuedLetter)
            .where(IssuedLetter.request_id == req.id)
            .options(undefer(IssuedLetter.context))
            .order_by(IssuedLetter.id)
        )
    )
    if not letters:
        raise Conflict(
            f"Request {req.reference} has no issued letters to publish; issue the decision letter first.",
            rule="nothing_issued",
        )
    # The bundle's own release checks: the same needles, read by the same independent extractors.
    secrets = bundle.requester_secrets(req, settings)
    for letter in letters:
        if letter.published_at is not None:
            continue
        context = redacted(LetterContext.model_validate(letter.context), req)
        html, pdf = render(context, settings)
        found = release_checks.find_secrets(letter.kind, {**release_checks.pdf_texts(pdf), "html": html}, secrets)
        if found:
            # A release check, not a hope: nothing is published while any requester detail survives.
            raise Conflict(
                f"The published copy of the {letter.kind} letter still contains the requester's "
                f"details ({len(found)} found); nothing was published.",
                rule="personal_data_in_copy",
            )
        letter.published_pdf, letter.published_html = pdf, html
        letter.published_sha256 = hashlib.sha256(pdf).hexdigest()
        letter.published_at = timeutil.now()
    # The released documents go out with the letters, and only once the release checks pass (409 otherwise).
    has_documents = session.scalar(select(Document.id).where(Document.request_id == req.id).limit(1)) is not None
    documents = bundle.publish(session, req, actor, catalogue, settings) if has_documents else []
    stage = released_stage(session, req)
    annex = [
        {
            "item": r.item,
            "description": redact_text(r.description, req),
            "decision": r.decision,
            "exemptions": r.exemptions,
        }
        for r in build_annex(session, req, stage, catalogue).rows
    ]
    entry = session.scalar(select(DisclosureEntry).where(DisclosureEntry.request_id == req.id))
    values = {
        "reference": req.reference,
        "title": redact_text(req.title, req),
        "request_text": redact_text(req.request_text, req),
        "regime": req.regime,
        "outcome": req.outcome,
        "received_on": req.received_on,
        "responded_on": req.responded_on,
        "annex": annex,
        "published_at": timeutil.now(),
        "published_by_id": actor.id,
    }
    if entry is None:
        entry = DisclosureEntry(request_id=req.id, **values)
        session.add(entry)
    else:
        for key, value in values.items():
            setattr(entry, key, value)
    session.flush()
    record(
        session,
        actor=actor,
        entity="disclosure_entry",
        entity_id=entry.id,
        action="published",
        after={
            "letters": [{"id": letter.id, "kind": letter.kind, "sha256": letter.published_sha256} for letter in letters]
        },
        request_id=req.id,
    )
    return Published(entry, letters, documents)


def list_entries(session: Session, q: str | None, page: int, per_page: int) -> tuple[list[DisclosureEntry], int]:
    stmt = select(DisclosureEntry)
    if q:
        needle = f"%{q.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(DisclosureEntry.title).like(needle),
                func.lower(DisclosureEntry.request_text).like(needle),
                func.lower(DisclosureEntry.reference).like(needle),
            )
        )
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(DisclosureEntry.published_at.desc(), DisclosureEntry.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return list(rows), total


def get_entry(session: Session, reference: str) -> DisclosureEntry:
    entry = session.scalar(select(DisclosureEntry).where(DisclosureEntry.reference == reference))
    if entry is None:
        raise NotFound(f"Nothing has been published under {reference}.")
    return entry


def entry_for_request(session: Session, request_id: int) -> DisclosureEntry | None:
    return session.scalar(select(DisclosureEntry).where(DisclosureEntry.request_id == request_id))


def published_letters(session: Session, entry: DisclosureEntry) -> list[IssuedLetter]:
    return list(
        session.scalars(
            select(IssuedLetter)
            .where(IssuedLetter.request_id == entry.request_id, IssuedLetter.published_at.is_not(None))
            .order_by(IssuedLetter.id)
        )
    )


def published_pdf(session: Session, entry: DisclosureEntry, letter_id: int) -> IssuedLetter:
    letter = session.scalars(
        select(IssuedLetter).where(IssuedLetter.id == letter_id).options(undefer(IssuedLetter.published_pdf))
    ).first()
    if letter is None or letter.request_id != entry.request_id or letter.published_pdf is None:
        raise NotFound(f"No published letter {letter_id} under {entry.reference}.")
    return letter
