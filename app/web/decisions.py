"""The decision form: one document, one stage. The questions each exemption needs appear once it is chosen."""

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from app import timeutil
from app.auth.dependencies import SessionDep
from app.deadline.regimes import exemption_regime
from app.dependencies import RowId
from app.document import opinions
from app.document import service as documents
from app.document.models import Decision, DecisionOutcome, Document, QualifiedPersonOpinion, Stage
from app.document.schemas import DecisionIn
from app.exemption.catalogue import Catalogue
from app.exemption.dependencies import CatalogueDep
from app.exemption.models import Citation, UnknownExemption
from app.foi_request import service as requests
from app.foi_request.models import FoiRequest
from app.web.dependencies import CsrfChecked, FormLists, WebReviewer
from app.web.forms import FormErrors, add_app_error, attempt, date_parts, optional_int, read_date, typed_date
from app.web.templating import render

router = APIRouter(include_in_schema=False)
CaseId = RowId
DocId = RowId
STALE_DECISION = (
    "Someone else saved a decision on this document while you were working on it. Your answers are below; check "
    "the decision on the case page, then save again to replace it."
)
OUTCOMES = {o.value: o.label for o in DecisionOutcome}
MAX_CITATIONS = 40


@dataclass
class CitationForm:
    """One exemption slot on the form, with what the chosen exemption needs asked for."""

    index: int
    code: str = ""
    reasoning: str = ""
    pi_for: str = ""
    pi_against: str = ""
    pi_conclusion: str = ""
    opinion_id: str = ""
    statistical: bool = False
    purposes: list[str] = field(default_factory=list)
    li_interest: str = ""
    li_necessity: str = ""
    li_balancing: str = ""
    citation: Citation | None = None


def _slots_from_decision(decision: Decision | None) -> list[CitationForm]:
    if decision is None:
        return []
    return [
        CitationForm(
            index=i,
            code=c.code,
            reasoning=c.reasoning,
            pi_for=c.pi_for_disclosure or "",
            pi_against=c.pi_for_withholding or "",
            pi_conclusion=c.pi_conclusion or "",
            opinion_id=str(c.opinion_id or ""),
            statistical=c.statistical,
            purposes=list(c.s31_purposes or []),
            li_interest=(c.legitimate_interests or {}).get("legitimate_interest", ""),
            li_necessity=(c.legitimate_interests or {}).get("necessity", ""),
            li_balancing=(c.legitimate_interests or {}).get("balancing", ""),
        )
        for i, c in enumerate(decision.citations)
    ]


def _slots_from_form(form: dict[str, list[str]]) -> list[CitationForm]:
    def one(name: str) -> str:
        return (form.get(name) or [""])[0].strip()

    slots = []
    for i in range(MAX_CITATIONS):
        if f"code-{i}" not in form:
            break
        slots.append(
            CitationForm(
                index=i,
                code=one(f"code-{i}"),
                reasoning=one(f"reasoning-{i}"),
                pi_for=one(f"pi_for-{i}"),
                pi_against=one(f"pi_against-{i}"),
                pi_conclusion=one(f"pi_conclusion-{i}"),
                opinion_id=one(f"opinion-{i}"),
                statistical=one(f"statistical-{i}") == "yes",
                purposes=[p for p in form.get(f"purposes-{i}", []) if p],
                li_interest=one(f"li_interest-{i}"),
                li_necessity=one(f"li_necessity-{i}"),
                li_balancing=one(f"li_balancing-{i}"),
            )
        )
    return slots


def _resolve(slots: list[CitationForm], catalogue: Catalogue, regime: str, errors: FormErrors | None) -> None:
    for slot in slots:
        if not slot.code:
            continue
        try:
            slot.citation = catalogue.resolve(slot.code, exemption_regime(regime))
            slot.code = slot.citation.code
        except UnknownExemption as exc:
            if errors is not None:
                errors.add(f"code-{slot.index}", exc.detail)


