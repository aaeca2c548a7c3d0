"""The letters the clock prompts: acknowledgement (FOIA s10(1)), clarification (s1(3)), fees notice (s9) and
extension (s10(3)/s17(2), EIR reg 7, the Commissioner). Each builds its section of the letter's context."""

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from app.config import Settings
from app.deadline import ClockResult, Regime
from app.deadline.regimes import exemption_regime
from app.exemption.catalogue import Catalogue
from app.foi_request.models import ClockEventRow, FoiRequest
from app.letter import context as ctx
from app.letter.citations import explain
from app.letter.not_ready import NotReady


def latest(req: FoiRequest, *types: str) -> ClockEventRow | None:
    rows = [e for e in req.events if e.type in types]
    return max(rows, key=lambda e: (e.occurred_on, e.id)) if rows else None


def acknowledgement(
    session: Session,
    req: FoiRequest,
    regime: Regime,
    result: ClockResult,
    catalogue: Catalogue,
    facts: ctx.RequestFacts,
    settings: Settings,
    letter_date: date,
) -> dict[str, object]:
    if result.due_on is None:
        raise NotReady(
            f"Request {req.reference} is on hold ({result.status}); an acknowledgement gives the due "
            "date, which is not running now.",
            rule="clock_stopped",
        )
    return {"acknowledgement": ctx.Acknowledgement(due_on=result.due_on)}


def clarification(
    session: Session,
    req: FoiRequest,
    regime: Regime,
    result: ClockResult,
    catalogue: Catalogue,
    facts: ctx.RequestFacts,
    settings: Settings,
    letter_date: date,
) -> dict[str, object]:
    event = latest(req, "clarification_requested")
    if event is None:
        raise NotReady(
            "Record a clarification_requested event (with a note of what you need) first.",
            rule="no_clarification_requested",
        )
    note = (event.details or {}).get("note")
    if not note:
        raise NotReady(
            "The clarification_requested event has no note: say what the requester needs to clarify.",
            rule="clarification_note_missing",
        )
    return {
        "clarification": ctx.Clarification(
            asked_on=event.occurred_on, what_is_needed=note, lapse_on=result.clarification_lapse_on
        )
    }


def fees_notice(
    session: Session,
    req: FoiRequest,
    regime: Regime,
    result: ClockResult,
    catalogue: Catalogue,
    facts: ctx.RequestFacts,
    settings: Settings,
    letter_date: date,
) -> dict[str, object]:
    event = latest(req, "fee_notice_issued")
    if event is None:
        raise NotReady("Record a fee_notice_issued event (with the amount) first.", rule="no_fee_notice")
    details = event.details or {}
    pay_by = result.fee_payment_deadline or event.occurred_on
    return {
        "fees_notice": ctx.FeesNotice(
            notice_on=event.occurred_on,
            amount=f"£{Decimal(str(details['amount'])):,.2f}",
            breakdown=details.get("breakdown"),
            pay_by=pay_by,
            working_days_used=result.working_days_used,
        )
    }


def extension(
    session: Session,
    req: FoiRequest,
    regime: Regime,
    result: ClockResult,
    catalogue: Catalogue,
    facts: ctx.RequestFacts,
    settings: Settings,
    letter_date: date,
) -> dict[str, object]:
    event = latest(req, "pit_extension", "eir_extension", "commissioner_extension")
    extendable = (
        regime.pit_extension,
        regime.complex_extension_working_days,
        regime.commissioner_extension_max_working_days,
    )
    if event is None and not any(extendable):
        # FOISA s10(1): 20 working days with no public interest or other extension, so no extension letter.
        raise NotReady(
            f"{regime.name} allows no extension of the time to respond, so there is no extension letter: the "
            f"response is due within {regime.working_days} working days.",
            rule="no_extension_in_regime",
        )
    if event is None or result.extended_due_on is None or result.due_on is None:
        raise NotReady(
            "Record an extension event (pit_extension, eir_extension or commissioner_extension) first.",
            rule="no_extension",
        )
    kind = {"pit_extension": "pit", "eir_extension": "eir_reg7", "commissioner_extension": "commissioner"}[event.type]
    details = event.details or {}
    cited = [explain(code, catalogue, exemption_regime(req.regime)) for code in details.get("exemptions", [])]
    return {
        "extension": ctx.Extension(
            kind=kind,
            notified_on=event.occurred_on,
            original_due_on=result.due_on,
            extended_to=result.extended_due_on,
            reason=details.get("reason"),
            exemptions=cited,
        )
    }
