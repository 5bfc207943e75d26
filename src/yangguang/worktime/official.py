"""The State Council holiday notices (国务院办公厅关于部分节假日安排的通知) the platform ships.

Holidays come from ``holidays.China``. Make-up workdays (调休上班) are not exposed by that
package; each swapped rest day in ``ChinaStaticHolidays.special_public_holidays[year]`` is a
tuple ``(month, day, from_month, from_day[, from_year])`` whose "from" date is the weekend day
worked instead, so the make-up workdays are read from there.
"""

from dataclasses import dataclass
from datetime import date

import holidays
from holidays.countries.china import ChinaStaticHolidays

from .domain import WorkCalendar
from .models import DayKind

SOURCE = "holidays 0.109 (ChinaStaticHolidays), checked against the State Council notice"


@dataclass(frozen=True)
class Notice:
    title: str
    number: str
    published_on: date


NOTICES = {
    2024: Notice("国务院办公厅关于2024年部分节假日安排的通知", "国办发明电〔2023〕7号", date(2023, 10, 25)),
    2025: Notice("国务院办公厅关于2025年部分节假日安排的通知", "国办发明电〔2024〕12号", date(2024, 11, 12)),
    2026: Notice("国务院办公厅关于2026年部分节假日安排的通知", "国办发明电〔2025〕7号", date(2025, 11, 4)),
}


@dataclass(frozen=True)
class OfficialDay:
    date: date
    kind: str
    name: str


def makeup_workdays(year: int) -> dict[date, date]:
    """Each make-up workday of the year's notice, mapped to the rest day it was swapped for."""
    out = {}
    for swap in ChinaStaticHolidays.special_public_holidays.get(year, ()):
        month, day, from_month, from_day = swap[:4]
        from_year = swap[4] if len(swap) > 4 else year
        out[date(from_year, from_month, from_day)] = date(year, month, day)
    return out


def official_days(year: int) -> list[OfficialDay]:
    """The holidays and make-up workdays of one year's notice, by date."""
    days = [
        OfficialDay(day, DayKind.HOLIDAY, str(name))
        for day, name in holidays.China(years=year, language="zh_CN").items()
    ]
    days += [
        OfficialDay(worked, DayKind.MAKEUP_WORKDAY, f"调休上班（{rest.month}月{rest.day}日休息）")
        for worked, rest in makeup_workdays(year).items()
    ]
    return sorted(days, key=lambda day: day.date)


def official_calendar(years=tuple(NOTICES)) -> WorkCalendar:
    """The shipped notices as a calendar, without the database (tests and the oracle use it)."""
    days = [day for year in years for day in official_days(year)]
    return WorkCalendar(
        holidays={day.date for day in days if day.kind == DayKind.HOLIDAY},
        makeup_workdays={day.date for day in days if day.kind == DayKind.MAKEUP_WORKDAY},
        confirmed_years=set(years),
    )
