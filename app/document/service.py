"""Documents in scope and the per-document decisions. Services flush, never commit."""

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import timeutil
from app.audit.service import record
from app.audit.snapshot import snapshot
from app.auth.models import User
from app.document.models import Decision, DecisionOutcome, Document, Stage
from app.document.rules import build_citations, check_emissions
from app.document.schemas import DecisionIn, DocumentIn
from app.errors import Conflict, NotFound, PreconditionRequired, Problems, Unprocessable
from app.exemption.catalogue import Catalogue
from app.foi_request.models import FoiRequest, Outcome, Status
from app.review import independence
from app.review.models import InternalReview

WITHHOLDING = {DecisionOutcome.withheld, DecisionOutcome.withheld_in_part}


def natural_item_key(item: str) -> tuple[int, int, str]:
    """Order "11" < "17i" < "17ii" < "19" < "20iv" as a letter's annex does."""
    digits = ""
    for ch in item:
        if not ch.isdigit():
            break
        digits += ch
    rest = item[len(digits) :].strip().lower()
    number = int(digits) if digits else 10**9
    return number, _roman(rest), rest


def _roman(text: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    if not text or any(ch not in values for ch in text):
        return 0
    total = 0
    for i, ch in enumerate(text):
        value = values[ch]
        total += -value if i + 1 < len(text) and values[text[i + 1]] > value else value
    return total


def list_documents(session: Session, request_id: int) -> list[Document]:
    docs = session.scalars(
        select(Document)
        .where(Document.request_id == request_id)
        .options(selectinload(Document.decisions).selectinload(Decision.citations))
    ).all()
    return sorted(docs, key=lambda d: (natural_item_key(d.item), d.id))


def get_document(session: Session, req: FoiRequest, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None or doc.request_id != req.id:
        raise NotFound(f"Request {req.reference} has no document {document_id}.")
    return doc


def add_document(session: Session, req: FoiRequest, data: DocumentIn, actor: User) -> Document:
    exists = session.scalar(select(Document.id).where(Document.request_id == req.id, Document.item == data.item))
    if exists is not None:
        raise Conflict(
            f"Request {req.reference} already has an item {data.item!r}; give each document its own item number.",
            rule="duplicate_item",
        )
    doc = Document(request_id=req.id, **data.model_dump())
    session.add(doc)
    session.flush()
    record(
        session,
        actor=actor,
        entity="document",
        entity_id=doc.id,
        action="created",
        after=snapshot(doc),
        request_id=req.id,
    )
    return doc


def _check_stage_open(session: Session, req: FoiRequest, stage: Stage) -> InternalReview | None:
    review = session.scalar(select(InternalReview).where(InternalReview.request_id == req.id))
    if stage is Stage.initial:
        if review is not None or req.status in {Status.responded, Status.withdrawn, Status.lapsed}:
            raise Conflict(
                f"Request {req.reference} has been closed ({req.status}); the initial decision can no longer "
                "change. Open an internal review to re-decide.",
                rule="initial_decision_closed",
            )
        return None
    if review is None:
        raise Conflict(
            f"Request {req.reference} has no internal review; open one before re-deciding documents.",
            rule="no_internal_review",
        )
    if review.outcome is not None:
        raise Conflict(
            f"The internal review of {req.reference} was decided on {review.decided_on}; its "
            "decisions can no longer change.",
            rule="internal_review_closed",
        )
    return review


def put_decision(
    session: Session,
    req: FoiRequest,
    doc: Document,
    stage: Stage,
    data: DecisionIn,
    actor: User,
    catalogue: Catalogue,
    if_match: int | None = None,
) -> tuple[Decision, bool]:
    review = _check_stage_open(session, req, stage)
    if review is not None:
        independence.take_part(session, req, review, actor)
    decision = next((d for d in doc.decisions if d.stage == stage), None)
    expected = data.version if data.version is not None else if_match
    if decision is not None and expected is None:
        # Making the first decision overwrites nothing; replacing one must show which version it replaces.
        raise PreconditionRequired(
            f"Item {doc.item} already has a decision at the {stage.value.replace('_', ' ')} stage; to replace it, say "
            "which version you read: "
            f'GET /api/v1/requests/{req.id}/documents/{doc.id} and send that decision\'s version as "version" '
            'in the body or as the header If-Match: "N".',
            rule="version_required",
        )
    decided_on = data.decided_on or timeutil.today()
    today = timeutil.today()
    problems = Problems()  # every problem with the ruling in one answer
    with problems.check("decided_on"):
        if decided_on > today:
            raise Unprocessable(
                f"decided_on {decided_on} is in the future; a decision is dated when it is made.",
                rule="decision_in_future",
            )
        if decided_on < req.received_on:
            raise Unprocessable(
                f"decided_on {decided_on} is before the request was received ({req.received_on}).",
                rule="decision_before_receipt",
            )
    outcome = DecisionOutcome(data.outcome)
    with problems.check("exemptions"):
        if outcome in WITHHOLDING and not data.exemptions:
            raise Unprocessable(
                f"A '{outcome.value}' decision must cite at least one exemption (FOIA s17(1)(b)).",
                rule="exemption_required",
            )
        if outcome not in WITHHOLDING and data.exemptions:
            raise Unprocessable(
                f"A '{outcome.value}' decision withholds nothing, so it cites no exemption; remove the exemptions "
                "or choose withheld_in_part / withheld.",
                rule="exemptions_not_allowed",
            )
    citations = build_citations(session, req, data.exemptions, decided_on, actor, catalogue, problems)
    with problems.check("information_on_emissions"):
        check_emissions(req, [c.code for c in citations], data.information_on_emissions, catalogue)
    problems.raise_all()
    created = decision is None
    before = None
    if decision is None:
        decision = Decision(document_id=doc.id, request_id=req.id, stage=stage)
        doc.decisions.append(decision)
    else:
        if expected is not None and expected != decision.version:
            raise Conflict(
                f"The {stage.value} decision on item {doc.item} has changed since you read it (your version "
                f"{expected}, current {decision.version}). Fetch it again and reapply your change.",
                rule="stale_version",
                extra={"current_version": decision.version},
            )
        before = snapshot(decision)
        decision.citations.clear()
        session.flush()
    decision.outcome = outcome
    decision.decided_on = decided_on
    decision.decided_by_id = actor.id
    decision.information_on_emissions = data.information_on_emissions
    decision.updated_at = timeutil.now()
    decision.citations.extend(citations)
    req.updated_at = timeutil.now()
    session.flush()
    record(
        session,
        actor=actor,
        entity="decision",
        entity_id=decision.id,
        action="created" if created else "updated",
        before=before,
        after=snapshot(decision),
        request_id=req.id,
    )
    return decision, created


def decisions_by_document(session: Session, request_id: int, stage: Stage) -> dict[int, Decision]:
    rows = session.scalars(
        select(Decision)
        .where(Decision.request_id == request_id, Decision.stage == stage)
        .options(selectinload(Decision.citations))
    )
    return {d.document_id: d for d in rows}


def effective_decisions(session: Session, req: FoiRequest, stage: Stage) -> list[tuple[Document, Decision | None]]:
    """Each document with the decision that stands at `stage`: at review, one not re-decided keeps its initial
    decision."""
    initial = decisions_by_document(session, req.id, Stage.initial)
    review = decisions_by_document(session, req.id, Stage.internal_review) if stage is Stage.internal_review else {}
    return [(doc, review.get(doc.id) or initial.get(doc.id)) for doc in list_documents(session, req.id)]


def cited_codes(decision: Decision) -> list[str]:
    """Every code a decision relies on: each exemption, and for s31(1)(g) the s31(2) purposes it rests on."""
    codes = []
    for citation in decision.citations:
        codes += [citation.code, *citation.s31_purposes]
    return codes


def summarise(outcomes: list[DecisionOutcome]) -> Outcome | None:
    """The request's outcome from its documents (Cabinet Office categories, law.md 11.1)."""
    if not outcomes:
        return None
    kinds = set(outcomes)
    if kinds == {DecisionOutcome.not_held}:
        return Outcome.not_held
    held = kinds - {DecisionOutcome.not_held}
    if held == {DecisionOutcome.disclosed}:
        return Outcome.granted_in_full
    if held == {DecisionOutcome.withheld}:
        return Outcome.withheld_in_full
    return Outcome.partly_withheld


def suggest_outcome(session: Session, request_id: int, stage: Stage = Stage.initial) -> Outcome | None:
    doc_ids = list(session.scalars(select(Document.id).where(Document.request_id == request_id)))
    decided = decisions_by_document(session, request_id, stage)
    if not doc_ids or any(doc_id not in decided for doc_id in doc_ids):
        return None
    return summarise([DecisionOutcome(decided[d].outcome) for d in doc_ids])
