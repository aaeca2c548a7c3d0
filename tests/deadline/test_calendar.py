"""The working-day calendar: FOIA s10(6) (any part of the UK) and FOISA s73 (Scotland), with dated examples."""

from datetime import date

import pytest

from app.deadline import ClockRuleError, Holiday, HolidayAddition, shipped_holiday_additions, uk_calendar
from app.deadline import calendar as calendar_module

from . import reference
from .helpers import EW_HOLS, FOIA, FOISA, SCOTLAND, SCT_HOLS, UK, UK_HOLS, clock, day


def both_oracles(receipt: date, n: int, hols: frozenset[date] = UK_HOLS) -> date:
    by_loop = reference.nth_working_day_following(receipt, n, hols)
    assert reference.rrule_nth(receipt, n, hols) == by_loop
    return by_loop


# law.md 1.3: weekday bank holidays 2024-2027 in any part of the UK (plus 15 Jun 2026, law.md 1.4).
LAW_1_3 = [
    "2024-01-01",
    "2024-01-02",
    "2024-03-18",
    "2024-03-29",
    "2024-04-01",
    "2024-05-06",
    "2024-05-27",
    "2024-07-12",
    "2024-08-05",
    "2024-08-26",
    "2024-12-02",
    "2024-12-25",
    "2024-12-26",
    "2025-01-01",
    "2025-01-02",
    "2025-03-17",
    "2025-04-18",
    "2025-04-21",
    "2025-05-05",
    "2025-05-26",
    "2025-07-14",
    "2025-08-04",
    "2025-08-25",
    "2025-12-01",
    "2025-12-25",
    "2025-12-26",
    "2026-01-01",
    "2026-01-02",
    "2026-03-17",
    "2026-04-03",
    "2026-04-06",
    "2026-05-04",
    "2026-05-25",
    "2026-06-15",
    "2026-07-13",
    "2026-08-03",
    "2026-08-31",
    "2026-11-30",
    "2026-12-25",
    "2026-12-28",
    "2027-01-01",
    "2027-01-04",
    "2027-03-17",
    "2027-03-26",
    "2027-03-29",
    "2027-05-03",
    "2027-05-31",
    "2027-07-12",
    "2027-08-02",
    "2027-08-30",
    "2027-11-30",
    "2027-12-27",
    "2027-12-28",
]


def test_law_1_3_table_is_exactly_the_weekday_holidays_2024_to_2027() -> None:
    listed = {day(s) for s in LAW_1_3}
    found = {h.day for h in UK.non_working_days(day("2024-01-01"), day("2027-12-31")) if h.nations}
    assert found == listed


@pytest.mark.parametrize(
    ("iso", "nations"),
    [
        ("2025-03-17", ("NIR",)),  # St Patrick's Day
        ("2025-07-14", ("NIR",)),  # Battle of the Boyne substitute (12 Jul 2025 a Saturday)
        ("2025-08-04", ("SCT",)),  # first Monday in August, Scotland
        ("2025-08-25", ("ENG", "NIR", "WLS")),  # late summer, not Scotland
        ("2026-06-15", ("SCT",)),  # proclaimed one-off, law.md 1.4
        ("2026-11-30", ("SCT",)),  # St Andrew's Day on a Monday
        ("2026-04-03", ("ENG", "NIR", "SCT", "WLS")),  # Good Friday
        ("2026-12-28", ("ENG", "NIR", "SCT", "WLS")),  # Boxing Day substitute (26th a Saturday)
        ("2027-01-04", ("SCT",)),  # 2 January substitute
    ],
)
def test_non_working_reason_names_the_nations(iso: str, nations: tuple[str, ...]) -> None:
    reason = UK.non_working_reason(day(iso))
    assert reason is not None
    assert reason.nations == nations
    assert reason.name
    assert not UK.is_working_day(day(iso))


def test_weekends_have_no_nations() -> None:
    assert UK.non_working_reason(day("2025-03-15")) == Holiday(day("2025-03-15"), "Saturday", ())
    assert UK.non_working_reason(day("2025-03-16")) == Holiday(day("2025-03-16"), "Sunday", ())
    assert UK.non_working_reason(day("2025-03-18")) is None


