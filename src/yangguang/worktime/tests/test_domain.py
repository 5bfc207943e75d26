"""Deadline arithmetic over the 2024–2026 State Council notices, row by row, then by property.

2025: 元旦 1/1 Wed; 春节 1/28 Tue–2/4 Tue, make-up Sun 1/26 and Sat 2/8; 清明 4/4 Fri;
劳动节 5/1 Thu–5/5 Mon, make-up Sun 4/27; 端午 5/31 Sat–6/2 Mon; 国庆+中秋 10/1 Wed–10/8 Wed,
make-up Sun 9/28 and Sat 10/11.
2026: 元旦 1/1 Thu–1/3 Sat, make-up Sun 1/4; 春节 2/15 Sun–2/23 Mon, make-up Sat 2/14 and
Sat 2/28; 清明 4/4 Sat–4/6 Mon; 劳动节 5/1 Fri–5/5 Tue, make-up Sat 5/9; 端午 6/19 Fri;
中秋 9/25 Fri; 国庆 10/1 Thu–10/7 Wed, make-up Sun 9/20 and Sat 10/10.
"""

from datetime import date, datetime, timedelta

import holidays
import pytest
from django.utils import translation
from hypothesis import given, settings, strategies as st

from yangguang.core.errors import InvalidInput
from yangguang.worktime import domain
from yangguang.worktime.domain import SHANGHAI, WorkCalendar
from yangguang.worktime.errors import CalendarNotConfirmed
from yangguang.worktime.official import makeup_workdays, official_calendar, official_days

CALENDAR = official_calendar()
DAY = timedelta(days=1)


def at(text: str) -> datetime:
    """'2026-09-30' (00:00) or '2026-09-30 10:00' in Asia/Shanghai."""
    return domain.parse_start(text)