def _check_questions(slots: list[CitationForm], outcome: str, errors: FormErrors) -> None:
    """The law's requirements, asked as questions on the form (the service checks them again)."""
    chosen = [s for s in slots if s.citation is not None]
    if outcome in ("withheld", "withheld_in_part") and not chosen and not errors:
        errors.add("code-0", "Choose the exemption relied on to withhold information")
    if outcome == "disclosed" and chosen:
        errors.add(f"code-{chosen[0].index}", "A disclosed document relies on no exemption: remove the exemptions")
    for slot in chosen:
        citation = slot.citation
        assert citation is not None
        if citation.requires_qualified_person and not slot.opinion_id and not slot.statistical:
            # FOIA s36(2): only the qualified person's reasonable opinion engages s36 (s36(4): unless statistical).
            errors.add(
                f"opinion-{slot.index}",
                f"Choose the qualified person's opinion that covers {citation.code}, or say that the information "
                "is statistical",
            )
        if citation.requires_purpose and not slot.purposes:
            # FOIA s31(1)(g)-(i): the function must be for a purpose listed in s31(2).
            errors.add(f"purposes-{slot.index}", f"Choose the s31(2) purpose for {citation.code}")
        if citation.requires_public_interest_test and not slot.pi_conclusion:
            # FOIA s2(2)(b), s17(3): a qualified exemption holds only if the public interest favours withholding.
            errors.add(f"pi_conclusion-{slot.index}", f"Enter the public interest conclusion for {citation.code}")
        if citation.requires_legitimate_interests and not (
            slot.li_interest and slot.li_necessity and slot.li_balancing
        ):
            # FOIA s40(3A)(a) with UK GDPR Art 6(1)(f): the three-part legitimate interests test.
            errors.add(
                f"li_interest-{slot.index}",
                f"Answer all three parts of the legitimate interests test for {citation.code}",
            )


def _citation_payload(slot: CitationForm) -> dict[str, Any]:
    citation = slot.citation
    assert citation is not None
    payload: dict[str, Any] = {"code": citation.code, "reasoning": slot.reasoning}
    if citation.requires_public_interest_test:
        payload["public_interest"] = {
            "for_disclosure": slot.pi_for or None,
            "for_withholding": slot.pi_against or None,
            "conclusion": slot.pi_conclusion or None,
        }
    if citation.requires_qualified_person and slot.opinion_id.isdigit():
        payload["opinion_id"] = int(slot.opinion_id)
    if slot.statistical:  # sent whatever the exemption, so the service names the rule a wrong one breaks
        payload["statistical"] = True
    if citation.requires_purpose:
        payload["s31_purposes"] = slot.purposes
    if citation.requires_legitimate_interests:
        payload["legitimate_interests"] = {
            "legitimate_interest": slot.li_interest,
            "necessity": slot.li_necessity,
            "balancing": slot.li_balancing,
        }
    return payload


