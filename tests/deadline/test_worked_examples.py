"""law.md section 4 worked examples, FOISA example 1 and the seed letter.

Each expected date was counted by hand (the comment lists the days skipped) and is checked three ways: the engine,
the day-by-day reference loop of law.md 3.3, and dateutil's rrule as an independent oracle.
"""

from datetime import date

from app.deadline import review_clock, three_months_beginning_with

from . import reference
from .helpers import (
    ARCHIVES,
    EW_HOLS,
    EXAMPLE_PRIMARY,
    FOIA,
    FOISA,
    SCHOOL,
    SCT_HOLS,
    UK,
    UK_HOLS,
    clock,
    day,
    ev,
)


def both_oracles(receipt: date, n: int, hols: frozenset[date] = UK_HOLS) -> date:
    by_loop = reference.nth_working_day_following(receipt, n, hols)
    assert reference.rrule_nth(receipt, n, hols) == by_loop
    return by_loop


def test_example_1_friday_before_st_patricks_day() -> None:
    # Fri 14 Mar 2025. Skipped: Sat 15, Sun 16, Mon 17 Mar (St Patrick's Day, NIR). Day 1 = Tue 18 Mar.
    # 18-21 Mar = 1-4, 24-28 = 5-9, 31 Mar-4 Apr = 10-14, 7-11 Apr = 15-19, Mon 14 Apr = 20.
    result = clock(FOIA, "2025-03-14")
    assert result.day_one == day("2025-03-18")
    assert result.due_on == day("2025-04-14") == both_oracles(day("2025-03-14"), 20)
    # A naive England & Wales calendar counts 17 Mar: Fri 11 Apr 2025 (wrong for FOIA).
    assert reference.rrule_nth(day("2025-03-14"), 20, EW_HOLS) == day("2025-04-11")
    # 40th WD: 15-17 Apr = 21-23; Good Friday 18 Apr, Easter Monday 21 Apr skipped; 22-25 = 24-27;
    # 28 Apr-2 May = 28-32; Mon 5 May (early May) skipped; 6-9 = 33-36; 12-15 May = 37-40.
    assert UK.nth_working_day_after(day("2025-03-14"), 40) == day("2025-05-15") == both_oracles(day("2025-03-14"), 40)


def test_foisa_example_1_scottish_calendar() -> None:
    # FOISA s73: St Patrick's Day is a working day in Scotland, so Mon 17 Mar counts: Fri 11 Apr 2025.
    result = clock(FOISA, "2025-03-14")
    assert result.due_on == day("2025-04-11") == both_oracles(day("2025-03-14"), 20, SCT_HOLS)


def test_example_2_saturday_receipt() -> None:
    # Sat 13 Sep 2025: day 0 is the Saturday; Sun 14 skipped; day 1 = Mon 15 Sep.
    # 15-19 Sep = 1-5, 22-26 = 6-10, 29 Sep-3 Oct = 11-15, 6-10 Oct = 16-20: Fri 10 Oct 2025.
    result = clock(FOIA, "2025-09-13")
    assert result.day_one == day("2025-09-15")
    assert result.due_on == day("2025-10-10") == both_oracles(day("2025-09-13"), 20)
    # s45 Code 2018 para 4.2 reading: receipt deemed Mon 15 Sep, so one day later: Mon 13 Oct 2025 (Q1).
    assert result.code_2018_due_on == day("2025-10-13")


def test_example_4_christmas_and_new_year_2025_26() -> None:
    # Mon 8 Dec 2025. 9-12 Dec = 1-4, 15-19 = 5-9, 22-24 = 10-12; skipped Thu 25 (Christmas), Fri 26 (Boxing
    # Day); 29-31 Dec = 13-15; skipped Thu 1 Jan (New Year), Fri 2 Jan (SCT); 5-9 Jan = 16-20: Fri 9 Jan 2026.
    result = clock(FOIA, "2025-12-08")
    assert result.due_on == day("2026-01-09") == both_oracles(day("2025-12-08"), 20)
    assert result.code_2018_due_on == result.due_on  # receipt on a working day: both readings agree
    assert reference.rrule_nth(day("2025-12-08"), 20, EW_HOLS) == day("2026-01-08")  # E&W-only is a day short


