"""The working behind a clock result: one line per day, for staff and requesters to check (GET /clock)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from app.deadline.calendar import NATIONS
from app.deadline.counting import Counter, ordinal
from app.deadline.events import ClockEvent, date_detail

if TYPE_CHECKING:
    from app.deadline.engine import ClockResult


@dataclass(frozen=True)
class ClockStep:
    """One line of the working: ``working_day`` numbers counted days, ``nations`` where a holiday is one."""

    on: date
    kind: str
    description: str
    working_day: int | None = None
    nations: tuple[str, ...] = ()


_TIMELINESS = {
    "in_time": "in time",
    "in_time_extended": "in time (within the extension)",
    "late": "late",
}


_EXTENSIONS = {
    "pit": "public interest test estimate (FOIA s10(3), s17(2))",
    "eir_reg7": "40 working days for complexity and volume (EIR reg 7)",
    "commissioner": "the day the Commissioner specified (SI 2004/3364 regs 5-6)",
}


def _where(nations: tuple[str, ...]) -> str:
    if not nations:
        return ""
    if set(nations) == set(NATIONS):
        return " (all of the UK)"
    return f" ({', '.join(NATIONS[n] for n in nations)})"


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def _event_step(event: ClockEvent, counter: Counter, result: ClockResult) -> ClockStep:
    cites, on = counter.cites, event.on
    if event.type == "clarification_requested":
        text = f"Clarification asked for ({cites['clarification']}): the clock stops until it arrives."
    elif event.type == "clarification_received":
        text = (
            f"Clarification received: this becomes the date of receipt and a fresh period runs from it "
            f"({cites['restart']}); any earlier due date is superseded."
        )
    elif event.type == "fee_notice_issued":
        text = (
            f"Fees notice given ({cites['fee_notice']}): working days from today until the fee "
            f"arrives are not counted ({cites['fee_window']})."
        )
    elif event.type == "fee_paid":
        text = f"Fee received: counting resumes on the next working day ({cites['fee_window']})."
    elif event.type == "pit_extension":
        reason = event.details.get("reason")
        text = (
            f"Public interest test extension (FOIA s10(3), s17(2)): decision now estimated by "
            f"{_day(date_detail(event, 'extended_to'))}." + (f" Reason: {reason}" if reason else "")
        )
    elif event.type == "eir_extension":
        text = "Extended to 40 working days because of the complexity and volume of the information (EIR reg 7)."
    elif event.type == "commissioner_extension":
        text = f"Commissioner specified {_day(date_detail(event, 'extended_to'))} (SI 2004/3364 regs 5-6)."
    elif event.type == "responded":
        taken = result.working_days_taken
        text = f"Response sent after {taken} working days: {_TIMELINESS.get(result.timeliness or '', '')}."
    elif event.type == "withdrawn":
        text = "Request withdrawn by the requester."
    else:
        text = "Request closed as lapsed."
    kind = "extension" if event.type.endswith("_extension") else event.type
    return ClockStep(on, kind, text)


def _receipt_step(counter: Counter, result: ClockResult) -> ClockStep:
    receipt, calendar = result.date_of_receipt, counter.calendar
    text = f"Date of receipt ({_day(receipt)}): day 0. Counting starts the next working day ({counter.cites['due']})."
    reason = calendar.non_working_reason(receipt)
    if reason is not None:
        text += f" It is not a working day ({reason.name}), which does not matter: a request can arrive any day."
        if result.code_2018_due_on is not None and result.code_2018_due_on != result.due_on:
            text += (
                f" Read as the s45 Code 2018 para 4.2 suggests, the due date would be "
                f"{_day(result.code_2018_due_on)} (information only)."
            )
    return ClockStep(receipt, "date_of_receipt", text, working_day=0)


def _per_day_end(ordered: Sequence[ClockEvent], result: ClockResult) -> date:
    if result.status in ("on_hold_clarification", "on_hold_fee") or (result.due_on is None and result.status != "open"):
        stops = [e.on for e in ordered if e.type in ("clarification_requested", "fee_notice_issued")]
        return max([result.date_of_receipt, *[d for d in stops if d >= result.date_of_receipt]])
    ends = [d for d in (result.due_on, result.extended_due_on, result.responded_on) if d is not None]
    closing = [e.on for e in ordered if e.type in ("withdrawn", "lapsed")]
    return max([result.date_of_receipt, *ends, *closing])


def build_steps(counter: Counter, ordered: Sequence[ClockEvent], result: ClockResult) -> tuple[ClockStep, ...]:
    calendar, regime = counter.calendar, counter.regime
    receipt = result.date_of_receipt
    steps = [ClockStep(result.received_on, "received", f"Request received on {_day(result.received_on)}.")]
    restart = max((i for i, e in enumerate(ordered) if e.type == "clarification_received"), default=-1)
    steps.extend(_event_step(e, counter, result) for e in ordered[: restart + 1])
    later = list(ordered[restart + 1 :])
    steps.append(_receipt_step(counter, result))
    steps.extend(_event_step(e, counter, result) for e in later if e.on == receipt)

    end = _per_day_end(ordered, result)
    close = result.responded_on or max((e.on for e in later), default=end)
    windows = [(start, stop or close) for start, stop in result.fee_windows if (stop or close) > receipt]
    counted = working = 0
    d = receipt + timedelta(days=1)
    while d <= end:
        reason = calendar.non_working_reason(d)
        if reason is not None:
            kind = "weekend" if not reason.nations else "holiday"
            where = _where(reason.nations)
            text = f"{_day(d)}: {reason.name}{where}, not a working day ({counter.cites['working_day']})."
            steps.append(ClockStep(d, kind, text, nations=reason.nations))
        elif any(start <= d <= stop for start, stop in windows):
            text = f"{_day(d)}: not counted, inside the fees-notice period ({counter.cites['fee_window']})."
            steps.append(ClockStep(d, "disregarded", text))
        else:
            working += 1
            school = counter.school
            if school is not None and not school.is_school_day(d, calendar):
                text = (
                    f"{_day(d)}: not counted, not a school day at {school.name} (SI 2004/3364 reg 3(a)); "
                    f"working day {working} towards the {regime.outer_limit_working_days}-day outer limit."
                )
                steps.append(ClockStep(d, "disregarded", text))
            else:
                counted += 1
                unit = "School day" if school is not None else "Working day"
                extra = f" (working day {working})" if school is not None else ""
                steps.append(ClockStep(d, "working_day", f"{_day(d)}: {unit} {counted}{extra}.", counted))
        if d == result.due_on:
            text = f"Due: the {ordinal(regime.working_days)} working day following the date of receipt."
            if result.outer_limit_on is not None and counter.school is not None:
                text = (
                    f"Due: the earlier of the {ordinal(regime.working_days)} school day and the "
                    f"{ordinal(regime.outer_limit_working_days or 0)} working day "
                    f"({_day(result.outer_limit_on)}) (SI 2004/3364 reg 3)."
                )
            steps.append(ClockStep(d, "due", text, counted))
        if d == result.extended_due_on:
            text = f"Extended due date: {_EXTENSIONS.get(result.extension_kind or '', 'extension')}."
            steps.append(ClockStep(d, "due", text, counted))
        steps.extend(_event_step(e, counter, result) for e in later if e.on == d)
        d += timedelta(days=1)
    steps.extend(_event_step(e, counter, result) for e in later if e.on > end)
    return tuple(steps)