def test_scottish_calendar_follows_s73() -> None:
    assert SCOTLAND.is_working_day(day("2025-03-17"))  # St Patrick's Day counts in Scotland
    assert SCOTLAND.is_working_day(day("2026-04-06"))  # Easter Monday is not a Scottish bank holiday
    assert not SCOTLAND.is_working_day(day("2026-04-03"))  # Good Friday is
    assert not SCOTLAND.is_working_day(day("2026-06-15"))


def test_easter_2026() -> None:
    # Received Fri 20 Mar 2026: 23-27 Mar = 1-5, 30 Mar-2 Apr = 6-9, Good Friday 3 Apr and Easter Monday 6 Apr
    # skipped, 7-10 Apr = 10-13, 13-17 = 14-18, 20-21 Apr = 19-20: Tue 21 Apr 2026.
    assert clock(FOIA, "2026-03-20").due_on == day("2026-04-21") == both_oracles(day("2026-03-20"), 20)
    # FOISA: Easter Monday is a working day in Scotland, so one day earlier: Mon 20 Apr 2026.
    assert clock(FOISA, "2026-03-20").due_on == day("2026-04-20") == both_oracles(day("2026-03-20"), 20, SCT_HOLS)


def test_st_patricks_day_2027_with_easter() -> None:
    # Received Tue 16 Mar 2027: Wed 17 Mar (NIR) skipped, 18-19 = 1-2, 22-25 = 3-6, Good Friday 26 Mar and
    # Easter Monday 29 Mar skipped, 30 Mar-2 Apr = 7-10, 5-9 Apr = 11-15, 12-16 Apr = 16-20: Fri 16 Apr 2027.
    assert clock(FOIA, "2027-03-16").due_on == day("2027-04-16") == both_oracles(day("2027-03-16"), 20)
    # FOISA: 17 Mar and Easter Monday count: 17-19 = 1-3, 22-25 = 4-7, 29 Mar-2 Apr = 8-12, 5-9 = 13-17,
    # 12-14 Apr = 18-20: Wed 14 Apr 2027.
    assert clock(FOISA, "2027-03-16").due_on == day("2027-04-14") == both_oracles(day("2027-03-16"), 20, SCT_HOLS)


def test_christmas_2026_boxing_day_substitute() -> None:
    # Received Mon 14 Dec 2026: 15-18 Dec = 1-4, 21-24 = 5-8; Fri 25 Dec (Christmas), Mon 28 Dec (Boxing Day
    # substitute) skipped; 29-31 Dec = 9-11; Fri 1 Jan, Mon 4 Jan (2 January substitute, SCT) skipped;
    # 5-8 Jan = 12-15, 11-15 Jan = 16-20: Fri 15 Jan 2027.
    assert clock(FOIA, "2026-12-14").due_on == day("2027-01-15") == both_oracles(day("2026-12-14"), 20)
    assert reference.rrule_nth(day("2026-12-14"), 20, EW_HOLS) == day("2027-01-14")  # E&W-only: a day short


def test_christmas_2027_both_substitutes() -> None:
    # Christmas Sat 25 and Boxing Day Sun 26 Dec 2027: substitutes Mon 27 and Tue 28 Dec.
    assert not UK.is_working_day(day("2027-12-27"))
    assert not UK.is_working_day(day("2027-12-28"))
    # Received Mon 20 Dec 2027: 21-24 Dec = 1-4; 27, 28 Dec skipped; 29-31 Dec = 5-7; Mon 3 Jan 2028 (New Year
    # substitute) and Tue 4 Jan 2028 (2 January substitute, SCT) skipped; 5-7 Jan = 8-10, 10-14 = 11-15,
    # 17-21 Jan = 16-20: Fri 21 Jan 2028.
    assert clock(FOIA, "2027-12-20").due_on == day("2028-01-21") == both_oracles(day("2027-12-20"), 20)