def test_example_15_fee_pause() -> None:
    # Mon 3 Mar 2025: 4-7 Mar = 1-4. Fees notice Mon 10 Mar, fee received Fri 14 Mar: 10-14 Mar disregarded
    # (s10(2), both ends inclusive). Mon 17 Mar (NIR) skipped. 18-21 = 5-8, 24-28 = 9-13, 31 Mar-4 Apr = 14-18,
    # 7-8 Apr = 19-20: Tue 8 Apr 2025.
    window = (day("2025-03-10"), day("2025-03-14"))
    result = clock(FOIA, "2025-03-03", ev("fee_notice_issued", window[0]), ev("fee_paid", window[1]))
    assert result.status == "open"
    assert result.due_on == day("2025-04-08")
    assert reference.nth_working_day_following(day("2025-03-03"), 20, UK_HOLS, [window]) == day("2025-04-08")
    assert result.fee_windows == (window,)
    assert result.working_days_used == 20
    # Unpaused: 4-7 Mar = 1-4, 10-14 = 5-9, 17 skipped, 18-21 = 10-13, 24-28 = 14-18, 31 Mar = 19, 1 Apr = 20.
    assert clock(FOIA, "2025-03-03").due_on == day("2025-04-01") == both_oracles(day("2025-03-03"), 20)


def test_example_15_second_case_fee_pause_over_the_boyne() -> None:
    # Mon 2 Jun 2025: 3-6 Jun = 1-4, 9-13 = 5-9. Notice Mon 16 Jun, paid Tue 1 Jul: 16 Jun-1 Jul disregarded.
    # 2-4 Jul = 10-12, 7-11 Jul = 13-17, Mon 14 Jul (Boyne substitute, NIR) skipped, 15-17 Jul = 18-20.
    window = (day("2025-06-16"), day("2025-07-01"))
    result = clock(FOIA, "2025-06-02", ev("fee_notice_issued", window[0]), ev("fee_paid", window[1]))
    assert result.due_on == day("2025-07-17")
    assert reference.nth_working_day_following(day("2025-06-02"), 20, UK_HOLS, [window]) == day("2025-07-17")
    # Unpaused: 3-6 Jun = 1-4, 9-13 = 5-9, 16-20 = 10-14, 23-27 = 15-19, Mon 30 Jun = 20.
    assert clock(FOIA, "2025-06-02").due_on == day("2025-06-30") == both_oracles(day("2025-06-02"), 20)


def test_example_15_on_hold_while_the_fee_is_unpaid() -> None:
    result = clock(FOIA, "2025-03-03", ev("fee_notice_issued", "2025-03-10"))
    assert result.status == "on_hold_fee"
    assert result.due_on is None
    assert result.working_days_used == 4  # 4-7 Mar; the notice day itself is disregarded
    assert result.fee_windows == ((day("2025-03-10"), None),)
    assert result.fee_payment_deadline == day("2025-06-09")  # example 22


