"""Build each letter's context from the case. A letter that cannot be written yet is a 409 naming what is missing."""

from datetime import date

from sqlalchemy.orm import Session

from app.auth.models import User
from app.bundle.log import redaction_log
from app.config import Settings
from app.deadline import Regime
from app.deadline.regimes import exemption_regime
from app.document.annex import build_annex
from app.document.models import Decision, DecisionOutcome, Stage
from app.document.service import effective_decisions, list_documents, suggest_outcome
from app.exemption.catalogue import Catalogue
from app.exemption.formatting import format_exemption_list
from app.foi_request import clock
from app.foi_request.models import FoiRequest, Outcome
from app.letter import context as ctx
from app.letter.citations import cite_exemptions
from app.letter.clock_letters import acknowledgement, clarification, extension, fees_notice, latest
from app.letter.inputs import LetterInputs
from app.letter.not_ready import NotReady
from app.letter.refusals import refusal_facts
from app.review.independence import independence
from app.review.models import InternalReview
from app.review.service import document_changes, get_review, released_stage

TITLES: dict[str, str] = {
    "acknowledgement": "Acknowledgement of your request",
    "clarification": "Your request: we need more information",
    "fees_notice": "Fees notice",
    "extension": "Your request: more time to consider the public interest",
    "decision": "Response to your request",
    "internal_review": "Outcome of the internal review of your request",
    "annex": "Annex: documents within the scope of your request",
}
KINDS = list(TITLES)
ACT_SHORT = {"eir": "EIR", "foisa": "FOISA"}
OUTCOME_SENTENCES = {
    Outcome.granted_in_full: "We are releasing all the information you asked for.",
    Outcome.partly_withheld: "We are releasing some of the information you asked for and withholding the rest.",
    Outcome.withheld_in_full: "We are withholding the information you asked for.",
    Outcome.not_held: "We do not hold the information you asked for.",
    Outcome.ncnd: "We can neither confirm nor deny whether we hold the information you asked for.",
    Outcome.refused_s12: "We are refusing your request because the cost of complying with it would exceed the "
    "appropriate limit.",
    Outcome.refused_s14: "We are refusing your request because it is vexatious or repeated.",
    Outcome.advice_only: "We have given advice and assistance in place of the information.",
}
# FOIA s14(1) and s14(2) are different refusals; the letter's first line says which.
REPEAT_SENTENCES = {
    "s14(1)": "We are refusing your request because it is vexatious.",
    "s14(2)": "We are refusing your request because it repeats an earlier request of yours.",
}
REVIEW_SENTENCES = {
    "upheld": "We have upheld the original decision.",
    "upheld_in_part": "We have upheld the original decision in part and are releasing more information.",
    "overturned": "We have overturned the original decision and are releasing the information withheld.",
}


def authority(settings: Settings, regime: Regime) -> ctx.Authority:
    """The letterhead and the regulator for a request under `regime` (the regulator is the regime's, as data)."""
    regulator = regime.regulator
    # FOI_REGULATOR_* replace the Information Commissioner's details only (law.md Q8), never another regulator's.
    override = regulator.code == "ico"
    return ctx.Authority(
        name=settings.authority_name,
        address_lines=lines(settings.authority_address),
        logo_path=str(settings.authority_logo) if settings.authority_logo else None,
        signatory_name=settings.authority_signatory_name,
        signatory_title=settings.authority_signatory_title,
        email=settings.authority_email,
        phone=settings.authority_phone,
        website=settings.authority_website,
        review_contact=settings.authority_review_contact,
        fee_payment=settings.authority_fee_payment,
        regulator_name=(override and settings.regulator_name) or regulator.name,
        regulator_address_lines=lines(settings.regulator_address)
        if override and settings.regulator_address
        else [*regulator.address_lines],
        regulator_website=(override and settings.regulator_website) or regulator.website,
        regulator_complaint_provision=regulator.complaint_provision,
        regulator_apply_within=regulator.apply_within,
        regulator_apply_within_statutory=regulator.apply_within_statutory,
        disclosure_log_url=settings.disclosure_log_url,
    )


def signatory(signer: User | None) -> ctx.Signatory | None:
    if signer is None or not signer.job_title:
        return None
    return ctx.Signatory(name=signer.name, title=signer.job_title)


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").replace("\\n", "\n").splitlines() if line.strip()]