def _page(
    request: Request,
    session: Session,
    req: FoiRequest,
    doc: Document,
    stage: Stage,
    catalogue: Catalogue,
    *,
    outcome: str,
    slots: list[CitationForm],
    decided: dict[str, str],
    version: str,
    on_emissions: bool = False,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    original = next((d for d in doc.decisions if d.stage == Stage.initial), None) if stage != Stage.initial else None
    used = len([s for s in slots if s.code])
    slots = [s for s in slots if s.code] + [CitationForm(index=used)]
    for i, slot in enumerate(slots):
        slot.index = i
    sections = list(catalogue.sections_in(exemption_regime(req.regime)).values())
    return render(
        request,
        "decision.html",
        status_code=status_code,
        title=f"Decide on item {doc.item}",
        req=req,
        doc=doc,
        stage=stage,
        original=original,
        outcome=outcome,
        outcomes=OUTCOMES,
        slots=slots,
        sections=sections,
        opinions=opinions.list_opinions(session, req.id),
        decided=decided,
        version=version,
        # EIR reg 12(9) is asked only where the EIR apply.
        emissions_question=exemption_regime(req.regime) == "eir",
        on_emissions=on_emissions,
        errors=errors,
    )


def _load(session: Session, case_id: int, doc_id: int, *, for_update: bool = False) -> tuple[FoiRequest, Document]:
    req = requests.get_request(session, case_id, for_update=for_update)
    return req, documents.get_document(session, req, doc_id)


@router.get("/cases/{case_id}/documents/{doc_id}/decision/{stage}", response_class=HTMLResponse)
def decision_form(
    case_id: CaseId,
    doc_id: DocId,
    stage: Stage,
    request: Request,
    session: SessionDep,
    _user: WebReviewer,
    catalogue: CatalogueDep,
) -> HTMLResponse:
    req, doc = _load(session, case_id, doc_id)
    current = next((d for d in doc.decisions if d.stage == stage), None)
    slots = _slots_from_decision(current)
    _resolve(slots, catalogue, req.regime, None)
    return _page(
        request,
        session,
        req,
        doc,
        stage,
        catalogue,
        outcome=current.outcome if current else "",
        slots=slots,
        decided=date_parts(current.decided_on if current else timeutil.today()),
        version=str(current.version) if current else "",
        on_emissions=bool(current and current.information_on_emissions),
    )


@router.post(
    "/cases/{case_id}/documents/{doc_id}/decision/{stage}", response_class=HTMLResponse, dependencies=[CsrfChecked]
)
def save_decision(
    case_id: CaseId,
    doc_id: DocId,
    stage: Stage,
    request: Request,
    session: SessionDep,
    user: WebReviewer,
    catalogue: CatalogueDep,
    form: FormLists,
) -> Response:
    req, doc = _load(session, case_id, doc_id, for_update=True)
    fields = {k: v[0] for k, v in form.items()}
    errors = FormErrors()
    slots = _slots_from_form(form)
    _resolve(slots, catalogue, req.regime, errors)
    outcome = fields.get("outcome", "")
    decided_on = read_date(fields, "decided", "the date of the decision", errors)
    decided = typed_date(fields, "decided")
    version = fields.get("version", "")
    on_emissions = fields.get("information_on_emissions") == "yes"

    def again(status_code: int) -> HTMLResponse:
        return _page(
            request,
            session,
            req,
            doc,
            stage,
            catalogue,
            outcome=outcome,
            slots=slots,
            decided=decided,
            version=version,
            on_emissions=on_emissions,
            errors=errors,
            status_code=status_code,
        )

    if fields.get("action") == "update":  # "Update the questions": no save, just show what the choices need
        return again(200)
    if outcome not in OUTCOMES:
        errors.add("outcome", "Choose the decision on this document")
    _check_questions(slots, outcome, errors)
    if errors:
        return again(422)
    current = next((d for d in doc.decisions if d.stage == stage), None)
    if current is not None and not version.isdigit():
        # The form was opened before anyone had decided; someone has since.
        errors.add(None, STALE_DECISION)
        version = str(current.version)
        return again(409)
    try:
        data = DecisionIn.model_validate(
            {
                "outcome": DecisionOutcome(outcome),
                "exemptions": [_citation_payload(s) for s in slots if s.citation is not None],
                "decided_on": decided_on,
                "version": optional_int(version),
                "information_on_emissions": on_emissions,
            }
        )
    except ValidationError as exc:
        for err in exc.errors():
            errors.add(None, f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}")
        return again(422)
    _, problem = attempt(session, lambda: documents.put_decision(session, req, doc, stage, data, user, catalogue, None))
    if problem is not None:
        if problem.rule == "stale_version":
            errors.add(None, STALE_DECISION)
            version = str(current.version) if current else ""
            return again(409)
        add_app_error(
            errors,
            problem,
            {
                "decision_before_receipt": "decided",
                "decision_in_future": "decided",
                "emissions_override": "information_on_emissions",
            },
        )
        return again(problem.status_code)
    return RedirectResponse(f"/cases/{req.id}?done=decision#documents", status_code=303)


def opinion_choices(found: list[QualifiedPersonOpinion], code: str) -> list[QualifiedPersonOpinion]:
    return [o for o in found if code in o.limbs or any(code.startswith(limb) for limb in o.limbs)]
