"""The redaction log the annex carries: for each partly withheld document, where each gap is and why."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.bundle.models import Redaction
from app.document.models import Decision, DecisionOutcome, Document, Stage
from app.document.service import decisions_by_document, list_documents
from app.exemption.catalogue import Catalogue
from app.exemption.formatting import format_exemption_list
from app.foi_request.models import FoiRequest
from app.letter.context import RedactionLogRow


def effective_decisions(session: Session, req: FoiRequest, stage: Stage) -> list[tuple[Document, Decision | None]]:
    """Each document with the decision that stands: at review, one not re-decided keeps its initial decision."""
    initial = decisions_by_document(session, req.id, Stage.initial)
    review = decisions_by_document(session, req.id, Stage.internal_review) if stage is Stage.internal_review else {}
    return [(doc, review.get(doc.id) or initial.get(doc.id)) for doc in list_documents(session, req.id)]


def redactions_for(session: Session, doc: Document, decision: Decision) -> list[Redaction]:
    return list(
        session.scalars(
            select(Redaction)
            .where(Redaction.document_id == doc.id, Redaction.stage == decision.stage)
            .order_by(Redaction.id)
        )
    )


def redaction_log(session: Session, req: FoiRequest, stage: Stage, catalogue: Catalogue) -> list[RedactionLogRow]:
    rows = []
    for doc, decision in effective_decisions(session, req, stage):
        if decision is None or decision.outcome != DecisionOutcome.withheld_in_part:
            continue
        description = f"{doc.title} ({doc.reference})" if doc.reference else doc.title
        for redaction in redactions_for(session, doc, decision):
            exemptions = format_exemption_list(redaction.exemptions, catalogue)
            what = "Area of the page" if redaction.page is not None else "Passage"
            pages = [str(page) for page in sorted(set(redaction.pages))] or ["–"]
            rows += [
                RedactionLogRow(item=doc.item, document=description, page=page, what=what, exemptions=exemptions)
                for page in pages
            ]
    return rows
