"""The letters the clock prompts: acknowledgement (FOIA s10(1)), clarification (s1(3)), fees notice (s9) and
extension (s10(3)/s17(2), EIR reg 7, the Commissioner). Each builds its section of the letter's context."""

from decimal import Decimal

from app.deadline.regimes import exemption_regime
from app.foi_request.models import ClockEventRow, FoiRequest
from app.letter import context as ctx
from app.letter.citations import explain
from app.letter.inputs import LetterInputs
from app.letter.not_ready import NotReady


def latest(req: FoiRequest, *types: str) -> ClockEventRow | None:
    rows = [e for e in req.events if e.type in types]
    return max(rows, key=lambda e: (e.occurred_on, e.id)) if rows else None


def acknowledgement(case: LetterInputs) -> dict[str, object]:
    result = case.result
    if result.due_on is None:
        raise NotReady(
            f"Request {case.req.reference} is on hold ({result.status}); an acknowledgement gives the due "
            "date, which is not running now.",
            rule="clock_stopped",
        )
    return {"acknowledgement": ctx.Acknowledgement(due_on=result.due_on)}


def clarification(case: LetterInputs) -> dict[str, object]:
    event = latest(case.req, "clarification_requested")
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
            asked_on=event.occurred_on, what_is_needed=note, lapse_on=case.result.clarification_lapse_on
        )
    }


def fees_notice(case: LetterInputs) -> dict[str, object]:
    event = latest(case.req, "fee_notice_issued")
    if event is None:
        raise NotReady("Record a fee_notice_issued event (with the amount) first.", rule="no_fee_notice")
    details = event.details or {}
    pay_by = case.result.fee_payment_deadline or event.occurred_on
    return {
        "fees_notice": ctx.FeesNotice(
            notice_on=event.occurred_on,
            amount=f"£{Decimal(str(details['amount'])):,.2f}",
            breakdown=details.get("breakdown"),
            pay_by=pay_by,
            working_days_used=case.result.working_days_used,
        )
    }


def extension(case: LetterInputs) -> dict[str, object]:
    regime, result = case.regime, case.result
    event = latest(case.req, "pit_extension", "eir_extension", "commissioner_extension")
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
    cited = [explain(code, case.catalogue, exemption_regime(case.req.regime)) for code in details.get("exemptions", [])]
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
