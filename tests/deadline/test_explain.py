"""explain=True: the day-by-day working behind a result (GET /clock)."""

from dataclasses import replace
from datetime import timedelta

from app.deadline import ClockStep

from .helpers import EXAMPLE_PRIMARY, FOIA, SCHOOL, UK, clock, day, ev


def test_explain_does_not_change_the_result() -> None:
    events = [ev("fee_notice_issued", "2025-03-10"), ev("fee_paid", "2025-03-14"), ev("responded", "2025-04-08")]
    plain = clock(FOIA, "2025-03-03", *events)
    explained = clock(FOIA, "2025-03-03", *events, explain=True)
    assert explained.steps
    assert replace(explained, steps=()) == plain


def test_every_day_from_receipt_to_due_is_listed() -> None:
    # Example 1: Fri 14 Mar 2025 -> Mon 14 Apr 2025, skipping St Patrick's Day (NIR).
    result = clock(FOIA, "2025-03-14", explain=True)
    steps = result.steps
    assert steps[0] == ClockStep(day("2025-03-14"), "received", "Request received on Fri 14 Mar 2025.")
    assert (steps[1].kind, steps[1].working_day) == ("date_of_receipt", 0)
    day_lines = [s for s in steps[2:] if s.kind in ("working_day", "weekend", "holiday")]
    assert [s.on for s in day_lines] == [day("2025-03-15") + timedelta(days=i) for i in range(31)]
    assert [s.working_day for s in day_lines if s.kind == "working_day"] == list(range(1, 21))
    patrick = next(s for s in steps if s.on == day("2025-03-17"))
    assert (patrick.kind, patrick.nations) == ("holiday", ("NIR",))
    assert "Saint Patrick" in patrick.description
    assert steps[-1].kind == "due"
    assert (steps[-1].on, steps[-1].working_day) == (day("2025-04-14"), 20)


def test_fee_window_days_are_marked_disregarded() -> None:
    result = clock(
        FOIA, "2025-03-03", ev("fee_notice_issued", "2025-03-10"), ev("fee_paid", "2025-03-14"), explain=True
    )
    disregarded = [s.on for s in result.steps if s.kind == "disregarded"]
    assert disregarded == [day("2025-03-10") + timedelta(days=i) for i in range(5)]
    kinds = [s.kind for s in result.steps]
    assert "fee_notice_issued" in kinds
    assert "fee_paid" in kinds
    assert next(s for s in result.steps if s.kind == "due").on == day("2025-04-08")


def test_extension_runs_the_working_to_the_extended_date() -> None:
    result = clock(FOIA, "2025-03-14", ev("pit_extension", "2025-04-10", extended_to="2025-05-15"), explain=True)
    dues = [s for s in result.steps if s.kind == "due"]
    assert [(s.on, s.working_day) for s in dues] == [(day("2025-04-14"), 20), (day("2025-05-15"), 40)]
    assert any(s.kind == "extension" for s in result.steps)


def test_clarification_restart_is_explained() -> None:
    result = clock(
        FOIA,
        "2025-02-03",
        ev("clarification_requested", "2025-02-05"),
        ev("clarification_received", "2025-02-20"),
        explain=True,
    )
    kinds = [s.kind for s in result.steps[:4]]
    assert kinds == ["received", "clarification_requested", "clarification_received", "date_of_receipt"]
    assert result.steps[3].on == day("2025-02-20")
    assert result.steps[-1].on == day("2025-03-21")


def test_on_hold_stops_at_the_stop() -> None:
    result = clock(FOIA, "2025-03-03", ev("clarification_requested", "2025-03-06"), explain=True)
    assert result.steps[-1].kind == "clarification_requested"
    assert max(s.working_day or 0 for s in result.steps) == 3


def test_weekend_receipt_mentions_the_code_reading() -> None:
    result = clock(FOIA, "2025-09-13", explain=True)
    receipt_line = result.steps[1]
    assert "Mon 13 Oct 2025" in receipt_line.description
    assert "Saturday" in receipt_line.description


def test_school_days_are_numbered_and_holidays_disregarded() -> None:
    result = clock(SCHOOL, "2025-07-18", school=EXAMPLE_PRIMARY, explain=True)
    school_days = [s for s in result.steps if s.kind == "working_day"]
    assert [s.on for s in school_days[:3]] == [day("2025-07-21"), day("2025-07-22"), day("2025-09-03")]
    assert any(s.kind == "disregarded" and s.on == day("2025-08-26") for s in result.steps)
    assert result.steps[-1].kind == "due"
    assert result.steps[-1].on == day("2025-09-26")


def test_responded_line_reports_timeliness() -> None:
    result = clock(FOIA, "2025-03-14", ev("responded", "2025-04-15"), explain=True)
    assert result.steps[-1].kind == "responded"
    assert "late" in result.steps[-1].description
    assert UK.version == result.calendar_version