def test_example_16_clarification_restarts_the_clock() -> None:
    # Received Mon 3 Feb 2025: original due Mon 3 Mar 2025 (4-7 Feb = 1-4, 10-14 = 5-9, 17-21 = 10-14,
    # 24-28 = 15-19, 3 Mar = 20). Clarification asked for Wed 5 Feb, received Thu 20 Feb: a fresh 20 WD from
    # 20 Feb. 21 Feb = 1, 24-28 = 2-6, 3-7 Mar = 7-11, 10-14 = 12-16, Mon 17 Mar (NIR) skipped, 18-21 = 17-20.
    asked = clock(FOIA, "2025-02-03", ev("clarification_requested", "2025-02-05"))
    assert asked.status == "on_hold_clarification"
    assert asked.due_on is None
    assert asked.clarification_lapse_on == day("2025-05-05")  # 3 months beginning with 5 Feb end on 4 May
    result = clock(
        FOIA, "2025-02-03", ev("clarification_requested", "2025-02-05"), ev("clarification_received", "2025-02-20")
    )
    assert result.status == "open"
    assert result.date_of_receipt == day("2025-02-20")
    assert result.day_one == day("2025-02-21")
    assert result.due_on == day("2025-03-21") == both_oracles(day("2025-02-20"), 20)
    assert result.superseded_due_on == (day("2025-03-03"),) == (both_oracles(day("2025-02-03"), 20),)


def test_example_18a_school_in_the_summer_holiday() -> None:
    # Fri 18 Jul 2025; term ends Tue 22 Jul, resumes Wed 3 Sep. School days: 21-22 Jul = 1-2, 3-5 Sep = 3-5,
    # 8-12 = 6-10, 15-19 = 11-15, 22-26 Sep = 16-20: Fri 26 Sep 2025.
    # 60th WD (skipping Mon 4 Aug SCT and Mon 25 Aug E&W/NI): Tue 14 Oct 2025. The earlier wins.
    result = clock(SCHOOL, "2025-07-18", school=EXAMPLE_PRIMARY)
    assert result.day_one == day("2025-07-21")
    assert result.due_on == day("2025-09-26")
    assert result.outer_limit_on == day("2025-10-14") == both_oracles(day("2025-07-18"), 60)
    by_hand = reference.nth_school_day_following(
        day("2025-07-18"), 20, UK_HOLS, EXAMPLE_PRIMARY.terms, EXAMPLE_PRIMARY.non_session_days
    )
    assert by_hand == day("2025-09-26")


def test_example_18b_school_half_term() -> None:
    # Mon 20 Oct 2025; half term 27-31 Oct. School days: 21-24 Oct = 1-4, 3-7 Nov = 5-9, 10-14 = 10-14,
    # 17-21 = 15-19, Mon 24 Nov = 20. A plain 20 WD count gives Mon 17 Nov 2025.
    result = clock(SCHOOL, "2025-10-20", school=EXAMPLE_PRIMARY)
    assert result.day_one == day("2025-10-21")
    assert result.due_on == day("2025-11-24")
    assert clock(FOIA, "2025-10-20").due_on == day("2025-11-17") == both_oracles(day("2025-10-20"), 20)


def test_example_19_archives_and_the_60_day_cap() -> None:
    # Fri 14 Mar 2025. 20th WD Mon 14 Apr (example 1); 15-17 Apr = 21-23; Good Friday, Easter Monday skipped;
    # 22-25 Apr = 24-27; 28-30 Apr = 28-30: Wed 30 Apr 2025.
    assert clock(ARCHIVES, "2025-03-14").due_on == day("2025-04-30") == both_oracles(day("2025-03-14"), 30)
    # 60th WD: 40th is Thu 15 May; 16 May = 41, 19-23 = 42-46, Mon 26 May (spring) skipped, 27-30 = 47-50,
    # 2-6 Jun = 51-55, 9-13 Jun = 56-60: Fri 13 Jun 2025 - the latest day the Commissioner can specify.
    cap = day("2025-06-13")
    assert both_oracles(day("2025-03-14"), 60) == cap
    result = clock(FOIA, "2025-03-14", ev("commissioner_extension", "2025-04-01", extended_to=cap))
    assert (result.extended_due_on, result.extension_kind, result.due_on) == (cap, "commissioner", day("2025-04-14"))