# (start, amount, unit, due as shown)
DEADLINES = [
    # --- working days: 春节 2025 ---
    ("2025-01-23", 5, "workday", "2025-02-06 24:00:00"),  # Thu + 5 wd: Fri 1/24, Sun 1/26 make-up, Mon 1/27; skips 春节 1/28–2/4; Wed 2/5, Thu 2/6
    ("2025-01-24", 1, "workday", "2025-01-26 24:00:00"),  # Fri + 1 wd: Sat 1/25 rests, Sun 1/26 is a make-up workday
    ("2025-01-27", 1, "workday", "2025-02-05 24:00:00"),  # Mon + 1 wd: 1/28–2/4 holidays and the weekend between, first is Wed 2/5
    ("2025-02-07", 1, "workday", "2025-02-08 24:00:00"),  # Fri + 1 wd: Sat 2/8 make-up workday
    # --- 元旦 and the year boundary 2024 → 2025 ---
    ("2025-01-01", 1, "workday", "2025-01-02 24:00:00"),  # Wed 元旦 start: the start day is not counted, Thu 1/2
    ("2024-12-31", 2, "workday", "2025-01-03 24:00:00"),  # Tue + 2 wd: Wed 1/1 元旦 skipped; Thu 1/2, Fri 1/3
    # --- 清明, 劳动节, 端午 2025 ---
    ("2025-04-03", 1, "workday", "2025-04-07 24:00:00"),  # Thu + 1 wd: Fri 4/4 清明, weekend; Mon 4/7
    ("2025-04-25", 2, "workday", "2025-04-28 24:00:00"),  # Fri + 2 wd: Sat 4/26 rests, Sun 4/27 make-up, Mon 4/28
    ("2025-04-30", 1, "workday", "2025-05-06 24:00:00"),  # Wed + 1 wd: 劳动节 Thu 5/1–Mon 5/5; Tue 5/6
    ("2025-05-30", 1, "workday", "2025-06-03 24:00:00"),  # Fri + 1 wd: 端午 Sat 5/31–Mon 6/2; Tue 6/3
    # --- 国庆 + 中秋 2025 ---
    ("2025-09-26", 1, "workday", "2025-09-28 24:00:00"),  # Fri + 1 wd: Sat 9/27 rests, Sun 9/28 make-up
    ("2025-09-30", 3, "workday", "2025-10-11 24:00:00"),  # Tue + 3 wd: 10/1–10/8 off; Thu 10/9, Fri 10/10, Sat 10/11 make-up
    ("2025-09-30", 4, "workday", "2025-10-13 24:00:00"),  # as above, Sun 10/12 rests, Mon 10/13
    ("2025-09-22", 20, "workday", "2025-10-24 24:00:00"),  # Mon + 20 wd (许可法 42): 9/23–9/26 (4), Sun 9/28 (5), 9/29–30 (7), 10/9–11 (10), 10/13–17 (15), 10/20–24 (20)
    # --- year boundary 2025 → 2026, 元旦 2026 ---
    ("2025-12-29", 5, "workday", "2026-01-06 24:00:00"),  # Mon + 5 wd: Tue 12/30, Wed 12/31; 元旦 Thu 1/1–Sat 1/3; Sun 1/4 make-up, Mon 1/5, Tue 1/6
    ("2025-12-31", 1, "workday", "2026-01-04 24:00:00"),  # Wed + 1 wd: 1/1–1/3 off, Sun 1/4 make-up
    # --- 春节 2026 ---
    ("2026-02-12", 3, "workday", "2026-02-24 24:00:00"),  # Thu + 3 wd: Fri 2/13, Sat 2/14 make-up; 2/15–2/23 off; Tue 2/24
    ("2026-02-24", 4, "workday", "2026-02-28 24:00:00"),  # Tue + 4 wd: Wed 2/25–Fri 2/27, Sat 2/28 make-up
    # --- 清明, 劳动节, 端午, 中秋 2026 ---
    ("2026-04-03", 1, "workday", "2026-04-07 24:00:00"),  # Fri + 1 wd: weekend, Mon 4/6 清明 (observed); Tue 4/7
    ("2026-04-30", 2, "workday", "2026-05-07 24:00:00"),  # Thu + 2 wd: 劳动节 Fri 5/1–Tue 5/5; Wed 5/6, Thu 5/7
    ("2026-05-07", 2, "workday", "2026-05-09 24:00:00"),  # Thu + 2 wd: Fri 5/8, Sat 5/9 make-up
    ("2026-06-18", 1, "workday", "2026-06-22 24:00:00"),  # Thu + 1 wd: Fri 6/19 端午, weekend; Mon 6/22
    ("2026-09-18", 1, "workday", "2026-09-20 24:00:00"),  # Fri + 1 wd: Sat 9/19 rests, Sun 9/20 make-up
    ("2026-09-24", 1, "workday", "2026-09-28 24:00:00"),  # Thu + 1 wd: Fri 9/25 中秋, weekend; Mon 9/28
    # --- 国庆 2026 ---
    ("2026-09-30", 5, "workday", "2026-10-13 24:00:00"),  # Wed + 5 wd: 10/1–10/7 off; Thu 10/8, Fri 10/9, Sat 10/10 make-up, Mon 10/12, Tue 10/13
    ("2026-09-30 16:30", 1, "workday", "2026-10-08 24:00:00"),  # the time of day on the start day changes nothing
    ("2026-09-29", 20, "workday", "2026-11-02 24:00:00"),  # Tue + 20 wd: Wed 9/30 (1), 10/8–10 (4), 10/12–16 (9), 10/19–23 (14), 10/26–30 (19), Mon 11/2 (20)
    ("2026-10-10", 1, "workday", "2026-10-12 24:00:00"),  # Sat make-up start, not counted; Sun 10/11 rests; Mon 10/12
    # --- 2024 ---
    ("2024-02-02", 1, "workday", "2024-02-04 24:00:00"),  # Fri + 1 wd: Sat 2/3 rests, Sun 2/4 make-up
    ("2024-02-08", 1, "workday", "2024-02-09 24:00:00"),  # Thu + 1 wd: 除夕 Fri 2/9 was a working day in 2024 (rest only encouraged)
    ("2023-12-31", 1, "workday", "2024-01-02 24:00:00"),  # the start day in unconfirmed 2023 is never counted; Mon 1/1 元旦, Tue 1/2
    # --- zero: within the day (即办) ---
    ("2026-09-30", 0, "workday", "2026-09-30 24:00:00"),  # Wed, 0 wd: 24:00 of the start day
    ("2026-10-01", 0, "workday", "2026-10-01 24:00:00"),  # Thu 国庆, 0 wd: still 24:00 of the start day
    # --- natural days; a last day off moves to the next working day (民法典 203) ---
    ("2026-09-30", 5, "day", "2026-10-08 24:00:00"),  # Wed + 5 d = Mon 10/5 (国庆) → next working day Thu 10/8
    ("2026-09-24", 7, "day", "2026-10-08 24:00:00"),  # Thu + 7 d = Thu 10/1 → Thu 10/8
    ("2026-09-21", 3, "day", "2026-09-24 24:00:00"),  # Mon + 3 d = Thu 9/24, a working day: stays
    ("2026-09-16", 3, "day", "2026-09-20 24:00:00"),  # Wed + 3 d = Sat 9/19, a rest day → Sun 9/20 make-up workday
    ("2026-02-01", 14, "day", "2026-02-24 24:00:00"),  # Sun + 14 d = Sun 2/15 (春节) → 2/16–2/23 off → Tue 2/24
    ("2025-12-19", 15, "day", "2026-01-04 24:00:00"),  # Fri + 15 d = Sat 2026-01-03 (元旦) → Sun 1/4 make-up
    ("2025-04-01", 90, "day", "2025-06-30 24:00:00"),  # Tue + 90 d (处罚法 60) = Mon 6/30, a working day
    ("2025-05-01", 30, "day", "2025-06-03 24:00:00"),  # Thu + 30 d = Sat 5/31 (端午) → Sun 6/1, Mon 6/2 off → Tue 6/3
    ("2026-12-20", 7, "day", "2026-12-28 24:00:00"),  # Sun + 7 d = Sun 12/27 → Mon 12/28; 2027 is never looked at
    ("2026-10-01", 0, "day", "2026-10-01 24:00:00"),  # 0 d: 24:00 of the start day; no period, no move
    # --- hours: exact, no calendar ---
    ("2026-09-30 10:00", 24, "hour", "2026-10-01 10:00:00"),  # Wed 10:00 + 24 h, 国庆 does not matter
    ("2026-09-30 12:00", 12, "hour", "2026-09-30 24:00:00"),  # ends exactly at midnight
    ("2026-09-30 10:00", 0, "hour", "2026-09-30 10:00:00"),  # 0 h: the start itself
    ("2027-03-01 09:00", 2, "hour", "2027-03-01 11:00:00"),  # hours need no confirmed year
]


