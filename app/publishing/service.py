"""Publishing to the disclosure log: redacted copies rendered from a redacted context, checked before release."""

import hashlib
import html
import re
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload, undefer

from app import timeutil
from app.audit.service import record
from app.auth.models import User
from app.bundle import bundle, content, locate, release_checks
from app.bundle.models import PublishedFile
from app.config import Settings
from app.db import contains_text
from app.document.annex import build_annex
from app.document.models import Document
from app.document.service import get_document
from app.errors import Conflict, NotFound, Unprocessable
from app.exemption.catalogue import Catalogue
from app.foi_request.models import FoiRequest, Status
from app.letter.context import LetterContext
from app.letter.models import IssuedLetter
from app.letter.redaction import free_text, public_copy
from app.letter.service import render
from app.personal_data import service as personal_data
from app.personal_data.folding import squash
from app.personal_data.models import PersonalDataResolution, Resolution
from app.personal_data.schemas import ResolutionIn
from app.personal_data.service import PersonalDataFinding
from app.publishing.models import DisclosureEntry
from app.review.service import released_stage

PUBLISHABLE = {Status.responded, Status.internal_review, Status.review_complete}


@dataclass(frozen=True)
class Published:
    entry: DisclosureEntry
    letters: list[IssuedLetter]
    documents: list[PublishedFile] = field(default_factory=list)  # the released bundle (app.bundle)


def _issued(session: Session, req: FoiRequest) -> list[IssuedLetter]:
    return list(
        session.scalars(
            select(IssuedLetter)
            .where(IssuedLetter.request_id == req.id)
            .options(undefer(IssuedLetter.context))
            .order_by(IssuedLetter.id)
        )
    )


def _case_texts(req: FoiRequest, letters: list[IssuedLetter]) -> list[tuple[str, str]]:
    """The case's own free text that the disclosure log carries, each with where it is."""
    texts = [("the request's title", req.title), ("the request text", req.request_text)]
    for letter in letters:
        context = LetterContext.model_validate(letter.context)
        texts += [(f"the {letter.kind.replace('_', ' ')} letter", text) for text in free_text(context)]
    return texts


@dataclass(frozen=True)
class Review:
    findings: list[PersonalDataFinding]
    documents: bundle.Documents | None  # the released documents as made for the review, reused to publish


def case_findings(session: Session, req: FoiRequest, settings: Settings) -> list[PersonalDataFinding]:
    """The findings in the case's own text: a part of the requester's name standing alone in the request, its
    title or a letter (their certain forms there are redacted automatically)."""
    done = personal_data.resolutions(session, req)
    forms = personal_data.case_forms(personal_data.forms_of(req, settings), done)
    dismissed = done.dismissed(None)
    return personal_data.unique(
        finding
        for where, text in _case_texts(req, _issued(session, req))
        for finding in personal_data.scan(
            forms, text, document_id=None, item=None, where=where, dismissed=dismissed, certain=False
        )
    )


def document_findings(
    session: Session, req: FoiRequest, doc: Document, settings: Settings
) -> list[PersonalDataFinding]:
    """One document's findings, as it would be published now (empty when it is not released or has no file)."""
    made = bundle.documents(session, req, settings, public=True, only=doc.id)
    return made.personal_data


def review(session: Session, req: FoiRequest, settings: Settings) -> Review:
    """Every place what would be published may still name the requester, for a person to resolve.

    The case's own text (the request, the letters) is redacted of the requester's certain forms automatically;
    what remains there is a part of their name standing alone. Released documents are never changed without a
    person: every form found in them is listed, page by page."""
    found = case_findings(session, req, settings)
    made = bundle.documents(session, req, settings, public=True) if _has_documents(session, req) else None
    return Review(personal_data.unique(found + (made.personal_data if made else [])), made)


def _has_documents(session: Session, req: FoiRequest) -> bool:
    return session.scalar(select(Document.id).where(Document.request_id == req.id).limit(1)) is not None


