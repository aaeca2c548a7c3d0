"""What each clock event does to the state of a request's clock, and which sequences the law rules out."""

from collections.abc import Callable
from datetime import date, timedelta

from app.deadline.counting import Counter
from app.deadline.errors import ClockRuleError
from app.deadline.events import CLOSING_TYPES, EVENT_TYPES, ClockEvent
from app.deadline.extensions import commissioner_extension, eir_extension, pit_extension
from app.deadline.periods import months_beginning_with
from app.deadline.state import ClockState, due_now

_CLOSED_AS = {"responded": "responded to", "withdrawn": "withdrawn", "lapsed": "closed as lapsed"}


def _clarification_requested(event: ClockEvent, state: ClockState, counter: Counter) -> None:
    if state.clarification_since is not None:
        state.warnings.append(
            f"Clarification asked for again on {event.on.isoformat()} while the request of "
            f"{state.clarification_since.isoformat()} was still unanswered."
        )
    elif state.fee_since is None:
        due = due_now(state, counter)
        state.due_when_stopped = due
        if event.on > due:
            state.warnings.append(
                f"Clarification was asked for on {event.on.isoformat()}, after the due date "
                f"{due.isoformat()}: the request was already late ({counter.cites['due']})."
            )
    state.clarification_since = event.on


def _clarification_received(event: ClockEvent, state: ClockState, counter: Counter) -> None:
    if state.clarification_since is None:
        raise ClockRuleError(
            "clarification_received_without_request",
            f"clarification received on {event.on.isoformat()} but no clarification was asked for before it; "
            f"record the request for clarification first ({counter.cites['clarification']}).",
        )
    # s10(6)(b): the day the further information arrives becomes the date of receipt: restart, not pause.
    if state.due_when_stopped is not None:
        state.superseded.append(state.due_when_stopped)
    if state.extension_kind is not None:
        state.warnings.append(
            f"The {state.extension_kind} extension no longer applies: clarification received on "
            f"{event.on.isoformat()} restarted the clock ({counter.cites['restart']})."
        )
    state.date_of_receipt = event.on
    state.clarification_since = None
    state.due_when_stopped = None
    state.extension_to = None
    state.extension_kind = None


def _fee_notice_issued(event: ClockEvent, state: ClockState, counter: Counter) -> None:
    regime, cites = counter.regime, counter.cites
    if not regime.fee_pause:
        raise ClockRuleError(
            "fee_pause_not_available",
            f"{regime.name} has no fees-notice pause of the clock (that is FOIA s9/s10(2)); record "
            "the charge on the case without a clock event.",
        )
    if state.fee_since is not None:
        raise ClockRuleError(
            "fee_notice_outstanding",
            f"a second fees notice on {event.on.isoformat()} while the notice of {state.fee_since.isoformat()} "
            "is unpaid; record the payment of the first notice (or close the request as lapsed) before "
            f"issuing another ({cites['fee_notice']}).",
        )
    if state.clarification_since is None:
        due = due_now(state, counter)
        if event.on > due:
            state.warnings.append(
                f"Fees notice given on {event.on.isoformat()}, after the due date {due.isoformat()}: a fees "
                f"notice must be given within the time for compliance ({cites['fee_notice']})."
            )
    state.fee_since = event.on


def _fee_paid(event: ClockEvent, state: ClockState, counter: Counter) -> None:
    cites = counter.cites
    if state.fee_since is None:
        raise ClockRuleError(
            "fee_paid_without_notice",
            f"fee paid on {event.on.isoformat()} but no fees notice was issued before it; record the fee "
            f"notice first ({cites['act']} s9).",
        )
    months = counter.regime.fee_payment_months
    if months is not None and event.on > months_beginning_with(state.fee_since, months):
        state.warnings.append(
            f"Fee paid on {event.on.isoformat()}, after the last day to pay "
            f"({months_beginning_with(state.fee_since, months).isoformat()}, {cites['fee_payment']}): the "
            "authority could have treated the request as lapsed."
        )
    # s10(2): working days from the notice day to the day the fee is received, both inclusive, do not count.
    state.windows.append((state.fee_since, event.on))
    state.fee_since = None


def clarification_lapse_on(since: date, months: int) -> date:
    """First day a request may be closed for want of clarification (practice, law.md Q9)."""
    return months_beginning_with(since, months) + timedelta(days=1)


def _lapsed(event: ClockEvent, state: ClockState, counter: Counter) -> None:
    regime, cites = counter.regime, counter.cites
    if not state.stopped:
        raise ClockRuleError(
            "lapse_not_on_hold",
            f"the request cannot lapse on {event.on.isoformat()}: no fee is unpaid and no clarification is "
            "outstanding. Record it as withdrawn or responded instead.",
        )
    waits: list[str] = []
    if state.fee_since is not None and regime.fee_payment_months is not None:
        last_day = months_beginning_with(state.fee_since, regime.fee_payment_months)
        if event.on > last_day:
            return
        waits.append(f"the fee can be paid until {last_day.isoformat()} ({cites['fee_payment']})")
    if state.clarification_since is not None and regime.clarification_lapse_months is not None:
        from_day = clarification_lapse_on(state.clarification_since, regime.clarification_lapse_months)
        if event.on >= from_day:
            return
        waits.append(
            f"a request awaiting clarification may be closed from {from_day.isoformat()} "
            f"({regime.clarification_lapse_months} months; practice, not statute)"
        )
    raise ClockRuleError(
        "lapse_too_early",
        f"the request cannot lapse on {event.on.isoformat()}: "
        + " and ".join(waits or ["no lapse rule applies"])
        + ".",
    )


def _close(event: ClockEvent, state: ClockState, counter: Counter) -> None:
    state.closing = event


_HANDLERS: dict[str, Callable[[ClockEvent, ClockState, Counter], None]] = {
    "clarification_requested": _clarification_requested,
    "clarification_received": _clarification_received,
    "fee_notice_issued": _fee_notice_issued,
    "fee_paid": _fee_paid,
    "pit_extension": pit_extension,
    "eir_extension": eir_extension,
    "commissioner_extension": commissioner_extension,
    "responded": _close,
    "withdrawn": _close,
    "lapsed": _lapsed,
}
assert set(_HANDLERS) == set(EVENT_TYPES)


def apply_event(event: ClockEvent, state: ClockState, counter: Counter) -> None:
    handler = _HANDLERS.get(event.type)
    if handler is None:
        raise ClockRuleError(
            "unknown_event_type", f"unknown clock event {event.type!r}; use one of {', '.join(EVENT_TYPES)}."
        )
    if event.on < state.received_on:
        raise ClockRuleError(
            "event_before_receipt",
            f"the {event.type.replace('_', ' ')} event is dated {event.on.isoformat()}, before the "
            f"request was received on {state.received_on.isoformat()}; check both dates.",
        )
    if state.closing is not None:
        closed = f"{_CLOSED_AS[state.closing.type]} on {state.closing.on.isoformat()}"
        if event.type in CLOSING_TYPES:
            raise ClockRuleError(
                "second_closing_event",
                f"the request was already {closed}; it cannot also be {_CLOSED_AS[event.type]} on "
                f"{event.on.isoformat()}. Remove one of the two events.",
            )
        raise ClockRuleError(
            "event_after_close",
            f"the {event.type.replace('_', ' ')} event on {event.on.isoformat()} comes after the request was "
            f"{closed}; correct the dates, or remove the closing event first.",
        )
    handler(event, state, counter)
    if event.type == "lapsed":
        state.closing = event