@pytest.mark.parametrize(("start", "amount", "unit", "expected"), DEADLINES)
def test_deadline(start, amount, unit, expected):
    due = domain.due(at(start), amount, unit, CALENDAR)
    assert domain.format_due(due) == expected
    assert due.tzinfo is not None and due.utcoffset() == timedelta(hours=8)


def test_deadline_is_exclusive_midnight_after_the_last_day():
    due = domain.due(at("2026-09-30"), 5, "workday", CALENDAR)
    assert due == datetime(2026, 10, 14, tzinfo=SHANGHAI)
    assert domain.last_day(due) == date(2026, 10, 13)
    assert domain.format_due(datetime(2026, 10, 14, 0, 0, 1, tzinfo=SHANGHAI)) == "2026-10-14 00:00:01"


def sus(begin: str, end: str | None):
    return (at(begin), None if end is None else at(end))


# (start, amount, unit, suspensions, due as shown, or None while the clock is stopped)
SUSPENDED = [
    # Wed 2026-09-30 + 5 wd is due 10/13 24:00 without suspension.
    ("2026-09-30", 5, "workday", [sus("2026-10-08 10:00", "2026-10-08 14:00")], "2026-10-14 04:00:00"),  # 4 h on Thu 10/8 (working): due moves 4 h into Wed 10/14
    ("2026-09-30", 5, "workday", [sus("2026-10-02 09:00", "2026-10-06 17:00")], "2026-10-13 24:00:00"),  # inside the 国庆 holidays: nothing counted is lost
    ("2026-09-30", 5, "workday", [sus("2026-09-30 15:00", "2026-10-08 12:00")], "2026-10-14 12:00:00"),  # begun on the start day: only 10/8 00:00–12:00 was counted time
    ("2026-09-30", 5, "workday", [sus("2026-10-08 09:00", "2026-10-08 12:00"),
                                  sus("2026-10-08 11:00", "2026-10-08 15:00")], "2026-10-14 06:00:00"),  # overlapping: 09:00–15:00 counts once, 6 h
    ("2026-09-30", 5, "workday", [sus("2026-10-09", "2026-10-10"),
                                  sus("2026-10-09 10:00", "2026-10-09 11:00")], "2026-10-14 24:00:00"),  # nested in Fri 10/9: one day
    ("2026-09-30", 5, "workday", [sus("2026-10-09 10:00", None)], None),  # still open before the due: clock stopped
    ("2026-09-30", 5, "workday", [sus("2026-10-14", None)], "2026-10-13 24:00:00"),  # opened at the due: too late to matter
    ("2026-09-30", 5, "workday", [sus("2026-10-20 09:00", "2026-10-21")], "2026-10-13 24:00:00"),  # after the due: ignored
    # Mon 2026-09-28 + 3 wd: Tue 9/29, Wed 9/30, Thu 10/8 without suspension.
    ("2026-09-28", 3, "workday", [sus("2026-09-30", "2026-10-09")], "2026-10-10 24:00:00"),  # spans 国庆: loses Wed 9/30 and Thu 10/8; Fri 10/9, Sat 10/10 make-up
    # Mon 2026-10-12 + 4 wd: Tue 10/13–Fri 10/16, due Fri 24:00.
    ("2026-10-12", 4, "workday", [sus("2026-10-13 08:00", "2026-10-13 10:00")], "2026-10-19 02:00:00"),  # 2 h pushed over the weekend into Mon 10/19
    ("2026-10-12", 4, "workday", [sus("2026-10-13", "2026-10-14"),
                                  sus("2026-10-19 09:00", "2026-10-19 10:00")], "2026-10-20 01:00:00"),  # the second begins after the first due but before the moved one
    # Natural days: Wed 2026-09-16 + 3 d = Sat 9/19 → Sun 9/20 make-up without suspension.
    ("2026-09-21", 2, "day", [sus("2026-09-22 10:00", "2026-09-22 16:00")], "2026-09-24 24:00:00"),  # Mon + 2 d = Wed 9/23; 6 h reach Thu 9/24 06:00 → 24:00 of Thu 9/24
    ("2026-09-21", 3, "day", [sus("2026-09-22 10:00", "2026-09-22 16:00")], "2026-09-28 24:00:00"),  # Mon + 3 d = Thu 9/24; 6 h reach Fri 9/25 (中秋) → Mon 9/28
    ("2026-09-16", 3, "day", [sus("2026-09-17 10:00", "2026-09-17 16:00")], "2026-09-20 24:00:00"),  # Wed + 3 d = Sat 9/19 → Sun 9/20 make-up anyway; 6 h change nothing
    ("2026-01-02 22:00", 1, "day", [sus("2026-01-03", "2026-01-03 00:00:01")], "2026-01-04 24:00:00"),  # Fri + 1 d = Sat 1/3 → Sun 1/4 make-up; 1 s more still ends Sun 1/4 24:00
    ("2026-09-21", 3, "day", [sus("2026-09-22", "2026-09-23")], "2026-09-28 24:00:00"),  # one day: last day Fri 9/25 中秋 → Mon 9/28
    # Hours: Wed 2026-09-30 10:00 + 24 h.
    ("2026-09-30 10:00", 24, "hour", [sus("2026-09-30 12:00", "2026-09-30 13:30")], "2026-10-01 11:30:00"),  # 1.5 h stopped
    ("2026-09-30 10:00", 24, "hour", [sus("2026-09-30 08:00", "2026-09-30 11:00")], "2026-10-01 11:00:00"),  # only the hour after the start counts
]