def recipient(req: FoiRequest) -> ctx.Recipient:
    r = req.requester
    return ctx.Recipient(
        name=r.name,
        email=r.email,
        postal_address_lines=lines(r.postal_address),
        organisation=r.organisation,
        salutation=f"Dear {r.name}",
        redacted=False,
    )


def request_facts(req: FoiRequest, regime: Regime) -> ctx.RequestFacts:
    return ctx.RequestFacts(
        reference=req.reference,
        title=req.title,
        request_text=req.request_text,
        regime=req.regime,
        regime_name=regime.name,
        act_short=ACT_SHORT.get(req.regime, "FOI Act"),
        legal_basis=regime.legal_basis,
        received_on=req.received_on,
        date_of_receipt=req.date_of_receipt,
        due_on=req.due_on,
        extended_due_on=req.extended_due_on,
    )


def _annex(session: Session, req: FoiRequest, stage: Stage, catalogue: Catalogue, act_short: str) -> ctx.Annex:
    built = build_annex(session, req, stage, catalogue)
    missing = [row.item for row in built.rows if row.decision == "Not yet decided"]
    if missing:
        raise NotReady(
            f"Documents without a {stage.value} decision: items {', '.join(missing)}. Record a decision "
            "on every document in scope first.",
            rule="documents_undecided",
            extra={"missing": missing},
        )
    column = "EIR exceptions" if act_short == "EIR" else f"{act_short} exemptions"
    return ctx.Annex(
        stage=stage.value,
        heading=TITLES["annex"],
        exemptions_column=column,
        rows=[
            ctx.AnnexRow(item=r.item, description=r.description, decision=r.decision, exemptions=r.exemptions)
            for r in built.rows
        ],
        redactions=redaction_log(session, req, stage, catalogue),
    )


def _effective(session: Session, req: FoiRequest, stage: Stage) -> list[tuple[str, Decision]]:
    return [(doc.item, decision) for doc, decision in effective_decisions(session, req, stage) if decision is not None]


def build_context(
    session: Session,
    req: FoiRequest,
    kind: str,
    catalogue: Catalogue,
    settings: Settings,
    letter_date: date,
    signer: User | None = None,
) -> ctx.LetterContext:
    """The letter's context; `signer` signs it when their profile has a job title."""
    regime = clock.regime_or_422(req.regime)
    result = clock.evaluate(session, req, clock.to_clock_events(list(req.events)))
    facts = request_facts(req, regime)
    base = {
        "kind": kind,
        "title": TITLES[kind],
        "letter_date": letter_date,
        "authority": authority(settings, regime),
        "signatory": signatory(signer),
        "recipient": recipient(req),
        "request": facts,
    }
    section = BUILDERS[kind](LetterInputs(session, req, regime, result, catalogue, facts, settings, letter_date))
    return ctx.LetterContext.model_validate({**base, **section})


def _decision(case: LetterInputs) -> dict[str, object]:
    session, req, regime, catalogue = case.session, case.req, case.regime, case.catalogue
    if not list_documents(session, req.id):
        if req.outcome is None:
            raise NotReady(
                "Add the documents in scope and decide each one, or record the response's outcome.", rule="no_documents"
            )
        annex = ctx.Annex(
            stage="initial", heading=TITLES["annex"], exemptions_column=f"{case.facts.act_short} exemptions", rows=[]
        )
        outcome = Outcome(req.outcome)
        pairs: list[tuple[str, Decision]] = []
    else:
        annex = _annex(session, req, Stage.initial, catalogue, case.facts.act_short)
        suggested = suggest_outcome(session, req.id)
        outcome = Outcome(req.outcome) if req.outcome else (suggested or Outcome.granted_in_full)
        pairs = _effective(session, req, Stage.initial)
    withholding = {DecisionOutcome.withheld, DecisionOutcome.withheld_in_part}
    decided_on = max((d.decided_on for _, d in pairs), default=req.responded_on or req.received_on)
    responded = req.responded_on or case.letter_date
    calendar = clock.calendar_for(session, regime)
    window = regime.review.request_window_working_days or 40
    response = latest(req, "responded")
    details = (response.details or {}) if response is not None and req.outcome == outcome.value else {}
    refusal = refusal_facts(session, req, outcome, details, regime, catalogue, case.settings)
    exemptions = cite_exemptions(pairs, catalogue, exemption_regime(req.regime)) + refusal.pop("exemptions", [])
    due = case.result.extended_due_on or case.result.due_on or req.extended_due_on or req.due_on
    return {
        "decision": ctx.Decision(
            decided_on=decided_on,
            outcome=outcome.value,
            outcome_sentence=REPEAT_SENTENCES.get(repeat.provision, OUTCOME_SENTENCES[outcome])
            if (repeat := refusal.get("repeat")) is not None
            else OUTCOME_SENTENCES[outcome],
            anything_withheld=any(d.outcome in withholding for _, d in pairs) or bool(exemptions),
            exemptions=exemptions,
            review_request_by=calendar.nth_working_day_after(responded, window),
            annex=annex,
            late=due is not None and responded > due,
            time_limit_working_days=regime.working_days,
            **refusal,
        )
    }


