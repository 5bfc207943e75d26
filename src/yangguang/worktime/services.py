"""The only writers of the calendar: the administrator's edits and the seeding of shipped notices."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from yangguang.core.errors import InvalidInput

from . import domain
from .errors import CalendarDayNotFound, NotCalendarAdministrator
from .models import CalendarDay, CalendarYear
from .official import NOTICES
from .rules import may_edit_calendar
from .seeding import SeedResult, check_years, seed_tables
from .selectors import calendar_version_bump


@dataclass(frozen=True)
class DayEntry:
    """A special day as the administrator enters it."""

    date: date
    kind: str
    name: str = ""


def _require_administrator(actor) -> None:
    if not may_edit_calendar(actor):
        raise NotCalendarAdministrator(_("Only the administrator may edit the working-day calendar."))


def _raise_if(errors: list[dict]) -> None:
    if errors:
        first = errors[0]
        raise InvalidInput(first["detail"], field=first["field"], rule=first["rule"], errors=errors)


def _calendar_changed() -> None:
    """Replace the cache version now, so this transaction reads its own change, and again after
    commit, so that a reader who cached the old rows in between is not believed."""
    calendar_version_bump()
    transaction.on_commit(calendar_version_bump)


def _year_write(actor, *, year, notice_title, notice_number, published_on, confirmed, source) -> CalendarYear:
    row = CalendarYear.objects.select_for_update().filter(year=year).first() or CalendarYear(year=year)
    row.notice_title, row.notice_number, row.published_on = notice_title.strip(), notice_number.strip(), published_on
    row.confirmed, row.source = confirmed, source.strip()
    row._history_user = actor
    row.save()
    return row


def _day_write(actor, calendar_year: CalendarYear, entry: DayEntry) -> CalendarDay:
    row = CalendarDay.objects.select_for_update().filter(date=entry.date).first() or CalendarDay(date=entry.date)
    row.year, row.kind, row.name = calendar_year, entry.kind, entry.name.strip()
    row._history_user = actor
    row.save()
    return row


def _day_delete(actor, day: date) -> None:
    row = CalendarDay.objects.select_for_update().filter(date=day).first()
    if row is None:
        raise CalendarDayNotFound(
            _("%(date)s is not a special day of the calendar.") % {"date": day.isoformat()}, field="date"
        )
    row._history_user = actor
    row.delete()


def calendar_year_save(*, actor, year: int, notice_title: str, notice_number: str = "", published_on: date | None = None,
                       confirmed: bool = False, source: str = "") -> CalendarYear:
    """Add or correct a year's State Council notice (部分节假日安排的通知) and whether it is confirmed."""
    _require_administrator(actor)
    _raise_if(domain.calendar_year_errors(year=year, notice_title=notice_title, notice_number=notice_number,
                                          published_on=published_on, source=source))
    with transaction.atomic(durable=True):
        row = _year_write(actor, year=year, notice_title=notice_title, notice_number=notice_number,
                          published_on=published_on, confirmed=confirmed, source=source)
        _calendar_changed()
    return row


def calendar_year_edit(*, actor, year: int, notice_title: str, notice_number: str = "", published_on: date | None = None,
                       confirmed: bool = False, source: str = "", days_set: Iterable[DayEntry] = (),
                       days_removed: Iterable[date] = ()) -> CalendarYear:
    """The administrator's year form: the notice, its new or changed days and the days removed, at once."""
    _require_administrator(actor)
    days_set, days_removed = list(days_set), list(days_removed)
    errors = domain.calendar_year_errors(year=year, notice_title=notice_title, notice_number=notice_number,
                                         published_on=published_on, source=source)
    for entry in days_set:
        errors += domain.calendar_day_errors(day=entry.date, kind=entry.kind, name=entry.name, year=year)
    _raise_if(errors)
    with transaction.atomic(durable=True):
        row = _year_write(actor, year=year, notice_title=notice_title, notice_number=notice_number,
                          published_on=published_on, confirmed=confirmed, source=source)
        for day in days_removed:
            _day_delete(actor, day)
        for entry in days_set:
            _day_write(actor, row, entry)
        _calendar_changed()
    return row


def calendar_day_set(*, actor, date: date, kind: str, name: str = "") -> CalendarDay:
    """Mark a day as a holiday or a make-up workday (调休上班), replacing what it was."""
    _require_administrator(actor)
    _raise_if(domain.calendar_day_errors(day=date, kind=kind, name=name))
    with transaction.atomic(durable=True):
        calendar_year = CalendarYear.objects.select_for_update().filter(year=date.year).first()
        if calendar_year is None:
            raise InvalidInput.one(
                "date", "calendar-year-exists",
                _("Add the notice of %(year)s before its days.") % {"year": date.year},
            )
        row = _day_write(actor, calendar_year, DayEntry(date, kind, name))
        _calendar_changed()
    return row


def calendar_day_remove(*, actor, date: date) -> None:
    """Make a day ordinary again: Monday–Friday work, Saturday and Sunday rest."""
    _require_administrator(actor)
    with transaction.atomic(durable=True):
        _day_delete(actor, date)
        _calendar_changed()


def calendar_seed(years: Iterable[int] = tuple(NOTICES)) -> list[SeedResult]:
    """Write the shipped notices (default: all of them) as confirmed years; idempotent.

    The operator runs it from the console (``yangguang calendar seed``); the data migration
    runs the same writer.
    """
    years = check_years(years)
    with transaction.atomic(durable=True):
        results = seed_tables(CalendarYear, CalendarDay, years)
        _calendar_changed()
    return results
