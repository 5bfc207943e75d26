"""Deadline arithmetic (期限计算) on the official working-day calendar; pure, never reads the clock.

Periods follow 民法典 第二百零一条、第二百零三条 and 行政许可法 第八十二条: the start day is not
counted, counting begins at 00:00 of the next day, and the period ends at 24:00 of its last
day. A deadline is an *exclusive* instant: a case finished at any instant before it is on
time, so "24:00 of 10-13" is represented as 00:00 of 10-14.

Units:

- ``workday``: only working days count (Monday–Friday that are not holidays, plus make-up
  workdays 调休上班). The due is 24:00 of the n-th working day.
- ``day``: natural days. The due is 24:00 of start day + n; when that last day is not a
  working day (a statutory holiday or a weekend rest day) the period ends at 24:00 of the
  next working day (民法典 第二百零三条). A period in days always ends at 24:00 of its last
  day (第二百零三条第二款), so time added by a suspension moves the end to 24:00 of the day it
  reaches; this also keeps the due from moving earlier when a suspension is added.
- ``hour``: start + n hours exactly, with no calendar.

An amount of 0 means "within the day" (即办): 24:00 of the start day for ``workday`` and
``day``, the start itself for ``hour``.

Suspension (特别程序: 听证、检验、鉴定…) stops the clock to the second. Each unit has a counted
time measure: for ``workday`` the seconds of working days after counting began, for ``day``
and ``hour`` every second after counting began. The due is the first instant at which the
counted time outside suspensions reaches the amount, so every suspension that begins before
the due pushes it forward by exactly the counted time it holds (for ``day``, then on to 24:00,
as above); overlapping suspensions count once, and one beginning at or after the due changes
nothing. A suspension still open (end
``None``) that begins before the due stops the clock: the due is ``None`` until it ends.

Times are computed on real elapsed time in UTC and shown in Asia/Shanghai, which has kept
UTC+8 without daylight saving since 1992; every day is 86,400 seconds.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext

from yangguang.core.errors import InvalidInput

from .errors import CalendarNotConfirmed
from .models import DayKind

SHANGHAI = ZoneInfo("Asia/Shanghai")
WORKDAY, DAY, HOUR = "workday", "day", "hour"
UNITS = (WORKDAY, DAY, HOUR)
UNIT_LENGTH = {WORKDAY: timedelta(days=1), DAY: timedelta(days=1), HOUR: timedelta(hours=1)}
MAX_AMOUNT = 10_000
# No daylight saving in China after 1991: from 1992 every calendar day lasts 86,400 seconds.
FIRST_YEAR, LAST_YEAR = 1992, 2100
NOTICE_TITLE_MAX, NOTICE_NUMBER_MAX, SOURCE_MAX, DAY_NAME_MAX = 200, 60, 200, 60

Suspension = tuple[datetime, datetime | None]


@dataclass(frozen=True)
class WorkCalendar:
    """The official calendar: holidays and make-up workdays (调休上班) of the confirmed years."""

    holidays: frozenset[date] = frozenset()
    makeup_workdays: frozenset[date] = frozenset()
    confirmed_years: frozenset[int] = frozenset()

    def __post_init__(self):
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "makeup_workdays", frozenset(self.makeup_workdays))
        object.__setattr__(self, "confirmed_years", frozenset(self.confirmed_years))

    def require_confirmed(self, day: date) -> None:
        if day.year not in self.confirmed_years:
            raise CalendarNotConfirmed(day.year)

    def is_workday(self, day: date) -> bool:
        """Monday–Friday and not a holiday, or a make-up workday; refuses unconfirmed years."""
        self.require_confirmed(day)
        if day in self.makeup_workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def next_workday(self, day: date) -> date:
        """The first working day after ``day``."""
        day += timedelta(days=1)
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day


# --- instants -------------------------------------------------------------------------------


def midnight(day: date) -> datetime:
    """00:00 of ``day`` in Asia/Shanghai, as a UTC instant."""
    return datetime.combine(day, time(), SHANGHAI).astimezone(UTC)


def local_date(instant: datetime) -> date:
    return instant.astimezone(SHANGHAI).date()


def last_day(due: datetime) -> date:
    """The day the period ends on: the day holding the last instant before the exclusive due."""
    return (due.astimezone(SHANGHAI) - timedelta(microseconds=1)).date()


def format_due(due: datetime) -> str:
    """``YYYY-MM-DD 24:00:00`` of the last day for a midnight due, else ``YYYY-MM-DD HH:MM:SS``."""
    local = due.astimezone(SHANGHAI)
    if local.time() == time():
        return f"{(local.date() - timedelta(days=1)).isoformat()} 24:00:00"
    return local.strftime("%Y-%m-%d %H:%M:%S")


# A "+" in a URL query arrives as a space: "2026-09-30T10:00:00 08:00".
_DECODED_PLUS = re.compile(r"^(?P<moment>.+T[0-9:.]+) (?P<offset>[0-9]{2}:?[0-9]{2})$")


def parse_start(value: str) -> datetime:
    """An ISO date (that day, 00:00) or datetime (naive means Asia/Shanghai) as an aware instant."""
    text = value.strip()
    if match := _DECODED_PLUS.match(text):
        text = f"{match['moment']}+{match['offset']}"
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), SHANGHAI)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput.one("start", "iso-8601", gettext(
            "start must be an ISO 8601 date or date and time, e.g. 2026-09-30 or 2026-09-30T10:00:00+08:00."
        )) from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=SHANGHAI)
    return moment.astimezone(SHANGHAI)


# --- counted time ---------------------------------------------------------------------------


class _AllTime:
    """Every second counts (natural days and hours)."""

    def between(self, begin: datetime, end: datetime) -> timedelta:
        return max(end - begin, timedelta())

    def advance(self, cursor: datetime, remaining: timedelta, until: datetime | None):
        """(the instant where ``remaining`` is reached, or None if not before ``until``; time used)."""
        if until is None or cursor + remaining <= until:
            return cursor + remaining, remaining
        return None, until - cursor


@dataclass(frozen=True)
class _WorkingTime:
    """Only seconds of working days count."""

    calendar: WorkCalendar

    def pieces(self, begin: datetime, end: datetime | None) -> Iterator[tuple[datetime, datetime]]:
        """The parts of [begin, end) that fall on working days, day by day."""
        day = local_date(begin)
        while end is None or midnight(day) < end:
            piece_begin = max(begin, midnight(day))
            piece_end = midnight(day + timedelta(days=1))
            if end is not None:
                piece_end = min(piece_end, end)
            if piece_begin < piece_end and self.calendar.is_workday(day):
                yield piece_begin, piece_end
            day += timedelta(days=1)

    def between(self, begin: datetime, end: datetime) -> timedelta:
        return sum((b - a for a, b in self.pieces(begin, end)), timedelta())

    def advance(self, cursor: datetime, remaining: timedelta, until: datetime | None):
        if not remaining:
            return cursor, remaining
        used = timedelta()
        for piece_begin, piece_end in self.pieces(cursor, until):
            if used + (piece_end - piece_begin) >= remaining:
                return piece_begin + (remaining - used), remaining
            used += piece_end - piece_begin
        return None, used


def _measure(unit: str, calendar: WorkCalendar):
    return _WorkingTime(calendar) if unit == WORKDAY else _AllTime()


def count_start(start: datetime, unit: str) -> datetime:
    """Where counting begins: 00:00 after the start day, or the start itself for hours (UTC)."""
    if unit == HOUR:
        return start.astimezone(UTC)
    return midnight(local_date(start) + timedelta(days=1))


def _merged(suspensions: Iterable[Suspension], floor: datetime) -> list[tuple[datetime, datetime | None]]:
    """Suspensions clipped to begin at ``floor`` or later, sorted, overlapping ones joined."""
    spans = []
    for begin, end in suspensions:
        begin = max(begin.astimezone(UTC), floor)
        end = None if end is None else end.astimezone(UTC)
        if end is None or end > begin:
            spans.append((begin, end))
    spans.sort(key=lambda span: span[0])
    merged: list[tuple[datetime, datetime | None]] = []
    for begin, end in spans:
        if merged and (merged[-1][1] is None or begin <= merged[-1][1]):
            last_begin, last_end = merged[-1]
            merged[-1] = (last_begin, None if end is None or last_end is None else max(last_end, end))
        else:
            merged.append((begin, end))
    return merged


def counted_time(begin: datetime, end: datetime, unit: str, calendar: WorkCalendar) -> timedelta:
    """The time in [begin, end) that the unit counts (working-day seconds for ``workday``)."""
    _check_unit(unit)
    return _measure(unit, calendar).between(begin.astimezone(UTC), end.astimezone(UTC))


def suspended_time(begin: datetime, end: datetime, unit: str, calendar: WorkCalendar,
                   suspensions: Iterable[Suspension] = ()) -> timedelta:
    """The counted time in [begin, end) that lies inside suspensions, overlaps counted once."""
    suspensions = _checked_suspensions(suspensions)
    begin, end = begin.astimezone(UTC), end.astimezone(UTC)
    measure = _measure(unit, calendar)
    total = timedelta()
    for span_begin, span_end in _merged(suspensions, begin):
        if span_begin >= end:
            break
        total += measure.between(span_begin, end if span_end is None else min(span_end, end))
    return total


def net_counted_time(start: datetime, unit: str, calendar: WorkCalendar, until: datetime,
                     suspensions: Iterable[Suspension] = ()) -> timedelta:
    """Counted time from the count start to ``until``, less the time in suspension."""
    suspensions = _checked_suspensions(suspensions)
    begin = count_start(start, unit)
    return counted_time(begin, until, unit, calendar) - suspended_time(begin, until, unit, calendar, suspensions)


# --- validation -----------------------------------------------------------------------------


def _check_unit(unit: str) -> None:
    if unit not in UNITS:
        raise InvalidInput.one("unit", "choice", gettext("unit must be one of: workday, day, hour."))


def _check(start: datetime, amount: int, unit: str) -> None:
    if not isinstance(start, datetime) or start.tzinfo is None:
        raise InvalidInput.one("start", "aware", gettext("start must be a date and time with its time zone."))
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= MAX_AMOUNT:
        raise InvalidInput.one(
            "amount", "range", gettext("amount must be a whole number from 0 to %(max)s.") % {"max": MAX_AMOUNT}
        )
    _check_unit(unit)


def _checked_suspensions(suspensions: Iterable[Suspension]) -> list[Suspension]:
    checked = list(suspensions)
    for begin, end in checked:
        if begin.tzinfo is None or (end is not None and end.tzinfo is None):
            raise InvalidInput.one(
                "suspensions", "aware", gettext("A suspension's begin and end must carry their time zone.")
            )
        if end is not None and end < begin:
            raise InvalidInput.one("suspensions", "order", gettext("A suspension must not end before it begins."))
    return checked


# --- deadlines ------------------------------------------------------------------------------


def due(start: datetime, amount: int, unit: str, calendar: WorkCalendar,
        suspensions: Iterable[Suspension] = ()) -> datetime | None:
    """The exclusive deadline (期限届满) in Asia/Shanghai, or None while an open suspension stops the clock."""
    _check(start, amount, unit)
    suspensions = _checked_suspensions(suspensions)
    begin = count_start(start, unit)
    measure = _measure(unit, calendar)
    remaining = amount * UNIT_LENGTH[unit]
    cursor = begin
    for span_begin, span_end in _merged(suspensions, begin):
        found, used = measure.advance(cursor, remaining, span_begin)
        if found is not None:
            break
        remaining -= used
        if span_end is None:
            return None
        cursor = span_end
    else:
        found, _ = measure.advance(cursor, remaining, None)
    if unit == DAY and amount:
        end_day = last_day(found)
        if not calendar.is_workday(end_day):
            end_day = calendar.next_workday(end_day)
        found = midnight(end_day + timedelta(days=1))
    return found.astimezone(SHANGHAI)


def elapsed_fraction(start: datetime, amount: int, unit: str, calendar: WorkCalendar, now: datetime,
                     suspensions: Iterable[Suspension] = ()) -> float:
    """Counted time elapsed at ``now`` over the period's counted time; 1.0 is the due, above is overdue.

    While an open suspension stops the clock the fraction stays where it was when it began.
    For natural days the period includes any days added by 民法典 第二百零三条; with the clock
    stopped those are not yet known and the period is taken as ``amount`` days.
    """
    if not isinstance(now, datetime) or now.tzinfo is None:
        raise InvalidInput.one("now", "aware", gettext("now must be a date and time with its time zone."))
    suspensions = _checked_suspensions(suspensions)
    deadline = due(start, amount, unit, calendar, suspensions)
    if deadline is None:
        total = amount * UNIT_LENGTH[unit]
    else:
        total = net_counted_time(start, unit, calendar, deadline, suspensions)
    if not total:
        return 1.0 if deadline is not None and now >= deadline else 0.0
    return net_counted_time(start, unit, calendar, now, suspensions) / total


# --- calendar entries -----------------------------------------------------------------------


def _error(field: str, rule: str, detail: str) -> dict:
    return {"field": field, "rule": rule, "detail": detail}


def calendar_year_errors(*, year, notice_title: str, notice_number: str = "", published_on: date | None = None,
                         source: str = "") -> list[dict]:
    """Every rule a year's notice breaks, each naming its field."""
    errors = []
    year_ok = isinstance(year, int) and not isinstance(year, bool) and FIRST_YEAR <= year <= LAST_YEAR
    if not year_ok:
        errors.append(_error("year", "range", gettext("year must be from %(first)s to %(last)s.")
                             % {"first": FIRST_YEAR, "last": LAST_YEAR}))
    if not (notice_title or "").strip():
        errors.append(_error("notice_title", "required", gettext("The notice title is required.")))
    for field, value, limit in (("notice_title", notice_title, NOTICE_TITLE_MAX),
                                ("notice_number", notice_number, NOTICE_NUMBER_MAX),
                                ("source", source, SOURCE_MAX)):
        if len(value or "") > limit:
            errors.append(_error(field, "max-length", gettext("%(field)s must be at most %(limit)s characters.")
                                 % {"field": field, "limit": limit}))
    if published_on is not None and year_ok and published_on > date(year, 12, 31):
        errors.append(_error("published_on", "published-before-year-end",
                             gettext("The notice must be published before the end of the year it arranges.")))
    return errors


def calendar_day_errors(*, day: date, kind: str, name: str = "", year: int | None = None) -> list[dict]:
    """Every rule a special day breaks: a known kind, make-up workdays on weekends, inside its year."""
    errors = []
    if kind not in DayKind.values:
        errors.append(_error("kind", "choice", gettext("kind must be holiday or makeup_workday.")))
    if kind == DayKind.MAKEUP_WORKDAY and day.weekday() < 5:
        errors.append(_error("date", "makeup-on-weekend",
                             gettext("A make-up workday must be a Saturday or a Sunday; %(date)s is a weekday.")
                             % {"date": day.isoformat()}))
    if year is not None and day.year != year:
        errors.append(_error("date", "date-in-year", gettext("%(date)s is not in %(year)s.")
                             % {"date": day.isoformat(), "year": year}))
    if len(name or "") > DAY_NAME_MAX:
        errors.append(_error("name", "max-length", gettext("name must be at most %(limit)s characters.")
                             % {"limit": DAY_NAME_MAX}))
    return errors