def _review(session: Session, req: FoiRequest) -> InternalReview:
    review = get_review(session, req.id)
    if review is None or review.outcome is None or review.decided_on is None:
        raise NotReady(
            f"Request {req.reference} has no decided internal review: record the review's outcome first.",
            rule="review_not_decided",
        )
    return review


def _internal_review(case: LetterInputs) -> dict[str, object]:
    session, req, catalogue = case.session, case.req, case.catalogue
    review = _review(session, req)
    codes_of = exemption_regime(req.regime)
    annex = _annex(session, req, Stage.internal_review, catalogue, case.facts.act_short)
    initial_codes = [c.code for _, d in _effective(session, req, Stage.initial) for c in d.citations]
    reviewed = _effective(session, req, Stage.internal_review)
    review_codes = [c.code for _, d in reviewed for c in d.citations]
    descriptions = {r.item: r.description for r in annex.rows}
    changes = [
        ctx.ReviewChange(
            item=c.item,
            description=descriptions.get(c.item, c.item),
            before=_label(c.initial),
            after=_label(c.review or c.initial),
            exemptions_before=format_exemption_list(c.initial_exemptions, catalogue, codes_of),
            exemptions_after=format_exemption_list(c.review_exemptions, catalogue, codes_of),
        )
        for c in document_changes(session, req)
        if c.changed
    ]
    return {
        "internal_review": ctx.InternalReview(
            requested_on=review.requested_on,
            original_response_on=req.responded_on or review.requested_on,
            decided_on=review.decided_on,
            outcome=review.outcome,
            outcome_sentence=REVIEW_SENTENCES[review.outcome or "upheld"],
            original_exemptions=format_exemption_list(initial_codes, catalogue, codes_of),
            exemptions_now=format_exemption_list(review_codes, catalogue, codes_of) if review_codes else "",
            exemptions=cite_exemptions(reviewed, catalogue, codes_of),
            changes=changes,
            late=review.timeliness == "late",
            annex=annex,
            **_independence(session, review),
        )
    }


def _independence(session: Session, review: InternalReview) -> dict[str, object]:
    """What the letter may say about who carried out the review (s45 Code, section 5): only what the record shows."""
    found = independence(session, review)
    involved = [session.get(User, user_id) for user_id in found.involved]
    first = next((u for u in involved if u is not None and u.id == found.reviewer_id), None) or next(
        (u for u in involved if u is not None), None
    )
    return {
        "independent": found.independent,
        "involved_role": first.role if first is not None else None,
        "involved_is_reviewer": first is not None and first.id == found.reviewer_id,
    }


def _label(outcome: str | None) -> str:
    return DecisionOutcome(outcome).label if outcome in set(DecisionOutcome) else "Not decided"


def _annex_only(case: LetterInputs) -> dict[str, object]:
    stage = released_stage(case.session, case.req)
    if not list_documents(case.session, case.req.id):
        raise NotReady("Add the documents in scope first.", rule="no_documents")
    return {"annex": _annex(case.session, case.req, stage, case.catalogue, case.facts.act_short)}


BUILDERS = {
    "acknowledgement": acknowledgement,
    "clarification": clarification,
    "fees_notice": fees_notice,
    "extension": extension,
    "decision": _decision,
    "internal_review": _internal_review,
    "annex": _annex_only,
}