def test_boyne_substitute_and_first_monday_in_august_2026() -> None:
    # Received Mon 6 Jul 2026: 7-10 Jul = 1-4, Mon 13 Jul (Boyne substitute, NIR) skipped, 14-17 = 5-8,
    # 20-24 = 9-13, 27-31 = 14-18, Mon 3 Aug (summer, SCT) skipped, 4-5 Aug = 19-20: Wed 5 Aug 2026.
    assert clock(FOIA, "2026-07-06").due_on == day("2026-08-05") == both_oracles(day("2026-07-06"), 20)
    # E&W-only counts both Mondays: Mon 3 Aug 2026. FOISA counts 13 Jul but not 3 Aug: Tue 4 Aug 2026.
    assert reference.rrule_nth(day("2026-07-06"), 20, EW_HOLS) == day("2026-08-03")
    assert clock(FOISA, "2026-07-06").due_on == day("2026-08-04") == both_oracles(day("2026-07-06"), 20, SCT_HOLS)


def test_st_andrews_day_2026_monday() -> None:
    # Received Fri 20 Nov 2026: 23-27 Nov = 1-5, Mon 30 Nov (SCT) skipped, 1-4 Dec = 6-9, 7-11 = 10-14,
    # 14-18 = 15-19, Mon 21 Dec = 20.
    assert clock(FOIA, "2026-11-20").due_on == day("2026-12-21") == both_oracles(day("2026-11-20"), 20)
    assert reference.rrule_nth(day("2026-11-20"), 20, EW_HOLS) == day("2026-12-18")


def test_scotlands_world_cup_bank_holiday_15_june_2026() -> None:
    # Received Mon 8 Jun 2026: 9-12 Jun = 1-4, Mon 15 Jun (SCT, proclamation) skipped, 16-19 = 5-8,
    # 22-26 = 9-13, 29 Jun-3 Jul = 14-18, 6-7 Jul = 19-20: Tue 7 Jul 2026 for every FOIA authority.
    assert clock(FOIA, "2026-06-08").due_on == day("2026-07-07") == both_oracles(day("2026-06-08"), 20)
    assert reference.rrule_nth(day("2026-06-08"), 20, EW_HOLS) == day("2026-07-06")


def test_shipped_additions_guard_15_june_2026_if_the_library_lacks_it(monkeypatch: pytest.MonkeyPatch) -> None:
    real = calendar_module._library_holidays

    def without_15_june(subdivision: str, years: range) -> dict[date, str]:
        return {d: n for d, n in real(subdivision, years).items() if d != date(2026, 6, 15)}

    monkeypatch.setattr(calendar_module, "_library_holidays", without_15_june)
    monkeypatch.setattr(calendar_module, "_cache", {})
    fresh = uk_calendar()
    assert fresh is not UK
    reason = fresh.non_working_reason(day("2026-06-15"))
    assert reason == Holiday(day("2026-06-15"), "Scotland's World Cup bank holiday (proclamation)", ("SCT",))
    assert fresh.nth_working_day_after(day("2026-06-08"), 20) == day("2026-07-07")


def test_shipped_additions_include_the_guard() -> None:
    guard = HolidayAddition(day("2026-06-15"), "Scotland's World Cup bank holiday (proclamation)", "SCT")
    assert guard in shipped_holiday_additions()


def test_addition_passed_in_moves_a_date_and_the_version() -> None:
    # Received Mon 5 Oct 2026: 6-9 Oct = 1-4, 12-16 = 5-9, 19-23 = 10-14, 26-30 = 15-19, Mon 2 Nov = 20.
    # A day proclaimed for Wales on Mon 12 Oct 2026 pushes it to Tue 3 Nov 2026.
    extra = HolidayAddition(day("2026-10-12"), "Test proclamation", "WLS")
    moved = uk_calendar(additions=[extra])
    assert UK.nth_working_day_after(day("2026-10-05"), 20) == day("2026-11-02")
    assert moved.nth_working_day_after(day("2026-10-05"), 20) == day("2026-11-03")
    assert moved.nth_working_day_after(day("2026-10-05"), 20) == both_oracles(
        day("2026-10-05"), 20, UK_HOLS | {extra.day}
    )
    assert moved.non_working_reason(extra.day) == Holiday(extra.day, "Test proclamation", ("WLS",))
    assert moved.version != UK.version
    # A Welsh day does not touch the Scottish (FOISA) calendar, nor its version.
    assert uk_calendar(("SCT",), additions=[extra]).version == SCOTLAND.version


