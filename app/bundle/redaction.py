"""Redactions as data: recorded against a decision, checked against the exemptions it relies on."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.service import record
from app.audit.snapshot import snapshot
from app.auth.models import User
from app.bundle import content, locate
from app.bundle.models import FileKind, Redaction
from app.bundle.schemas import RedactionIn
from app.bundle.suggestions import Suggestion, suggest
from app.config import Settings
from app.document.models import Decision, DecisionOutcome, Document, Stage
from app.document.rules import resolve_or_422
from app.document.service import cited_codes
from app.errors import Conflict, NotFound, Unprocessable
from app.exemption.catalogue import Catalogue
from app.foi_request.models import FoiRequest
from app.personal_data.service import forms_of


def decision_for(doc: Document, stage: Stage) -> Decision | None:
    return next((d for d in doc.decisions if d.stage == stage), None)


def _check_decision(req: FoiRequest, doc: Document, stage: Stage) -> Decision:
    decision = decision_for(doc, stage)
    if decision is None:
        raise Conflict(
            f"Item {doc.item} has no {stage.value} decision; decide it (withheld in part, with the exemptions "
            "relied on) before recording redactions.",
            rule="document_undecided",
        )
    outcome = DecisionOutcome(decision.outcome)
    if outcome is DecisionOutcome.disclosed:
        raise Conflict(
            f"Item {doc.item} is decided 'Disclosed' at the {stage.value} stage, so it cannot carry redactions; "
            "change the decision to withheld_in_part if part of it is exempt.",
            rule="disclosed_document",
        )
    if outcome is not DecisionOutcome.withheld_in_part:
        raise Conflict(
            f"Item {doc.item} is decided '{outcome.value}': nothing of it is released, so there is nothing to redact.",
            rule="not_released",
        )
    return decision


def add(
    session: Session,
    req: FoiRequest,
    doc: Document,
    data: RedactionIn,
    actor: User,
    catalogue: Catalogue,
    settings: Settings,
) -> Redaction:
    file = content.require_file(session, req, doc, with_text=True)
    decision = _check_decision(req, doc, data.stage)
    allowed = cited_codes(decision)
    codes: list[str] = []
    for raw in data.exemptions:
        code = resolve_or_422(catalogue, raw, req.regime).code
        if code not in allowed:
            # FOIA s17(1)(b): the requester is told which exemption covers what is withheld; a label must name
            # one the refusal notice relies on.
            raise Unprocessable(
                f"{code} is not relied on by the {data.stage.value} decision on item {doc.item} "
                f"(it relies on {', '.join(allowed)}). Cite one of those, or add {code} to the decision first.",
                rule="exemption_not_relied_on",
            )
        if code not in codes:
            codes.append(code)
    row = Redaction(
        document_id=doc.id, request_id=req.id, stage=data.stage.value, exemptions=codes, created_by_id=actor.id
    )
    kind = FileKind(file.kind)
    if data.text is not None:
        pages = locate.read_pages(content.read(file, settings)) if kind is FileKind.pdf else []
        row.text = data.text
        row.pages, row.occurrences = content.where(pages, file.text, data.text)
        if row.occurrences == 0:
            raise Unprocessable(
                f"The passage does not occur in item {doc.item}'s text: copy it exactly from the document's text.",
                rule="passage_not_found",
            )
    else:
        assert data.page is not None
        assert data.rect is not None
        if kind is not FileKind.pdf:
            raise Unprocessable(
                f"Item {doc.item} is {kind.value}, not PDF: redact a passage with text instead of a page region.",
                rule="region_needs_pdf",
            )
        pages = locate.read_pages(content.read(file, settings))
        if data.page > len(pages):
            raise Unprocessable(
                f"Item {doc.item} has {len(pages)} page(s); there is no page {data.page}.", rule="no_such_page"
            )
        page = pages[data.page - 1]
        x0, top, x1, bottom = data.rect
        if x1 > page.width + 0.5 or bottom > page.height + 0.5:
            raise Unprocessable(
                f"The region runs off page {data.page}, which is {page.width:.0f} × {page.height:.0f} points.",
                rule="region_off_page",
            )
        row.page, row.rect, row.pages, row.occurrences = data.page, [x0, top, x1, bottom], [data.page], 1
        row.region_text = page.text_in((x0, top, x1, bottom))
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        entity="redaction",
        entity_id=row.id,
        action="created",
        after=snapshot(row),
        request_id=req.id,
    )
    return row


def list_for(session: Session, doc: Document, stage: Stage | None = None) -> list[Redaction]:
    stmt = select(Redaction).where(Redaction.document_id == doc.id)
    if stage is not None:
        stmt = stmt.where(Redaction.stage == stage.value)
    return list(session.scalars(stmt.order_by(Redaction.id)))


def get(session: Session, doc: Document, redaction_id: int) -> Redaction:
    row = session.get(Redaction, redaction_id)
    if row is None or row.document_id != doc.id:
        raise NotFound(f"Item {doc.item} has no redaction {redaction_id}.")
    return row


def delete(session: Session, req: FoiRequest, doc: Document, redaction_id: int, actor: User) -> None:
    row = get(session, doc, redaction_id)
    before = snapshot(row)
    session.delete(row)
    session.flush()
    record(
        session,
        actor=actor,
        entity="redaction",
        entity_id=redaction_id,
        action="deleted",
        before=before,
        request_id=req.id,
    )


def suggestions(session: Session, req: FoiRequest, doc: Document, settings: Settings) -> list[Suggestion]:
    file = content.require_file(session, req, doc, with_text=True)
    already = {r.text for r in list_for(session, doc) if r.text}
    return suggest(file.text, forms_of(req, settings), already)
