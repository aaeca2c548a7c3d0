"""The annex a letter carries: one row per document with its decision and the exemptions relied on."""

from sqlalchemy.orm import Session

from app.deadline.regimes import exemption_regime
from app.document.models import DecisionOutcome, Stage
from app.document.schemas import AnnexOut, AnnexRow
from app.document.service import cited_codes, effective_decisions
from app.exemption.catalogue import Catalogue
from app.exemption.formatting import format_exemption_list
from app.foi_request.models import FoiRequest

UNDECIDED = "Not yet decided"


def build_annex(session: Session, req: FoiRequest, stage: Stage, catalogue: Catalogue) -> AnnexOut:
    rows, all_codes, complete = [], [], True
    regime = exemption_regime(req.regime)  # FOISA codes are FOISA's, not FOIA's namesakes
    for doc, decision in effective_decisions(session, req, stage):
        description = f"{doc.title} ({doc.reference})" if doc.reference else doc.title
        if decision is None:
            complete = False
            rows.append(
                AnnexRow(
                    item=doc.item,
                    document_id=doc.id,
                    description=description,
                    decision=UNDECIDED,
                    exemptions="",
                    codes=[],
                )
            )
            continue
        codes = cited_codes(decision)
        all_codes.extend(codes)
        rows.append(
            AnnexRow(
                item=doc.item,
                document_id=doc.id,
                description=description,
                decision=DecisionOutcome(decision.outcome).label,
                exemptions=format_exemption_list(codes, catalogue, regime),
                codes=codes,
            )
        )
    return AnnexOut(
        reference=req.reference,
        stage=stage,
        complete=complete and bool(rows),
        rows=rows,
        exemptions_relied_on=format_exemption_list(all_codes, catalogue, regime),
    )
