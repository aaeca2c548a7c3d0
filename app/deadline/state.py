"""The running state of one request's clock while its events are applied."""

from dataclasses import dataclass, field
from datetime import date

from app.deadline.counting import Counter
from app.deadline.day_index import Window
from app.deadline.events import ClockEvent


@dataclass
class ClockState:
    received_on: date
    date_of_receipt: date
    superseded: list[date] = field(default_factory=list)
    due_when_stopped: date | None = None  # the due date running when clarification was asked for
    clarification_since: date | None = None
    fee_since: date | None = None
    windows: list[Window] = field(default_factory=list)  # closed fee windows, notice -> payment
    extension_to: date | None = None
    extension_kind: str | None = None
    closing: ClockEvent | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def stopped(self) -> bool:
        return self.clarification_since is not None or self.fee_since is not None

    def stop_date(self) -> date | None:
        stops = [d for d in (self.clarification_since, self.fee_since) if d is not None]
        return min(stops) if stops else None


def due_now(state: ClockState, counter: Counter) -> date:
    return counter.due(state.date_of_receipt, state.windows)[0]


def hold_text(state: ClockState) -> str:
    if state.clarification_since is not None:
        return f"awaiting clarification asked for on {state.clarification_since.isoformat()}"
    assert state.fee_since is not None
    return f"awaiting the fee for the notice of {state.fee_since.isoformat()}"
