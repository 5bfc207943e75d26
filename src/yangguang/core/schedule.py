"""The timetable of periodic background jobs (定时任务): when a job is next due, as pure functions of
(rule, last run, now) that never read the clock, and the entries that apps list in their
``tasks.py`` as ``SCHEDULE``. ``yangguang worker`` is the one scheduler that reads them.

A missed run is made up once, not once per missed slot (Quartz's "fire once now"): a worker that
was down over a monthly slot runs the job when it comes back, for the latest slot only.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")  # the platform's zone (settings.TIME_ZONE); core imports no app


@dataclass(frozen=True)
class Every:
    """Every ``seconds``, counted from the last run; a job never run is due at once."""

    seconds: float

    def __post_init__(self):
        if not self.seconds > 0:
            raise ValueError(f"Every(seconds={self.seconds!r}): the interval must be positive")

    def latest(self, now: datetime.datetime) -> datetime.datetime:
        return now

    def after(self, last: datetime.datetime) -> datetime.datetime:
        return last + datetime.timedelta(seconds=self.seconds)

    def __str__(self):
        return f"every {self.seconds:g} s"


@dataclass(frozen=True)
class Monthly:
    """On ``day`` of every month at ``at`` (wall clock in Asia/Shanghai)."""

    day: int
    at: datetime.time

    def __post_init__(self):
        if not 1 <= self.day <= 28:
            raise ValueError(f"Monthly(day={self.day!r}): a day every month has, 1 to 28")

    def _slot(self, year: int, month: int) -> datetime.datetime:
        return datetime.datetime.combine(datetime.date(year, month, self.day), self.at, SHANGHAI)

    def latest(self, now: datetime.datetime) -> datetime.datetime:
        """The last slot at or before ``now``."""
        local = now.astimezone(SHANGHAI)
        slot = self._slot(local.year, local.month)
        if slot > now:
            year, month = (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)
            slot = self._slot(year, month)
        return slot

    def after(self, last: datetime.datetime) -> datetime.datetime:
        """The first slot strictly after ``last``."""
        local = last.astimezone(SHANGHAI)
        slot = self._slot(local.year, local.month)
        if slot <= last:
            year, month = (local.year, local.month + 1) if local.month < 12 else (local.year + 1, 1)
            slot = self._slot(year, month)
        return slot

    def __str__(self):
        return f"monthly on day {self.day} at {self.at:%H:%M}"


Rule = Every | Monthly


def next_due(rule: Rule, last: datetime.datetime | None, now: datetime.datetime) -> datetime.datetime:
    """When the job is next due, given its last run (None: never) and ``now``; due when ``<= now``.

    Never run: due at the latest slot at or before ``now`` (at once for ``Every``), so that a
    fresh installation makes up the slot it just missed."""
    return rule.latest(now) if last is None else rule.after(last)


def previous_month(instant: datetime.datetime) -> datetime.date:
    """The first day of the month before ``instant``'s month in Asia/Shanghai."""
    first = instant.astimezone(SHANGHAI).date().replace(day=1)
    return (first - datetime.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class Entry:
    """One line of a schedule: enqueue ``task`` by ``rule``, with the keyword arguments that
    ``kwargs`` makes of the slot being run (JSON values: they are stored with the task)."""

    task: object  # a django.tasks Task
    rule: Rule
    kwargs: Callable[[datetime.datetime], dict] = field(default=lambda slot: {})

    @property
    def name(self) -> str:
        return self.task.module_path
