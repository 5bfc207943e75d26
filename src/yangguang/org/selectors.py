"""Readers of the certificate register: ``standing_q`` is ``domain.certificate_standing`` as a
filter, for lists and counts in SQL (the tests hold the two to the same answers)."""

import datetime

from django.conf import settings
from django.db.models import Q

from .domain import WITHDRAWN_STATUSES, Standing


def standing_q(standing: Standing, on: datetime.date, prompt_days: int | None = None) -> Q:
    """Officers whose certificate has ``standing`` on ``on``."""
    if prompt_days is None:
        prompt_days = settings.YANGGUANG_CERTIFICATE_PROMPT_DAYS
    has = ~Q(certificate_no="") & ~Q(certificate_status="")
    active = has & Q(certificate_status="active")
    in_force = active & Q(certificate_valid_from__lte=on, certificate_valid_until__gte=on)
    soon = on + datetime.timedelta(days=prompt_days)
    return {
        Standing.NONE: Q(certificate_no="") | Q(certificate_status=""),
        Standing.WITHDRAWN: has & Q(certificate_status__in=WITHDRAWN_STATUSES),
        Standing.PENDING: has & Q(certificate_status="registered"),
        Standing.SUSPENDED: has & Q(certificate_status__in=("refused", "failed")),
        Standing.EXPIRED: active & ~Q(certificate_valid_from__lte=on, certificate_valid_until__gte=on),
        Standing.EXPIRING: in_force & Q(certificate_valid_until__lt=soon),
        Standing.VALID: in_force & Q(certificate_valid_until__gte=soon),
    }[standing]