@pytest.mark.parametrize(("start", "amount", "unit", "suspensions", "expected"), SUSPENDED)
def test_deadline_with_suspensions(start, amount, unit, suspensions, expected):
    due = domain.due(at(start), amount, unit, CALENDAR, suspensions)
    assert (None if due is None else domain.format_due(due)) == expected


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "amount", "unit", "year"), [
    ("2026-12-20", 20, "workday", 2027),  # Sun + 20 wd: 12/21–12/31 gives 9, then 2027 is unknown
    ("2026-12-25", 7, "day", 2027),  # Fri + 7 d = Fri 2027-01-01: is it a working day? unknown
    ("2023-12-29", 1, "workday", 2023),  # Sat 2023-12-30 must be looked up in 2023
])
def test_unconfirmed_year_is_refused(start, amount, unit, year):
    with pytest.raises(CalendarNotConfirmed) as caught:
        domain.due(at(start), amount, unit, CALENDAR)
    assert caught.value.year == year
    assert caught.value.code == "calendar-not-confirmed"
    assert f"{year} 年的工作日历尚未确认" in str(caught.value) and "国务院" in str(caught.value)
    with translation.override("en"):
        english = CalendarNotConfirmed(year)
    assert f"calendar of {year} is not confirmed" in str(english) and "State Council" in str(english)


