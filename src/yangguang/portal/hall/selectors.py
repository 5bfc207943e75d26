"""Readers of the hall: the live figures of a power shown on its guide page (办事指南)."""

from datetime import datetime

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone

from yangguang.cases.domain import COMPLETED
from yangguang.cases.models import Case
from yangguang.worktime.domain import SHANGHAI


def power_figures(power, now: datetime | None = None) -> dict:
    """This year's cases of ``power`` (Asia/Shanghai calendar year): received, completed, the
    average time from receipt to completion, and the share completed by the committed due.
    One aggregate query over the (power, received_at) index."""
    now = (now or timezone.now()).astimezone(SHANGHAI)
    year_start = now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    completed = Q(state=COMPLETED, completed_at__isnull=False)
    figures = Case.objects.filter(power=power, received_at__gte=year_start, received_at__lte=now).aggregate(
        received=Count("pk"),
        completed=Count("pk", filter=completed),
        on_time=Count("pk", filter=completed & Q(committed_due__isnull=False, completed_at__lte=F("committed_due"))),
        timed=Count("pk", filter=completed & Q(committed_due__isnull=False)),
        average=Avg(ExpressionWrapper(F("completed_at") - F("received_at"), output_field=DurationField()),
                    filter=completed),
    )
    figures["year"] = now.year
    figures["on_time_percent"] = round(100 * figures["on_time"] / figures["timed"], 1) if figures["timed"] else None
    return figures
