"""What each event does, and every ClockRuleError rule the engine raises."""

from datetime import UTC, datetime

import pytest

from app.deadline import ClockEvent, ClockRuleError, Regime, compute_clock, review_clock, uk_calendar

from .helpers import EIR, EXAMPLE_PRIMARY, FOIA, FOISA, SCHOOL, UK, clock, day, ev

# Example 1: received Fri 14 Mar 2025, due Mon 14 Apr 2025; normal PIT limit = 20 WD after that = Thu 15 May.
RECEIVED = "2025-03-14"
DUE = day("2025-04-14")


def rule_of(*events: ClockEvent, regime: Regime = FOIA, received: str = RECEIVED) -> str:
    with pytest.raises(ClockRuleError) as caught:
        clock(regime, received, *events)
    assert caught.value.message == str(caught.value)
    assert caught.value.message.endswith(".")
    return caught.value.rule


# --- responses and timeliness -------------------------------------------------------------------------------


def test_open_request() -> None:
    result = clock(FOIA, RECEIVED)
    assert (result.status, result.due_on, result.extended_due_on, result.timeliness) == ("open", DUE, None, None)
    assert result.working_days_used == 20
    assert result.calendar_version == UK.version
    assert result.steps == ()


@pytest.mark.parametrize(
    ("responded", "taken", "timeliness"),
    [
        ("2025-03-14", 0, "in_time"),
        ("2025-03-18", 1, "in_time"),
        ("2025-04-14", 20, "in_time"),
        ("2025-04-15", 21, "late"),
    ],
)
def test_working_days_taken(responded: str, taken: int, timeliness: str) -> None:
    # law.md 3.3: working days after the date of receipt up to and including the response; same day = 0.
    result = clock(FOIA, RECEIVED, ev("responded", responded, outcome="granted_full"))
    assert (result.status, result.responded_on) == ("responded", day(responded))
    assert (result.working_days_taken, result.timeliness, result.working_days_used) == (taken, timeliness, taken)


def test_pit_extension_normal() -> None:
    result = clock(FOIA, RECEIVED, ev("pit_extension", "2025-04-10", extended_to="2025-05-15", reason="s43"))
    assert (result.due_on, result.extended_due_on, result.extension_kind) == (DUE, day("2025-05-15"), "pit")
    assert result.warnings == ()
    late = clock(
        FOIA,
        RECEIVED,
        ev("pit_extension", "2025-04-10", extended_to=day("2025-05-15")),
        ev("responded", "2025-05-15"),
    )
    assert late.timeliness == "in_time_extended"
    after = clock(
        FOIA, RECEIVED, ev("pit_extension", "2025-04-10", extended_to="2025-05-15"), ev("responded", "2025-05-16")
    )
    assert after.timeliness == "late"


def test_pit_extension_latest_estimate_wins_and_may_repeat() -> None:
    result = clock(
        FOIA,
        RECEIVED,
        ev("pit_extension", "2025-04-10", extended_to="2025-05-15"),
        ev("pit_extension", "2025-05-01", extended_to="2025-05-08"),
    )
    assert result.extended_due_on == day("2025-05-08")


def test_pit_extension_exceptional_needs_a_reason_and_warns() -> None:
    events = [ev("pit_extension", "2025-04-10", extended_to="2025-05-16")]
    assert rule_of(*events) == "exceptional_extension_reason_required"
    assert rule_of(ev("pit_extension", "2025-04-10", extended_to="2025-05-16", reason="  ")) == (
        "exceptional_extension_reason_required"
    )
    result = clock(FOIA, RECEIVED, ev("pit_extension", "2025-04-10", extended_to="2025-05-16", reason="major incident"))
    assert result.extended_due_on == day("2025-05-16")
    assert any("Exceptional" in w and "major incident" in w for w in result.warnings)


def test_pit_extension_recorded_after_the_due_date_warns() -> None:
    result = clock(FOIA, RECEIVED, ev("pit_extension", "2025-04-15", extended_to="2025-05-01"))
    assert any("s17" in w for w in result.warnings)


def test_eir_reg_7_extension() -> None:
    # 40th WD after Fri 14 Mar 2025 is Thu 15 May 2025 (example 1).
    result = clock(EIR, RECEIVED, ev("eir_extension", "2025-04-01"))
    assert (result.due_on, result.extended_due_on, result.extension_kind) == (DUE, day("2025-05-15"), "eir_reg7")


def test_withdrawn() -> None:
    result = clock(FOIA, RECEIVED, ev("withdrawn", "2025-03-20"))
    # 18-20 Mar (Mon 17 Mar is St Patrick's Day): 3 working days used.
    assert (result.status, result.working_days_used, result.timeliness) == ("withdrawn", 3, None)


