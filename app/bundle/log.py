"""The redaction log the annex carries: for each partly withheld document, where each gap is and why."""

from sqlalchemy.orm import Session

from app.bundle.redaction import list_for
from app.deadline.regimes import exemption_regime
from app.document.models import DecisionOutcome, Stage
from app.document.service import effective_decisions
from app.exemption.catalogue import Catalogue
from app.exemption.formatting import format_exemption_list
from app.foi_request.models import FoiRequest
from app.letter.context import RedactionLogRow


def redaction_log(session: Session, req: FoiRequest, stage: Stage, catalogue: Catalogue) -> list[RedactionLogRow]:
    rows = []
    for doc, decision in effective_decisions(session, req, stage):
        if decision is None or decision.outcome != DecisionOutcome.withheld_in_part:
            continue
        description = f"{doc.title} ({doc.reference})" if doc.reference else doc.title
        for redaction in list_for(session, doc, Stage(decision.stage)):
            exemptions = format_exemption_list(redaction.exemptions, catalogue, exemption_regime(req.regime))
            what = "Area of the page" if redaction.page is not None else "Passage"
            pages = [str(page) for page in sorted(set(redaction.pages))] or ["–"]
            rows += [
                RedactionLogRow(item=doc.item, document=description, page=page, what=what, exemptions=exemptions)
                for page in pages
            ]
    return rows
