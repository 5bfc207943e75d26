"""Background tasks of legal-affairs supervision (法制监督后台任务): the sweep raising rules L01 and
L02, the reminders before enforcement certificates expire, and ``SCHEDULE``, collected by
``yangguang worker``."""

from django.conf import settings
from django.tasks import task

from yangguang.core.schedule import Entry, Every
from yangguang.worktime.domain import parse_start

from . import services


@task
def legal_sweep(now: str | None = None) -> dict:
    """Raise L01 (major penalty unfiled) and L02 (correction unanswered), as ``services.legal_sweep``."""
    return services.legal_sweep(now=parse_start(now) if now else None)


@task
def certificates_prompt(now: str | None = None) -> int:
    """Remind holders, heads and the legal office of certificates due to expire, as ``services.certificates_prompt``."""
    return services.certificates_prompt(now=parse_start(now) if now else None)


SCHEDULE = [
    Entry(legal_sweep, Every(seconds=settings.YANGGUANG_SWEEP_SECONDS)),
    Entry(certificates_prompt, Every(seconds=3600)),
]
