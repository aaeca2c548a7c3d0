"""Properties of the clock, checked against the day-by-day reference of law.md 3.3."""

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.deadline import EVENT_TYPES, ClockEvent, ClockResult, ClockRuleError, compute_clock

from . import reference
from .helpers import EXAMPLE_PRIMARY, FOIA, FOISA, SCHOOL, SCOTLAND, SCT_HOLS, UK, UK_HOLS

receipts = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
offsets = st.integers(min_value=0, max_value=45)


@st.composite
def fee_windows(draw: st.DrawFn, receipt: date) -> list[tuple[date, date]]:
    """One to three consecutive fees-notice windows starting on or after the receipt day."""
    windows: list[tuple[date, date]] = []
    start = receipt
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        notice = start + timedelta(days=draw(offsets))
        paid = notice + timedelta(days=draw(st.integers(min_value=0, max_value=95)))
        windows.append((notice, paid))
        start = paid + timedelta(days=1)
    return windows


def fee_events(windows: list[tuple[date, date]]) -> list[ClockEvent]:
    events: list[ClockEvent] = []
    for notice, paid in windows:
        events += [ClockEvent("fee_notice_issued", notice), ClockEvent("fee_paid", paid)]
    return events


@given(receipts)
def test_due_date_is_a_working_day_and_matches_the_reference(receipt: date) -> None:
    result = compute_clock(FOIA, receipt, [], UK)
    assert result.due_on is not None
    assert UK.is_working_day(result.due_on)
    assert result.due_on == reference.nth_working_day_following(receipt, 20, UK_HOLS)
    assert UK.working_days_between(receipt, result.due_on) == 20
    assert result.day_one == reference.nth_working_day_following(receipt, 1, UK_HOLS)


@given(receipts)
def test_foisa_matches_the_scottish_reference(receipt: date) -> None:
    result = compute_clock(FOISA, receipt, [], SCOTLAND)
    assert result.due_on == reference.nth_working_day_following(receipt, 20, SCT_HOLS)


@given(st.data())
def test_fee_windows_match_the_reference(data: st.DataObject) -> None:
    receipt = data.draw(receipts)
    windows = data.draw(fee_windows(receipt))
    result = compute_clock(FOIA, receipt, fee_events(windows), UK)
    expected = reference.nth_working_day_following(receipt, 20, UK_HOLS, windows)
    assert result.due_on == expected
    # Exactly 20 counted working days lie in (date of receipt, due], and the due day itself is counted.
    assert reference.counted_days(receipt, expected, UK_HOLS, windows) == 20
    assert UK.is_working_day(expected)
    assert not any(start <= expected <= end for start, end in windows)
    assert result.fee_windows == tuple(windows)


@given(st.data())
def test_disregard_windows_any_shape_match_the_reference(data: st.DataObject) -> None:
    receipt = data.draw(receipts)
    windows = []
    for _ in range(data.draw(st.integers(min_value=0, max_value=4))):
        start = receipt + timedelta(days=data.draw(st.integers(min_value=-20, max_value=80)))
        windows.append((start, start + timedelta(days=data.draw(st.integers(min_value=0, max_value=40)))))
    n = data.draw(st.integers(min_value=1, max_value=60))
    assert UK.nth_working_day_after(receipt, n, windows) == reference.nth_working_day_following(
        receipt, n, UK_HOLS, windows
    )


@given(receipts, st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=60))
def test_clarification_restart_matches_the_reference(receipt: date, asked: int, answered: int) -> None:
    requested = receipt + timedelta(days=asked)
    received = requested + timedelta(days=answered)
    events = [ClockEvent("clarification_requested", requested), ClockEvent("clarification_received", received)]
    result = compute_clock(FOIA, receipt, events, UK)
    assert result.date_of_receipt == received
    assert result.due_on == reference.nth_working_day_following(received, 20, UK_HOLS)
    assert result.superseded_due_on == (reference.nth_working_day_following(receipt, 20, UK_HOLS),)


@given(st.dates(min_value=date(2024, 9, 1), max_value=date(2027, 4, 30)))
def test_school_clock_matches_the_reference(receipt: date) -> None:
    result = compute_clock(SCHOOL, receipt, [], UK, school=EXAMPLE_PRIMARY)
    outer = reference.nth_working_day_following(receipt, 60, UK_HOLS)
    school_day = reference.nth_school_day_following(
        receipt, 20, UK_HOLS, EXAMPLE_PRIMARY.terms, EXAMPLE_PRIMARY.non_session_days
    )
    assert result.outer_limit_on == outer
    assert result.due_on == (outer if school_day is None else min(school_day, outer))


