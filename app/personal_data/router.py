"""Personal data before publication: what may still name the requester, and each finding resolved by a person."""

from fastapi import APIRouter, status

from app.auth.dependencies import CurrentUser, SessionDep
from app.bundle.router import caseworker
from app.config import get_settings
from app.foi_request.dependencies import ReadableRequest, WritableRequest
from app.personal_data import service
from app.personal_data.schemas import FindingOut, PersonalDataOut, RedactAllIn, ResolutionIn, ResolutionOut
from app.publishing import service as publishing

router = APIRouter(prefix="/api/v1/requests/{request_id}/personal-data", tags=["personal data before publication"])


@router.get("", response_model=PersonalDataOut)
def findings(req: ReadableRequest, session: SessionDep) -> PersonalDataOut:
    """Every place what would be published may name the requester; publishing answers 409 while any is open."""
    found = publishing.review(session, req, get_settings()).findings
    return PersonalDataOut(
        findings=[FindingOut.model_validate(f.as_dict()) for f in found],
        resolutions=[ResolutionOut.model_validate(r) for r in service.resolutions(session, req).rows],
    )


@router.post("/resolutions", response_model=ResolutionOut, status_code=status.HTTP_201_CREATED)
def resolve(data: ResolutionIn, req: WritableRequest, session: SessionDep, user: CurrentUser) -> ResolutionOut:
    """Redact a finding in the published copy only, or dismiss it with a reason (both audited)."""
    caseworker(user)
    return ResolutionOut.model_validate(publishing.resolve_finding(session, req, user, data, get_settings()))


@router.post("/redact-all", response_model=list[ResolutionOut])
def redact_all(data: RedactAllIn, req: WritableRequest, session: SessionDep, user: CurrentUser) -> list[ResolutionOut]:
    """Redact every open finding in the published copy (or every finding of one document)."""
    caseworker(user)
    rows = publishing.redact_all(session, req, user, get_settings(), data.document_id)
    return [ResolutionOut.model_validate(r) for r in rows]