def test_calendars_are_cached_by_value() -> None:
    assert uk_calendar() is UK
    assert uk_calendar(["WLS", "SCT", "NIR", "ENG", "SCT"]) is UK
    extra = HolidayAddition(day("2026-10-12"), "Test proclamation", "WLS")
    assert uk_calendar(additions=[extra]) is uk_calendar(additions=(extra,))
    assert uk_calendar().version == UK.version


def test_invalid_subdivision_or_nation() -> None:
    with pytest.raises(ValueError, match="subdivisions"):
        uk_calendar(["GB"])
    with pytest.raises(ValueError, match="unknown nation"):
        HolidayAddition(day("2026-10-12"), "x", "UK")


def test_nth_working_day_after_basics() -> None:
    friday = day("2025-09-12")
    assert UK.nth_working_day_after(friday, 1) == day("2025-09-15")
    assert UK.next_working_day(friday) == day("2025-09-15")
    assert UK.nth_working_day_after(day("2025-09-13"), 1) == day("2025-09-15")  # from a Saturday
    assert UK.nth_working_day_after(friday, 0) == friday
    assert UK.working_days_between(friday, day("2025-09-15")) == 1
    assert UK.working_days_between(friday, friday) == 0
    assert UK.working_days_between(day("2025-09-15"), friday) == 0


def test_disregard_windows_inclusive_overlapping_and_unsorted() -> None:
    receipt = day("2025-03-03")
    windows = [(day("2025-03-20"), day("2025-03-25")), (day("2025-03-10"), day("2025-03-14"))]
    windows_overlapping = [*windows, (day("2025-03-12"), day("2025-03-21"))]
    for ws in (windows, windows_overlapping):
        assert UK.nth_working_day_after(receipt, 20, ws) == reference.nth_working_day_following(
            receipt, 20, UK_HOLS, ws
        )
    with pytest.raises(ValueError, match="before it starts"):
        UK.nth_working_day_after(receipt, 20, [(day("2025-03-14"), day("2025-03-10"))])


def test_non_working_days_lists_weekends_and_holidays_in_order() -> None:
    days = UK.non_working_days(day("2025-12-24"), day("2026-01-05"))
    assert [(h.day.isoformat(), h.name) for h in days] == [
        ("2025-12-25", "Christmas Day"),
        ("2025-12-26", "Boxing Day"),
        ("2025-12-27", "Saturday"),
        ("2025-12-28", "Sunday"),
        ("2026-01-01", "New Year's Day"),
        ("2026-01-02", "New Year Holiday"),
        ("2026-01-03", "Saturday"),
        ("2026-01-04", "Sunday"),
    ]


def test_christmas_and_good_friday_are_added_even_without_the_feed(monkeypatch: pytest.MonkeyPatch) -> None:
    # FOIA s10(6) names them separately: a BFDA-only feed may lack them.
    monkeypatch.setattr(calendar_module, "_library_holidays", lambda subdivision, years: {})
    monkeypatch.setattr(calendar_module, "_cache", {})
    bare = uk_calendar()
    assert not bare.is_working_day(day("2025-12-25"))
    assert not bare.is_working_day(day("2025-04-18"))
    assert bare.is_working_day(day("2025-12-26"))


@pytest.mark.parametrize("iso", ["1989-12-31", "2101-01-01"])
def test_dates_outside_the_calendar(iso: str) -> None:
    with pytest.raises(ClockRuleError) as caught:
        UK.is_working_day(day(iso))
    assert caught.value.rule == "date_out_of_range"


def test_counting_past_the_end_of_the_calendar() -> None:
    with pytest.raises(ClockRuleError) as caught:
        UK.nth_working_day_after(day("2100-12-20"), 20)
    assert caught.value.rule == "date_out_of_range"
    with pytest.raises(ClockRuleError) as caught:
        clock(FOIA, "1989-06-01")
    assert caught.value.rule == "date_out_of_range"