@given(receipts, st.integers(min_value=1, max_value=80), st.integers(min_value=0, max_value=40))
def test_nth_working_day_after_is_monotonic(receipt: date, n: int, later: int) -> None:
    assert UK.nth_working_day_after(receipt, n) < UK.nth_working_day_after(receipt, n + 1)
    assert UK.nth_working_day_after(receipt, n) <= UK.nth_working_day_after(receipt + timedelta(days=later), n)
    assert UK.working_days_between(receipt, UK.nth_working_day_after(receipt, n)) == n


def _event(kind: str, on: date, extended_to: date | None) -> ClockEvent:
    details: dict[str, Any] = {}
    if kind in ("pit_extension", "commissioner_extension") and extended_to is not None:
        details = {"extended_to": extended_to.isoformat(), "reason": "volume"}
    return ClockEvent(kind, on, details)


@st.composite
def event_lists(draw: st.DrawFn, receipt: date) -> list[ClockEvent]:
    """Any mix of events, valid or not: shuffling must never change the outcome, result or error."""
    kinds = st.sampled_from(EVENT_TYPES)
    events = []
    for _ in range(draw(st.integers(min_value=0, max_value=7))):
        on = receipt + timedelta(days=draw(st.integers(min_value=-2, max_value=60)))
        extended_to = on + timedelta(days=draw(st.integers(min_value=0, max_value=70)))
        events.append(_event(draw(kinds), on, draw(st.none() | st.just(extended_to))))
    return events


@st.composite
def lifecycles(draw: st.DrawFn, receipt: date) -> list[ClockEvent]:
    """Mostly valid histories: clarification, a fee, a PIT extension and a close, each optional."""
    days = st.integers(min_value=0, max_value=30)
    events: list[ClockEvent] = []
    base = receipt
    if draw(st.booleans()):
        asked = receipt + timedelta(days=draw(days))
        events.append(ClockEvent("clarification_requested", asked))
        if draw(st.integers(min_value=0, max_value=3)):
            base = asked + timedelta(days=draw(days))
            events.append(ClockEvent("clarification_received", base))
    if draw(st.booleans()):
        notice = base + timedelta(days=draw(days))
        events.append(ClockEvent("fee_notice_issued", notice))
        if draw(st.integers(min_value=0, max_value=3)):
            events.append(ClockEvent("fee_paid", notice + timedelta(days=draw(days))))
    if draw(st.booleans()):
        on = base + timedelta(days=draw(st.integers(min_value=0, max_value=40)))
        extended_to = on + timedelta(days=draw(st.integers(min_value=20, max_value=60)))
        events.append(_event("pit_extension", on, extended_to))
    if draw(st.booleans()):
        kind = draw(st.sampled_from(["responded", "withdrawn", "lapsed"]))
        events.append(ClockEvent(kind, base + timedelta(days=draw(st.integers(min_value=0, max_value=150)))))
    return events


def outcome(events: list[ClockEvent], receipt: date) -> ClockResult | str:
    try:
        return compute_clock(FOIA, receipt, events, UK, explain=True)
    except ClockRuleError as exc:
        return exc.rule


@settings(max_examples=300)
@given(st.data())
def test_shuffling_events_never_changes_the_result(data: st.DataObject) -> None:
    receipt = data.draw(receipts)
    events = data.draw(event_lists(receipt) | lifecycles(receipt))
    shuffled = [replace(e, seq=i) for i, e in enumerate(data.draw(st.permutations(events)))]
    assert outcome(shuffled, receipt) == outcome(events, receipt)


@given(st.data())
def test_valid_lifecycles_count_what_the_reference_counts(data: st.DataObject) -> None:
    receipt = data.draw(receipts)
    windows = data.draw(fee_windows(receipt))
    last_paid = windows[-1][1]
    responded = last_paid + timedelta(days=data.draw(st.integers(min_value=0, max_value=60)))
    events = [*fee_events(windows), ClockEvent("responded", responded)]
    result = compute_clock(FOIA, receipt, events, UK)
    due = reference.nth_working_day_following(receipt, 20, UK_HOLS, windows)
    assert result.working_days_taken == reference.counted_days(receipt, responded, UK_HOLS, windows)
    assert result.timeliness == ("in_time" if responded <= due else "late")