def test_listed_days_do_not_confirm_a_year():
    calendar = WorkCalendar(holidays={date(2027, 1, 1)}, confirmed_years={2026})
    with pytest.raises(CalendarNotConfirmed):
        calendar.is_workday(date(2027, 1, 4))


@pytest.mark.parametrize(("kwargs", "field", "rule"), [
    ({"amount": -1}, "amount", "range"),
    ({"amount": domain.MAX_AMOUNT + 1}, "amount", "range"),
    ({"amount": 1.5}, "amount", "range"),
    ({"amount": True}, "amount", "range"),
    ({"unit": "month"}, "unit", "choice"),
    ({"start": datetime(2026, 9, 30)}, "start", "aware"),
    ({"suspensions": [(at("2026-10-09"), at("2026-10-08"))]}, "suspensions", "order"),
    ({"suspensions": [(datetime(2026, 10, 8), None)]}, "suspensions", "aware"),
])
def test_bad_input_names_field_and_rule(kwargs, field, rule):
    args = {"start": at("2026-09-30"), "amount": 5, "unit": "workday", "suspensions": ()} | kwargs
    with pytest.raises(InvalidInput) as caught:
        domain.due(args["start"], args["amount"], args["unit"], CALENDAR, args["suspensions"])
    assert (caught.value.field, caught.value.rule) == (field, rule)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-09-30", datetime(2026, 9, 30, tzinfo=SHANGHAI)),
    ("2026-09-30T10:00:00", datetime(2026, 9, 30, 10, tzinfo=SHANGHAI)),
    ("2026-09-30T10:00:00+08:00", datetime(2026, 9, 30, 10, tzinfo=SHANGHAI)),
    ("2026-09-30T10:00:00 08:00", datetime(2026, 9, 30, 10, tzinfo=SHANGHAI)),  # '+' decoded from a URL query
    ("2026-09-30T02:00:00Z", datetime(2026, 9, 30, 10, tzinfo=SHANGHAI)),
])
def test_parse_start(text, expected):
    parsed = domain.parse_start(text)
    assert parsed == expected and parsed.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize("text", ["2026-13-01", "tomorrow", ""])
def test_parse_start_refuses(text):
    with pytest.raises(InvalidInput) as caught:
        domain.parse_start(text)
    assert caught.value.field == "start"


# --- elapsed fraction -----------------------------------------------------------------------


@pytest.mark.parametrize(("now", "suspensions", "expected"), [
    ("2026-10-08", [], 0.0),  # Wed 9/30 + 5 wd: nothing counted before Thu 10/8
    ("2026-10-09", [], 0.2),  # Thu 10/8 done: 1 of 5
    ("2026-10-13 12:00", [], 0.9),  # 4.5 of 5: the 90 % alert
    ("2026-10-14", [], 1.0),  # the due
    ("2026-10-15", [], 1.2),  # a day overdue
    ("2026-10-09 12:00", [("2026-10-09", None)], 0.2),  # stopped at Fri 10/9 00:00
    ("2026-10-10", [("2026-10-08", "2026-10-09")], 0.2),  # Thu lost to suspension, Fri counted
])
def test_elapsed_fraction(now, suspensions, expected):
    spans = [sus(begin, end) for begin, end in suspensions]
    fraction = domain.elapsed_fraction(at("2026-09-30"), 5, "workday", CALENDAR, at(now), spans)
    assert fraction == pytest.approx(expected)


def test_elapsed_fraction_natural_days_include_the_moved_last_day():
    # Wed 9/30 + 5 d ends Thu 10/8 24:00: the period is 8 days long, half of it by Mon 10/5 00:00.
    assert domain.elapsed_fraction(at("2026-09-30"), 5, "day", CALENDAR, at("2026-10-05")) == pytest.approx(0.5)


def test_elapsed_fraction_of_zero_amount():
    assert domain.elapsed_fraction(at("2026-09-30"), 0, "workday", CALENDAR, at("2026-09-30 12:00")) == 0.0
    assert domain.elapsed_fraction(at("2026-09-30"), 0, "workday", CALENDAR, at("2026-10-01")) == 1.0


# --- the shipped data -----------------------------------------------------------------------


def test_makeup_workdays_derived_from_the_notices():
    assert sorted(makeup_workdays(2025)) == [date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11)]
    assert sorted(makeup_workdays(2026)) == [
        date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20), date(2026, 10, 10),
    ]
    assert makeup_workdays(2026)[date(2026, 10, 10)] == date(2026, 10, 7)  # Sat 10/10 worked for Wed 10/7


