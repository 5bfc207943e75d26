"""Who may see and change the catalog."""

import rules
from django.db.models import Q

from yangguang.org.models import REGION_ROLES, Role
from yangguang.org.rules import department_filter, holds_for_department, is_legal_office_for, scope_of

from .models import Disclosure


def is_clerk_for(user, department) -> bool:
    """The department's catalog clerk (部门目录管理员) drafts and submits its powers."""
    return holds_for_department(user, Role.CATALOG_CLERK, department)


def can_see_drafts(user, department) -> bool:
    """Staff who see a department's unpublished versions and review history."""
    scope = scope_of(user)
    return (
        scope.superuser
        or scope.officer_department_id == department.pk
        or any(holds_for_department(user, role, department) for role in (Role.CATALOG_CLERK, Role.DEPARTMENT_HEAD, *REGION_ROLES))
    )


def power_visibility(user) -> Q:
    """Powers a user may see: published public ones for everyone, all of their own scope for staff."""
    public = Q(published_version__isnull=False, revoked_at__isnull=True, published_version__disclosure=Disclosure.PUBLIC)
    scope = scope_of(user)
    if scope.superuser:
        return Q()
    condition = public
    if scope.officer_department_id:
        condition |= Q(department_id=scope.officer_department_id)
    for role in (Role.CATALOG_CLERK, Role.DEPARTMENT_HEAD, *REGION_ROLES):
        if role in scope.roles:
            condition |= department_filter(user, role)
    return condition


@rules.predicate
def clerk_of_power_department(user, power):
    return power is not None and is_clerk_for(user, power.department)


@rules.predicate
def legal_office_of_power_department(user, power):
    return power is not None and is_legal_office_for(user, power.department)


rules.add_perm("catalog.edit_power", clerk_of_power_department)
rules.add_perm("catalog.review_power", legal_office_of_power_department)
