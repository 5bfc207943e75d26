"""When a periodic job is next due (定时任务): ``schedule.next_due`` over a table, in Asia/Shanghai."""

import datetime

import pytest

from yangguang.core.schedule import SHANGHAI, Every, Monthly, next_due, previous_month

MINUTE = Every(seconds=60)
THIRD_0600 = Monthly(day=3, at=datetime.time(6))  # the monthly rules (DOMAIN.md §4.5)
UTC = datetime.UTC


def at(text: str, zone=SHANGHAI) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=zone)


@pytest.mark.parametrize(("rule", "last", "now", "due"), [
    # every 60 s: never run → at once
    (MINUTE, None, "2026-06-30 10:00:00", "2026-06-30 10:00:00"),
    # run at 10:00:00 → 10:01:00, whatever now is
    (MINUTE, "2026-06-30 10:00:00", "2026-06-30 10:00:30", "2026-06-30 10:01:00"),
    (MINUTE, "2026-06-30 10:00:00", "2026-06-30 10:05:00", "2026-06-30 10:01:00"),
    # over midnight and over a month's end
    (MINUTE, "2026-06-30 23:59:30", "2026-07-01 00:00:00", "2026-07-01 00:00:30"),
    # monthly on the 3rd at 06:00: never run, Wed 2026-06-03 05:59:59 → the slot missed is May's
    (THIRD_0600, None, "2026-06-03 05:59:59", "2026-05-03 06:00:00"),
    # never run, at the slot itself → that slot
    (THIRD_0600, None, "2026-06-03 06:00:00", "2026-06-03 06:00:00"),
    # never run, early in January → December's slot of the year before
    (THIRD_0600, None, "2026-01-02 12:00:00", "2025-12-03 06:00:00"),
    # run at the slot (Fri 2026-07-03 06:00) → the next month's (Mon 2026-08-03 06:00)
    (THIRD_0600, "2026-07-03 06:00:00", "2026-07-03 06:00:01", "2026-08-03 06:00:00"),
    # run a second late → still next month's
    (THIRD_0600, "2026-07-03 06:00:01", "2026-07-20 09:00:00", "2026-08-03 06:00:00"),
    # made up late on the 2nd (a worker down over the slot) → the 3rd, the day after
    (THIRD_0600, "2026-07-02 18:00:00", "2026-07-02 18:00:01", "2026-07-03 06:00:00"),
    # run in December → January of the next year
    (THIRD_0600, "2026-12-03 06:00:00", "2026-12-31 23:59:59", "2027-01-03 06:00:00"),
    # the worker was down from June to September → due at once (July's slot is ≤ now)
    (THIRD_0600, "2026-06-03 06:00:00", "2026-09-10 08:00:00", "2026-07-03 06:00:00"),
])
def test_next_due(rule, last, now, due):
    assert next_due(rule, last and at(last), at(now)) == at(due)


@pytest.mark.parametrize(("last", "now", "due"), [
    # 2026-07-02 22:00 UTC is 2026-07-03 06:00 in Shanghai: the slot is Shanghai's wall clock
    (None, "2026-07-02 22:00:00", "2026-07-02 22:00:00"),
    (None, "2026-07-02 21:59:59", "2026-06-02 22:00:00"),
    # run at 2026-07-02 21:00 UTC (05:00 on the 3rd in Shanghai) → that same morning's slot
    ("2026-07-02 21:00:00", "2026-07-02 21:00:01", "2026-07-02 22:00:00"),
])
def test_monthly_slots_are_shanghai_wall_clock(last, now, due):
    assert next_due(THIRD_0600, last and at(last, UTC), at(now, UTC)) == at(due, UTC)


@pytest.mark.parametrize(("now", "month"), [
    ("2026-07-03 06:00:00", "2026-06-01"),
    ("2026-01-03 06:00:00", "2025-12-01"),  # over a year's turn
    ("2026-03-01 00:00:00", "2026-02-01"),
])
def test_previous_month(now, month):
    assert previous_month(at(now)) == datetime.date.fromisoformat(month)


def test_previous_month_is_shanghai_month():
    # 2026-06-30 16:00 UTC is already 2026-07-01 00:00 in Shanghai
    assert previous_month(at("2026-06-30 16:00:00", UTC)) == datetime.date(2026, 6, 1)


@pytest.mark.parametrize("make", [lambda: Every(seconds=0), lambda: Monthly(day=29, at=datetime.time(6)),
                                  lambda: Monthly(day=0, at=datetime.time(6))])
def test_rules_that_cannot_be_kept_are_refused(make):
    with pytest.raises(ValueError):
        make()
