"""Who may draft, review and see discretion benchmarks: the catalog's review roles."""

from yangguang.catalog.rules import can_see_drafts, is_clerk_for
from yangguang.org.rules import is_legal_office_for


def can_draft(user, power) -> bool:
    """The department's catalog clerk, or the legal office of its region, drafts and submits."""
    return is_clerk_for(user, power.department) or is_legal_office_for(user, power.department)


def can_review(user, power) -> bool:
    """The legal office (法制办) of the department's region returns and publishes."""
    return is_legal_office_for(user, power.department)


def can_see_open(user, power) -> bool:
    """Staff who see drafts and submissions, besides the published versions everyone sees."""
    return can_see_drafts(user, power.department)