def test_example_21_internal_review_chain() -> None:
    # Response Fri 10 Oct 2025; 40 WD to ask for a review: 13 Oct-28 Nov = 35, Mon 1 Dec (St Andrew's
    # substitute, SCT) skipped, 2-5 Dec = 36-39, Mon 8 Dec = 40.
    # Review asked for Fri 14 Nov 2025: 17-21 Nov = 5, 24-28 = 10, 1 Dec skipped, 2-5 = 14, 8-12 = 19,
    # Mon 15 Dec = 20. 40 WD: 16-19 Dec = 24, 22-24 = 27, 25/26 Dec skipped, 29-31 = 30, 1/2 Jan skipped,
    # 5-9 Jan = 35, 12-16 Jan = 40: Fri 16 Jan 2026.
    review = review_clock(FOIA, day("2025-11-14"), day("2025-10-10"), UK)
    assert review.request_window_ends_on == day("2025-12-08") == both_oracles(day("2025-10-10"), 40)
    assert review.due_on == day("2025-12-15") == both_oracles(day("2025-11-14"), 20)
    assert review.extended_due_on == day("2026-01-16") == both_oracles(day("2025-11-14"), 40)
    assert review.late_request is False


def test_example_22_three_months_beginning_with() -> None:
    # s9(2): the period ends the day before the corresponding date three months on.
    assert three_months_beginning_with(day("2025-03-10")) == day("2025-06-09")
    # No 29 Feb in 2025: the period ends on the last day of February.
    assert three_months_beginning_with(day("2024-11-29")) == day("2025-02-28")
    assert three_months_beginning_with(day("2023-11-29")) == day("2024-02-28")  # 29 Feb 2024 exists
    assert three_months_beginning_with(day("2023-11-30")) == day("2024-02-29")
    assert three_months_beginning_with(day("2025-03-31")) == day("2025-06-30")
    assert three_months_beginning_with(day("2025-11-15")) == day("2026-02-14")  # across the year end


def test_seed_letter_nhs_improvement_2017() -> None:
    # Request Wed 27 Sep 2017: 28-29 Sep = 1-2, 2-6 Oct = 3-7, 9-13 = 8-12, 16-20 = 13-17, 23-25 Oct = 18-20.
    result = clock(FOIA, "2017-09-27", ev("responded", "2017-10-25", outcome="refused"))
    assert result.due_on == day("2017-10-25") == both_oracles(day("2017-09-27"), 20)
    assert (result.status, result.timeliness, result.working_days_taken) == ("responded", "in_time", 20)
    # Review asked for Mon 13 Nov 2017. 20 WD: 14-17 Nov = 4, 20-24 = 9, 27-29 = 12, Thu 30 Nov (St Andrew's,
    # SCT) skipped, 1 Dec = 13, 4-8 = 18, 11-12 Dec = 20: Tue 12 Dec 2017.
    # 40 WD: 13-15 Dec = 23, 18-22 = 28, 25/26 Dec skipped, 27-29 = 31, 1 Jan and 2 Jan (SCT) skipped,
    # 3-5 Jan = 34, 8-12 = 39, Mon 15 Jan 2018 = 40.
    review = review_clock(FOIA, day("2017-11-13"), day("2017-10-25"), UK)
    assert review.due_on == day("2017-12-12") == both_oracles(day("2017-11-13"), 20)
    assert review.extended_due_on == day("2018-01-15") == both_oracles(day("2017-11-13"), 40)
    assert review.late_request is False
    # Decided Mon 30 Apr 2018: to 15 Jan = 40, 16-31 Jan = 12, Feb = 20, Mar = 20 (Mon 19 Mar St Patrick's
    # substitute and Good Friday 30 Mar skipped), Apr = 20 (Easter Monday 2 Apr skipped): 112 working days.
    taken = UK.working_days_between(day("2017-11-13"), day("2018-04-30"))
    assert taken == 112 == reference.counted_days(day("2017-11-13"), day("2018-04-30"), UK_HOLS)
    assert day("2018-04-30") > review.extended_due_on
