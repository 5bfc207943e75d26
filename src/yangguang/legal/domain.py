"""Pure logic of legal-affairs supervision (政府法制监督), no ORM and no clock: which penalty is
major, the deadlines of filings and appeals, and the overturn rate."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from yangguang.worktime.domain import DAY, WORKDAY, WorkCalendar, due, midnight

PERSON, ORGANISATION = "person", "organisation"
FINE, REVOCATION, OTHER = "fine", "revocation", "other"


@dataclass(frozen=True)
class Threshold:
    """A department's filing scope: fine limits (None: fines are never major), revocation, other kinds."""

    fine_person: Decimal | None
    fine_organisation: Decimal | None
    revocation: bool
    other_kinds: tuple[str, ...] = ()


def major_reasons(threshold: Threshold | None, *, party_kind: str, penalty_kind: str,
                  amount: Decimal | None) -> list[dict]:
    """Why a granted penalty decision is major, [] when it is not. A fine is major only when it is
    strictly above the limit for the party's kind (备案范围: "罚款超过限额")."""
    if threshold is None:
        return []
    reasons = []
    limit = threshold.fine_person if party_kind == PERSON else threshold.fine_organisation
    if amount is not None and limit is not None and amount > limit:
        reasons.append({"kind": FINE, "amount": str(amount), "limit": str(limit), "party": party_kind})
    kind = penalty_kind or ""
    if threshold.revocation and "吊销" in kind:
        reasons.append({"kind": REVOCATION, "penalty": kind})
    for other in threshold.other_kinds:
        if other and other in kind:
            reasons.append({"kind": OTHER, "penalty": kind, "matched": other})
    return reasons


def penalty_filing_due(decided_at: datetime, workdays: int, calendar: WorkCalendar) -> datetime:
    """The filing is due ``workdays`` working days after the decision (counted from the next day)."""
    return due(decided_at, workdays, WORKDAY, calendar)


def days_due(start: datetime, days: int, calendar: WorkCalendar) -> datetime:
    """``days`` calendar days after ``start`` (counted from the next day)."""
    return due(start, days, DAY, calendar)


def document_filing_due(published_on: date, days: int, calendar: WorkCalendar) -> datetime:
    """A document is filed within ``days`` days after its publication (counted from the next day)."""
    return due(midnight(published_on), days, DAY, calendar)


def overturn_rate(concluded: int, overturned: int) -> float | None:
    """Share of concluded appeals that revoked, changed or found the decision unlawful (否定率)."""
    return overturned / concluded if concluded else None