def test_2026_weekday_holidays():
    expected = {date(2026, 1, 1), date(2026, 1, 2), *(date(2026, 2, d) for d in range(16, 21)), date(2026, 2, 23),
                date(2026, 4, 6), date(2026, 5, 1), date(2026, 5, 4), date(2026, 5, 5), date(2026, 6, 19),
                date(2026, 9, 25), *(date(2026, 10, d) for d in (1, 2, 5, 6, 7))}
    weekday_holidays = {d.date for d in official_days(2026) if d.kind == "holiday" and d.date.weekday() < 5}
    assert weekday_holidays == expected


# --- properties -----------------------------------------------------------------------------

ORACLE = holidays.China(years=range(2024, 2027))
starts_2024_2026 = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 6, 30), timezones=st.just(SHANGHAI))


@settings(deadline=None)
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)))
def test_is_workday_agrees_with_the_holidays_library(day):
    assert CALENDAR.is_workday(day) == ORACLE.is_working_day(day)


@settings(deadline=None)
@given(starts_2024_2026, st.integers(0, 60), st.integers(0, 60), st.sampled_from(domain.UNITS))
def test_due_is_monotonic_in_amount(start, a, b, unit):
    low, high = sorted((a, b))
    due_low, due_high = domain.due(start, low, unit, CALENDAR), domain.due(start, high, unit, CALENDAR)
    assert due_low <= due_high
    if unit != "day" and low < high:
        assert due_low < due_high


@settings(deadline=None)
@given(starts_2024_2026, st.integers(1, 60))
def test_workday_due_is_midnight_after_the_nth_working_day(start, amount):
    due = domain.due(start, amount, "workday", CALENDAR)
    assert due.timetz().replace(tzinfo=None) == datetime.min.time()
    assert CALENDAR.is_workday(domain.last_day(due))
    first = start.date() + DAY
    counted = [first + DAY * i for i in range((domain.last_day(due) - first).days + 1)]
    assert sum(CALENDAR.is_workday(day) for day in counted) == amount


@settings(deadline=None)
@given(starts_2024_2026, st.integers(1, 60))
def test_natural_days_end_on_a_working_day_no_earlier_than_n_days(start, amount):
    due = domain.due(start, amount, "day", CALENDAR)
    assert CALENDAR.is_workday(domain.last_day(due))
    assert domain.last_day(due) >= start.date() + DAY * amount


@st.composite
def suspension_lists(draw, start):
    spans = []
    for _ in range(draw(st.integers(0, 4))):
        begin = start + timedelta(seconds=draw(st.integers(-86_400, 80 * 86_400)))
        end = begin + timedelta(seconds=draw(st.integers(0, 20 * 86_400)))
        spans.append((begin, end))
    return spans


@settings(max_examples=150, deadline=None)
@given(st.data(), starts_2024_2026, st.integers(0, 40), st.sampled_from(domain.UNITS))
def test_suspended_time_is_not_counted(data, start, amount, unit):
    spans = data.draw(suspension_lists(start))
    due = domain.due(start, amount, unit, CALENDAR, spans)
    begin = domain.count_start(start, unit)
    net = domain.counted_time(begin, due, unit, CALENDAR) - domain.suspended_time(begin, due, unit, CALENDAR, spans)
    assert due >= domain.due(start, amount, unit, CALENDAR)
    if unit == "day":
        assert net >= amount * DAY  # 民法典 203 may add days after the last one
    else:
        assert net == amount * domain.UNIT_LENGTH[unit]
        # ... and not a second earlier: the due is the first instant the amount is reached.
        if amount:
            one_earlier = due - timedelta(seconds=1)
            assert (domain.counted_time(begin, one_earlier, unit, CALENDAR)
                    - domain.suspended_time(begin, one_earlier, unit, CALENDAR, spans)) < amount * domain.UNIT_LENGTH[unit]


@settings(deadline=None)
@given(starts_2024_2026, st.integers(1, 40), st.sampled_from(domain.UNITS))
def test_elapsed_fraction_reaches_one_at_the_due(start, amount, unit):
    due = domain.due(start, amount, unit, CALENDAR)
    assert domain.elapsed_fraction(start, amount, unit, CALENDAR, due) == pytest.approx(1.0)
