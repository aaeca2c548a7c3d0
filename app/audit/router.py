from datetime import datetime
from typing import Any

from fastapi import APIRouter

from app.audit.service import request_audit
from app.auth.dependencies import SessionDep
from app.foi_request.dependencies import ReadableRequest
from app.schemas import OutModel

router = APIRouter(prefix="/api/v1/requests/{request_id}/audit", tags=["audit"])


class AuditEventOut(OutModel):
    seq: int
    at: datetime
    actor_id: int | None
    entity: str
    entity_id: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    prev_hash: str
    hash: str


class AuditOut(OutModel):
    reference: str
    chain_valid: bool
    first_bad_seq: int | None
    problem: str | None
    events: list[AuditEventOut]


@router.get("", response_model=AuditOut)
def get_audit(req: ReadableRequest, session: SessionDep) -> AuditOut:
    """Every change to the request, oldest first, with a check that the hash chain is unbroken."""
    events, check = request_audit(session, req.id)
    return AuditOut(
        reference=req.reference,
        chain_valid=check.valid,
        first_bad_seq=check.first_bad_seq,
        problem=check.reason,
        events=[AuditEventOut.model_validate(e) for e in events],
    )
