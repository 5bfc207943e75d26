"""Readers of the calendar; the loaded calendar is cached until the next write."""

import time
from uuid import uuid4

from django.core.cache import cache
from django.utils.translation import gettext

from .domain import WorkCalendar
from .errors import CalendarYearNotFound
from .models import CalendarDay, CalendarYear, DayKind

VERSION_KEY = "worktime:calendar:version"
# A safety net for caches that are not shared between processes (the default local-memory
# cache): a write made by another process is seen within this many seconds.
CACHE_SECONDS = 300


def calendar_version() -> str:
    """The current version token of the calendar tables; every write replaces it."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def calendar_version_bump() -> None:
    cache.set(VERSION_KEY, uuid4().hex, None)


def calendar_read() -> WorkCalendar:
    """The calendar (工作日历) straight from the tables."""
    days = list(CalendarDay.objects.values_list("date", "kind"))
    return WorkCalendar(
        holidays={day for day, kind in days if kind == DayKind.HOLIDAY},
        makeup_workdays={day for day, kind in days if kind == DayKind.MAKEUP_WORKDAY},
        confirmed_years=set(CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True)),
    )


def calendar_load() -> WorkCalendar:
    """The calendar for deadline arithmetic, cached under the current version token."""
    key = f"worktime:calendar:{calendar_version()}"
    calendar = cache.get(key)
    if calendar is None:
        calendar = calendar_read()
        cache.set(key, calendar, CACHE_SECONDS)
    return calendar


_held: dict = {}


def calendar_held() -> WorkCalendar:
    """``calendar_load()`` without unpickling the calendar from the cache on every call: the
    process keeps it while the calendar's version token is unchanged, for at most as long as
    the cache keeps it. For the hot paths (every case action, every sweep)."""
    version, now = calendar_version(), time.monotonic()
    held = _held.get("calendar")
    if held is None or held[0] != version or now - held[2] > CACHE_SECONDS:
        held = _held["calendar"] = (version, calendar_load(), now)
    return held[1]


def calendar_year_list():
    return CalendarYear.objects.all()


def calendar_year_get(year: int) -> CalendarYear:
    calendar_year = CalendarYear.objects.filter(year=year).first()
    if calendar_year is None:
        raise CalendarYearNotFound(gettext("The calendar holds no notice for %(year)s.") % {"year": year}, field="year")
    return calendar_year


def calendar_day_list(year: int):
    """The special days of a year; refuses a year the calendar does not hold."""
    return calendar_year_get(year).days.all()

