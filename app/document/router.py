from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlalchemy.orm import Session

from app.auth.dependencies import CurrentUser, Officer, OpinionGiver, Reviewer, SessionDep
from app.auth.models import User
from app.deadline.regimes import exemption_regime
from app.dependencies import VERSION_REQUIRED, IfMatch, RowId
from app.document import annex, opinions, service
from app.document.models import Decision, Document, Stage
from app.document.schemas import (
    AnnexOut,
    CitationOut,
    DecisionIn,
    DecisionOut,
    DocumentIn,
    DocumentOut,
    OpinionIn,
    OpinionOut,
    PublicInterestOut,
    QualifiedPersonOut,
)
from app.exemption.catalogue import Catalogue
from app.exemption.dependencies import CatalogueDep
from app.foi_request.dependencies import ReadableRequest, WritableRequest
from app.schemas import UserRef

router = APIRouter(prefix="/api/v1/requests/{request_id}", tags=["documents and decisions"])
DocumentId = RowId


def decision_out(session: Session, decision: Decision, catalogue: Catalogue, regime: str) -> DecisionOut:
    """`regime` is the request's: its stored codes are that regime's (FOIA s30 is not FOISA s30)."""
    decided_by = session.get(User, decision.decided_by_id)
    assert decided_by is not None
    citations = []
    for c in decision.citations:
        resolved = catalogue.resolve(c.code, exemption_regime(regime))
        citations.append(
            CitationOut(
                code=c.code,
                section=c.section,
                title=resolved.section.title,
                absolute=resolved.absolute,
                reasoning=c.reasoning,
                public_interest=PublicInterestOut(
                    for_disclosure=c.pi_for_disclosure,
                    for_withholding=c.pi_for_withholding,
                    conclusion=c.pi_conclusion,
                )
                if c.pi_conclusion
                else None,
                qualified_person=QualifiedPersonOut(
                    name=c.qp_name, role=c.qp_role or "", opinion_on=c.qp_opinion_on, opinion_id=c.opinion_id
                )
                if c.qp_name and c.qp_opinion_on
                else None,
                statistical=c.statistical,
                s31_purposes=list(c.s31_purposes or []),
                legitimate_interests=c.legitimate_interests,
            )
        )
    return DecisionOut(
        id=decision.id,
        document_id=decision.document_id,
        stage=Stage(decision.stage),
        outcome=decision.outcome,
        decided_on=decision.decided_on,
        decided_by=UserRef.model_validate(decided_by),
        version=decision.version,
        exemptions=citations,
        information_on_emissions=decision.information_on_emissions,
        updated_at=decision.updated_at,
    )


def document_out(session: Session, doc: Document, catalogue: Catalogue, regime: str) -> DocumentOut:
    return DocumentOut(
        id=doc.id,
        request_id=doc.request_id,
        item=doc.item,
        title=doc.title,
        reference=doc.reference,
        has_content=bool(doc.content),
        created_at=doc.created_at,
        decisions={d.stage: decision_out(session, d, catalogue, regime) for d in doc.decisions},
    )


@router.post("/documents", status_code=status.HTTP_201_CREATED, response_model=DocumentOut)
def add_document(
    data: DocumentIn, req: WritableRequest, session: SessionDep, user: Officer, catalogue: CatalogueDep
) -> DocumentOut:
    """Add a document in scope of the request (one row of the annex)."""
    return document_out(session, service.add_document(session, req, data, user), catalogue, req.regime)


@router.get("/documents", response_model=list[DocumentOut])
def list_documents(req: ReadableRequest, session: SessionDep, catalogue: CatalogueDep) -> list[DocumentOut]:
    """The documents in scope, in item order, with their decisions."""
    return [document_out(session, d, catalogue, req.regime) for d in service.list_documents(session, req.id)]


@router.get("/documents/{document_id}", response_model=DocumentOut)
def get_document(
    document_id: DocumentId, req: ReadableRequest, session: SessionDep, catalogue: CatalogueDep
) -> DocumentOut:
    """One document with its decisions."""
    return document_out(session, service.get_document(session, req, document_id), catalogue, req.regime)


@router.put("/documents/{document_id}/decisions/{stage}", response_model=DecisionOut, responses=VERSION_REQUIRED)
def put_decision(
    document_id: DocumentId,
    stage: Stage,
    data: DecisionIn,
    req: WritableRequest,
    session: SessionDep,
    user: Reviewer,
    catalogue: CatalogueDep,
    if_match: IfMatch,
    response: Response,
) -> DecisionOut:
    """Rule on a document at a stage, with the law's requirements enforced; replacing one needs its version."""
    doc = service.get_document(session, req, document_id)
    decision, created = service.put_decision(session, req, doc, stage, data, user, catalogue, if_match)
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    response.headers["ETag"] = f'"{decision.version}"'
    return decision_out(session, decision, catalogue, req.regime)


@router.post("/opinions", status_code=status.HTTP_201_CREATED, response_model=OpinionOut)
def record_opinion(
    data: OpinionIn, req: WritableRequest, session: SessionDep, user: OpinionGiver, catalogue: CatalogueDep
) -> OpinionOut:
    """Record the qualified person's s36 opinion (their own, or one given on paper, recorded by an officer)."""
    return OpinionOut.model_validate(opinions.record_opinion(session, req, data, user, catalogue))


@router.get("/opinions", response_model=list[OpinionOut])
def list_opinions(req: ReadableRequest, session: SessionDep) -> list[OpinionOut]:
    """The s36 opinions recorded on the request."""
    return [OpinionOut.model_validate(o) for o in opinions.list_opinions(session, req.id)]


@router.get("/annex", response_model=AnnexOut)
def get_annex(
    req: ReadableRequest,
    session: SessionDep,
    catalogue: CatalogueDep,
    _user: CurrentUser,
    stage: Annotated[Stage, Query(description="initial or internal_review")] = Stage.initial,
) -> AnnexOut:
    """The rows of the letter's annex: item, document, decision and exemptions as a letter writes them."""
    return annex.build_annex(session, req, stage, catalogue)
