"""Background tasks of electronic supervision (电子监察后台任务): thin ``django.tasks`` wrappers over
the services, and ``SCHEDULE``, the periodic jobs that ``yangguang worker`` enqueues.

Arguments are JSON (they are stored with the task): instants as ISO 8601 text, None for the
clock when the task runs."""

import datetime

from django.conf import settings
from django.tasks import task

from yangguang.core.schedule import Entry, Every, Monthly, previous_month
from yangguang.worktime.domain import parse_start

from . import services


def _instant(value: str | None) -> datetime.datetime | None:
    return parse_start(value) if value else None


@task
def sweep(now: str | None = None, full: bool = False) -> dict:
    """The sweep (监察扫描) then the escalation of overdue supervision orders, as ``yangguang sweep``."""
    run = services.sweep(now=_instant(now), full=full)
    escalated = services.orders_escalate(run.now)
    return {"now": run.now.isoformat(timespec="seconds"), "checked": run.checked, "raised": run.raised,
            "escalated": escalated}


@task
def quantitative_run(month: str, now: str | None = None) -> int:
    """The monthly quantitative analysis (定量分析) of ``month`` (its first day)."""
    return services.quantitative_run(month=datetime.date.fromisoformat(month), now=_instant(now))


# The periodic jobs, one line each (see ``yangguang.core.schedule``). The monthly rules run at
# 06:00 on the 3rd for the month before (DOMAIN.md §4.5), at the clock of the run.
SCHEDULE = [
    Entry(sweep, Every(seconds=settings.YANGGUANG_SWEEP_SECONDS)),
    Entry(quantitative_run, Monthly(day=3, at=datetime.time(6)),
          kwargs=lambda slot: {"month": previous_month(slot).isoformat()}),
]
