"""The requester's own personal data: outside FOIA (s40(1), NCND s40(5A)) and the EIR (reg 5(3)), so it is dealt
with as a subject access request under UK GDPR Article 15 (one month, extendable by two: Art 12(3)).

Which provisions mean "the requester's own data" is catalogue data (a limb's `subject_access`), never a list here.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.deadline.regimes import exemption_regime
from app.document.models import Decision, DecisionCitation
from app.errors import Unprocessable
from app.exemption.catalogue import AmbiguousExemption, Catalogue, UnknownExemption, UnsupportedRegime
from app.exemption.ncnd import resolve_ncnd
from app.foi_request.models import FoiRequest, Outcome


def own_data_provisions(session: Session, req: FoiRequest, catalogue: Catalogue) -> list[str]:
    """The provisions cited on this request that are the requester's own data: a subject access request is due."""
    cited = session.scalars(
        select(DecisionCitation.code).join(Decision).where(Decision.request_id == req.id).distinct()
    )
    codes_of = exemption_regime(req.regime)
    found = sorted(code for code in cited if _is_own_data(catalogue, code, codes_of))
    response = next((e for e in reversed(req.events) if e.type == "responded"), None)
    if response is not None and req.outcome == Outcome.ncnd:
        for code in (response.details or {}).get("exemptions", []):
            try:
                provision = resolve_ncnd(catalogue, code, codes_of)
            except Unprocessable:  # a stored code the catalogue no longer knows is not flagged
                continue
            if _is_own_data(catalogue, provision.provision, codes_of) and code not in found:
                found.append(code)
    return found


def _is_own_data(catalogue: Catalogue, code: str, regime: str) -> bool:
    try:
        citation = catalogue.resolve(code, regime)
    except (UnknownExemption, AmbiguousExemption, UnsupportedRegime):
        return False
    return citation.limb is not None and citation.limb.subject_access