def publish(session: Session, req: FoiRequest, actor: User, catalogue: Catalogue, settings: Settings) -> Published:
    """Publish the letters, the entry and the released documents: all of it clean, or nothing (409)."""
    if req.status not in PUBLISHABLE:
        raise Conflict(
            f"Request {req.reference} is {req.status}; publish after the response has been issued.",
            rule="not_responded",
        )
    letters = _issued(session, req)
    if not letters:
        raise Conflict(
            f"Request {req.reference} has no issued letters to publish; issue the decision letter first.",
            rule="nothing_issued",
        )
    checked = review(session, req, settings)
    personal_data.require_none(checked.findings, req.reference)
    done = personal_data.resolutions(session, req)
    forms = personal_data.case_forms(personal_data.forms_of(req, settings), done)
    requester = release_checks.Requester(forms, frozenset(done.dismissed(None)))
    for letter in letters:
        if letter.published_at is not None:
            continue
        context = public_copy(LetterContext.model_validate(letter.context), forms)
        html, pdf = render(context, settings)
        found = release_checks.find_requester(letter.kind, {**release_checks.pdf_texts(pdf), "html": html}, requester)
        if found:
            # The check on the bytes about to go out: nothing is published while any requester detail survives.
            raise Conflict(
                f"The published copy of the {letter.kind} letter still contains the requester's details "
                f"({'; '.join(f.detail for f in found)}); nothing was published.",
                rule="personal_data_in_copy",
                extra={"findings": release_checks.as_dicts(found)},
            )
        letter.published_pdf, letter.published_html = pdf, html
        letter.published_sha256 = hashlib.sha256(pdf).hexdigest()
        letter.published_at = timeutil.now()
    # The released documents go out with the letters, and only once the release checks pass (409 otherwise).
    documents = bundle.publish(session, req, actor, catalogue, settings, checked.documents) if checked.documents else []
    stage = released_stage(session, req)
    annex = [
        {
            "item": r.item,
            "description": forms.redact(r.description),
            "decision": r.decision,
            "exemptions": r.exemptions,
        }
        for r in build_annex(session, req, stage, catalogue).rows
    ]
    entry = session.scalar(select(DisclosureEntry).where(DisclosureEntry.request_id == req.id))
    values = {
        "reference": req.reference,
        "title": forms.redact(req.title),
        "request_text": forms.redact(req.request_text),
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
        stmt = stmt.where(
            or_(
                contains_text(DisclosureEntry.title, q),
                contains_text(DisclosureEntry.request_text, q),
                contains_text(DisclosureEntry.reference, q),
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


def resolve_finding(
    session: Session, req: FoiRequest, actor: User, data: ResolutionIn, settings: Settings
) -> PersonalDataResolution:
    """Redact one finding in the published copy, or dismiss it with a reason. The text must be where it is said
    to be, so a resolution never stands for nothing."""
    if data.document_id is None:
        texts = [text for _, text in _case_texts(req, _issued(session, req))]
    else:
        doc = get_document(session, req, data.document_id)
        file = content.get_file(session, doc, with_text=True)
        if file is None:
            raise Unprocessable(f"Item {doc.item} has no content uploaded; there is nothing in it to resolve.")
        texts = [file.text]
        if file.kind == "pdf":
            texts += [page.text for page in locate.read_pages(content.read(file, settings))]
    marked = personal_data.forms_of(req, settings).with_marked([data.text])
    key = squash(data.text)
    if not any(m.key == key for text in texts for m in marked.find(text)):
        where = "that document" if data.document_id is not None else "the request or its letters"
        raise Unprocessable(
            f"{data.text!r} does not occur in {where}; copy the text from the list of findings.",
            rule="passage_not_found",
        )
    return personal_data.resolve(
        session,
        req,
        actor,
        document_id=data.document_id,
        text=data.text,
        form=data.form,
        action=data.action,
        reason=data.reason,
    )


def redact_all(
    session: Session, req: FoiRequest, actor: User, settings: Settings, document_id: int | None
) -> list[PersonalDataResolution]:
    """One action for every open finding (or every finding of one document): each removed from the published copy."""
    if document_id is not None:
        get_document(session, req, document_id)
    open_findings = review(session, req, settings).findings
    chosen = [f for f in open_findings if document_id is None or f.document_id == document_id]
    return [
        personal_data.resolve(
            session, req, actor, document_id=f.document_id, text=f.text, form=f.form, action=Resolution.redact,
            reason=None,
        )
        for f in chosen
    ]  # fmt: skip


@dataclass(frozen=True)
class PublicCheck:
    """The last check before a public page leaves: the requesters of the entries on it, in every form."""

    requesters: dict[int, release_checks.Requester]  # by disclosure entry id

    def leaks(self, page: str) -> list[int]:
        """The entries whose requester a rendered page (HTML or Atom) still names."""
        text = html.unescape(re.sub(r"<[^>]+>", " ", page))
        return [
            entry_id
            for entry_id, requester in self.requesters.items()
            if any(m.key not in requester.dismissed for m in requester.forms.find(text, certain=True))
        ]


def public_check(session: Session, entries: list[DisclosureEntry], settings: Settings) -> PublicCheck:
    ids = [e.request_id for e in entries]
    if not ids:
        return PublicCheck({})
    requests = {
        r.id: r
        for r in session.scalars(
            select(FoiRequest).where(FoiRequest.id.in_(ids)).options(selectinload(FoiRequest.requester))
        )
    }
    rows = session.scalars(
        select(PersonalDataResolution).where(
            PersonalDataResolution.request_id.in_(ids), PersonalDataResolution.document_id.is_(None)
        )
    )
    done: dict[int, list[PersonalDataResolution]] = {}
    for row in rows:
        done.setdefault(row.request_id, []).append(row)
    requesters = {}
    for e in entries:
        resolved = personal_data.Resolutions(done.get(e.request_id, []))
        forms = personal_data.case_forms(personal_data.forms_of(requests[e.request_id], settings), resolved)
        requesters[e.id] = release_checks.Requester(forms, frozenset(resolved.dismissed(None)))
    return PublicCheck(requesters)
