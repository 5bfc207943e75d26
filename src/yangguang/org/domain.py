"""Where an enforcement certificate (执法证) stands on a day: one rule for the case steps that need
one, the register's pages and the prompt before it expires. Pure: no ORM, no clock."""

import datetime
from enum import StrEnum

WITHDRAWN_STATUSES = frozenset({"left", "lost", "transferred"})


class Standing(StrEnum):
    VALID = "valid"  # approved and in its validity
    EXPIRING = "expiring"  # valid, but expires within the prompt period (到期提醒)
    EXPIRED = "expired"  # approved, but past its validity or not yet valid (年检 overdue)
    PENDING = "pending"  # registered, awaiting the legal office's review
    SUSPENDED = "suspended"  # refused at review or failed the annual check
    WITHDRAWN = "withdrawn"  # left, lost or transferred
    NONE = "none"  # no certificate


def certificate_standing(number: str, status: str, valid_from: datetime.date | None,
                         valid_until: datetime.date | None, on: datetime.date, prompt_days: int) -> Standing:
    """The standing on ``on``; a certificate is usable (VALID or EXPIRING) only when approved and
    ``valid_from <= on <= valid_until``, both inclusive."""
    if not number or not status:
        return Standing.NONE
    if status in WITHDRAWN_STATUSES:
        return Standing.WITHDRAWN
    if status == "registered":
        return Standing.PENDING
    if status != "active":
        return Standing.SUSPENDED
    if valid_from is None or valid_until is None or not valid_from <= on <= valid_until:
        return Standing.EXPIRED
    if (valid_until - on).days < prompt_days:
        return Standing.EXPIRING
    return Standing.VALID


def usable(standing: Standing) -> bool:
    """May act on enforcement steps."""
    return standing in (Standing.VALID, Standing.EXPIRING)