def test_lapse_after_unpaid_fee() -> None:
    # Notice Mon 17 Mar 2025: last day to pay Mon 16 Jun 2025; lapse allowed from Tue 17 Jun.
    notice = ev("fee_notice_issued", "2025-03-17")
    assert rule_of(notice, ev("lapsed", "2025-06-16")) == "lapse_too_early"
    result = clock(FOIA, RECEIVED, notice, ev("lapsed", "2025-06-17"))
    assert (result.status, result.due_on, result.fee_payment_deadline) == ("lapsed", None, day("2025-06-16"))
    assert result.working_days_used == 0  # Mon 17 Mar is a holiday anyway; nothing counted before the notice


def test_lapse_after_clarification_not_given() -> None:
    asked = ev("clarification_requested", "2025-03-20")
    assert rule_of(asked, ev("lapsed", "2025-06-19")) == "lapse_too_early"
    result = clock(FOIA, RECEIVED, asked, ev("lapsed", "2025-06-20"))
    assert result.status == "lapsed"
    assert clock(FOIA, RECEIVED, asked).clarification_lapse_on == day("2025-06-20")


def test_late_fee_payment_is_accepted_with_a_warning() -> None:
    result = clock(FOIA, RECEIVED, ev("fee_notice_issued", "2025-03-18"), ev("fee_paid", "2025-06-18"))
    assert result.status == "open"
    assert any("s9(2)" in w for w in result.warnings)


def test_fee_notice_after_the_due_date_warns() -> None:
    result = clock(FOIA, RECEIVED, ev("fee_notice_issued", "2025-04-15"), ev("fee_paid", "2025-04-16"))
    assert result.due_on == DUE  # a window after the deadline cannot move it
    assert any("s9(1)" in w for w in result.warnings)


def test_repeated_clarification() -> None:
    result = clock(
        FOIA,
        RECEIVED,
        ev("clarification_requested", "2025-03-18"),
        ev("clarification_received", "2025-03-20"),
        ev("clarification_requested", "2025-03-24"),
        ev("clarification_received", "2025-04-01"),
    )
    assert result.date_of_receipt == day("2025-04-01")
    assert result.superseded_due_on == (DUE, UK.nth_working_day_after(day("2025-03-20"), 20))
    assert result.due_on == UK.nth_working_day_after(day("2025-04-01"), 20)


def test_clarification_restart_drops_an_extension() -> None:
    result = clock(
        FOIA,
        RECEIVED,
        ev("pit_extension", "2025-04-01", extended_to="2025-05-01"),
        ev("clarification_requested", "2025-04-02"),
        ev("clarification_received", "2025-04-03"),
    )
    assert (result.extended_due_on, result.extension_kind) == (None, None)
    assert any("no longer applies" in w for w in result.warnings)


def test_responded_while_awaiting_clarification() -> None:
    result = clock(FOIA, RECEIVED, ev("clarification_requested", "2025-03-20"), ev("responded", "2025-05-30"))
    assert (result.status, result.due_on, result.timeliness) == ("responded", None, "in_time")
    late = clock(FOIA, RECEIVED, ev("clarification_requested", "2025-04-15"), ev("responded", "2025-05-30"))
    assert late.timeliness == "late"
    assert any("already late" in w for w in late.warnings)


def test_same_day_fee_notice_and_payment() -> None:
    result = clock(FOIA, "2025-03-03", ev("fee_paid", "2025-03-05"), ev("fee_notice_issued", "2025-03-05"))
    assert result.due_on == UK.nth_working_day_after(day("2025-03-03"), 21)


# --- every ClockRuleError rule -------------------------------------------------------------------------------


def test_fee_paid_without_notice_message() -> None:
    with pytest.raises(ClockRuleError) as caught:
        clock(FOIA, "2025-03-03", ev("fee_paid", "2025-03-05"))
    assert caught.value.rule == "fee_paid_without_notice"
    assert caught.value.message == (
        "fee paid on 2025-03-05 but no fees notice was issued before it; record the fee notice first (FOIA s9)."
    )


