"""Extensions: public interest test (FOIA s10(3)), EIR reg 7, and Commissioner-specified days (SI 2004/3364)."""

from datetime import date

from app.deadline.counting import Counter, ordinal
from app.deadline.errors import ClockRuleError
from app.deadline.events import ClockEvent, date_detail
from app.deadline.state import ClockState, due_now, hold_text


def _check_can_extend(event: ClockEvent, state: ClockState) -> None:
    if state.stopped:
        raise ClockRuleError(
            "extension_while_on_hold",
            f"cannot record a {event.type.replace('_', ' ')} on {event.on.isoformat()} while the clock is "
            f"stopped ({hold_text(state)}); record it after the clock restarts.",
        )


def _check_after_due(event: ClockEvent, extended_to: date, due: date) -> None:
    if extended_to <= due:
        raise ClockRuleError(
            "extension_not_after_due",
            f"the extension to {extended_to.isoformat()} must be later than the due date "
            f"{due.isoformat()}; an extension cannot shorten the time for compliance.",
        )
    if extended_to < event.on:
        raise ClockRuleError(
            "extension_in_past",
            f"the extension recorded on {event.on.isoformat()} runs to {extended_to.isoformat()}, a "
            "date already past; give the date the decision is now expected.",
        )


def pit_extension(event: ClockEvent, state: ClockState, counter: Counter) -> None:
    regime = counter.regime
    if not regime.pit_extension:
        hint = (
            "; for complex and voluminous requests use the EIR reg 7 extension"
            if regime.complex_extension_working_days
            else ""
        )
        raise ClockRuleError(
            "pit_extension_not_available",
            f"{regime.name} has no public interest test extension: only FOIA s10(3) allows one{hint}.",
        )
    _check_can_extend(event, state)
    extended_to = date_detail(event, "extended_to")
    due = due_now(state, counter)
    _check_after_due(event, extended_to, due)
    further = regime.pit_normal_further_working_days
    assert further is not None
    normal_limit = counter.calendar.nth_working_day_after(due, further)
    if extended_to > normal_limit:
        reason = event.details.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise ClockRuleError(
                "exceptional_extension_reason_required",
                f"an extension to {extended_to.isoformat()} goes beyond the normal further {further} "
                f"working days ({normal_limit.isoformat()}): exceptional, so a reason is required (ICO "
                "guidance, s45 Code); record why in the reason.",
            )
        state.warnings.append(
            f"Exceptional public interest test extension to {extended_to.isoformat()}, beyond the normal "
            f"further {further} working days ({normal_limit.isoformat()}). Reason: {reason.strip()}"
        )
    if event.on > due:
        state.warnings.append(
            f"The public interest test extension was recorded on {event.on.isoformat()}, after the due date "
            f"{due.isoformat()}: the refusal notice with the estimated date was late (FOIA s17(1)-(2))."
        )
    state.extension_to, state.extension_kind = extended_to, "pit"


def eir_extension(event: ClockEvent, state: ClockState, counter: Counter) -> None:
    regime = counter.regime
    if regime.complex_extension_working_days is None:
        raise ClockRuleError(
            "eir_extension_not_available",
            f"{regime.name} has no extension for complex and voluminous requests (that is EIR reg 7)"
            + ("; under FOIA use a public interest test extension (s10(3))." if regime.pit_extension else "."),
        )
    _check_can_extend(event, state)
    due = due_now(state, counter)
    if event.on > due:
        raise ClockRuleError(
            "eir_extension_notice_late",
            f"the reg 7 extension was recorded on {event.on.isoformat()}, after the 20-working-day deadline "
            f"{due.isoformat()}; EIR reg 7(3) requires the requester to be told within 20 working days.",
        )
    state.extension_to, state.extension_kind = None, "eir_reg7"


def commissioner_extension(event: ClockEvent, state: ClockState, counter: Counter) -> None:
    limit = counter.regime.commissioner_extension_max_working_days
    if limit is None:
        raise ClockRuleError(
            "commissioner_extension_not_available",
            f"{counter.regime.name} has no Commissioner-specified extension (SI 2004/3364 regs 5 and "
            "6 apply to FOIA requests).",
        )
    _check_can_extend(event, state)
    extended_to = date_detail(event, "extended_to")
    cap = counter.calendar.nth_working_day_after(state.date_of_receipt, limit, state.windows)
    if extended_to > cap:
        raise ClockRuleError(
            "commissioner_extension_too_long",
            f"the Commissioner can specify a day no later than the {ordinal(limit)} working day after "
            f"the date of receipt ({cap.isoformat()}); {extended_to.isoformat()} is later (SI 2004/3364 "
            "regs 5-6, FOIA s10(4)).",
        )
    _check_after_due(event, extended_to, due_now(state, counter))
    state.extension_to, state.extension_kind = extended_to, "commissioner"