@pytest.mark.parametrize(
    ("events", "rule"),
    [
        ([ev("responded", "2025-03-13")], "event_before_receipt"),
        ([ev("responded", "2025-04-01"), ev("fee_notice_issued", "2025-04-02")], "event_after_close"),
        ([ev("responded", "2025-04-01"), ev("withdrawn", "2025-04-02")], "second_closing_event"),
        ([ev("responded", "2025-04-01"), ev("responded", "2025-04-01")], "second_closing_event"),
        ([ev("clarification_received", "2025-03-20")], "clarification_received_without_request"),
        (
            [ev("fee_notice_issued", "2025-03-18"), ev("fee_notice_issued", "2025-03-20")],
            "fee_notice_outstanding",
        ),
        ([ev("fee_paid", "2025-03-18")], "fee_paid_without_notice"),
        (
            [ev("fee_notice_issued", "2025-03-18"), ev("pit_extension", "2025-03-20", extended_to="2025-05-01")],
            "extension_while_on_hold",
        ),
        (
            [
                ev("clarification_requested", "2025-03-18"),
                ev("commissioner_extension", "2025-03-20", extended_to="2025-05-01"),
            ],
            "extension_while_on_hold",
        ),
        ([ev("pit_extension", "2025-04-01")], "invalid_event_details"),
        ([ev("pit_extension", "2025-04-01", extended_to="next month")], "invalid_event_details"),
        ([ev("pit_extension", "2025-04-01", extended_to="2025-04-14")], "extension_not_after_due"),
        ([ev("pit_extension", "2025-04-20", extended_to="2025-04-16")], "extension_in_past"),
        ([ev("pit_extension", "2025-04-01", extended_to="2025-05-16")], "exceptional_extension_reason_required"),
        ([ev("eir_extension", "2025-04-01")], "eir_extension_not_available"),
        ([ev("commissioner_extension", "2025-04-01", extended_to="2025-06-16")], "commissioner_extension_too_long"),
        ([ev("commissioner_extension", "2025-04-01", extended_to="2025-04-11")], "extension_not_after_due"),
        ([ev("lapsed", "2025-09-01")], "lapse_not_on_hold"),
        ([ev("fee_notice_issued", "2025-03-18"), ev("lapsed", "2025-04-01")], "lapse_too_early"),
        ([ev("clarification_requested", "2025-03-18"), ev("lapsed", "2025-04-01")], "lapse_too_early"),
        ([ev("granted", "2025-04-01")], "unknown_event_type"),
    ],
)
def test_foia_rules(events: list[ClockEvent], rule: str) -> None:
    assert rule_of(*events) == rule


def test_pit_extension_not_available_under_eir_and_foisa() -> None:
    for regime in (EIR, FOISA):
        with pytest.raises(ClockRuleError) as caught:
            clock(regime, RECEIVED, ev("pit_extension", "2025-04-01", extended_to="2025-05-01"))
        assert caught.value.rule == "pit_extension_not_available"
        assert "s10(3)" in caught.value.message


def test_eir_rules() -> None:
    assert rule_of(ev("eir_extension", "2025-04-15"), regime=EIR) == "eir_extension_notice_late"
    assert rule_of(ev("fee_notice_issued", "2025-03-18"), regime=EIR) == "fee_pause_not_available"
    assert rule_of(ev("commissioner_extension", "2025-04-01", extended_to="2025-05-01"), regime=EIR) == (
        "commissioner_extension_not_available"
    )


def test_event_dates_must_be_dates() -> None:
    stamp = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)
    with pytest.raises(ClockRuleError) as caught:
        clock(FOIA, RECEIVED, ClockEvent("responded", stamp))
    assert caught.value.rule == "invalid_event_date"


def test_school_rules() -> None:
    with pytest.raises(ClockRuleError) as caught:
        clock(SCHOOL, "2025-07-18")
    assert caught.value.rule == "school_calendar_required"
    # The example calendar covers Sep 2024 - Aug 2027 only.
    with pytest.raises(ClockRuleError) as caught:
        clock(SCHOOL, "2027-07-19", school=EXAMPLE_PRIMARY)
    assert caught.value.rule == "school_calendar_incomplete"
    with pytest.raises(ClockRuleError) as caught:
        clock(SCHOOL, "2024-06-03", school=EXAMPLE_PRIMARY)
    assert caught.value.rule == "school_calendar_incomplete"


def test_calendar_mismatch() -> None:
    with pytest.raises(ClockRuleError) as caught:
        compute_clock(FOISA, day(RECEIVED), [], UK)
    assert caught.value.rule == "calendar_mismatch"
    with pytest.raises(ClockRuleError) as caught:
        compute_clock(FOIA, day(RECEIVED), [], uk_calendar(("ENG", "WLS")))
    assert caught.value.rule == "calendar_mismatch"


def test_review_rules() -> None:
    with pytest.raises(ClockRuleError) as caught:
        review_clock(FOIA, day("2025-10-01"), day("2025-10-10"), UK)
    assert caught.value.rule == "review_before_response"
    late = review_clock(FOIA, day("2025-12-09"), day("2025-10-10"), UK)
    assert late.late_request is True  # window ended Mon 8 Dec 2025 (example 21): flagged, still accepted
    no_response = review_clock(FOIA, day("2025-12-09"), None, UK)
    assert (no_response.request_window_ends_on, no_response.late_request) == (None, False)


def test_eir_and_foisa_review_periods() -> None:
    eir = review_clock(EIR, day("2025-11-14"), day("2025-10-10"), UK)
    assert eir.due_on == eir.extended_due_on == day("2026-01-16")  # reg 11(4): 40 WD
    foisa = review_clock(FOISA, day("2025-11-14"), day("2025-10-10"), uk_calendar(("SCT",)))
    assert foisa.due_on == foisa.extended_due_on  # s21(1): 20 WD, no exceptional extension
