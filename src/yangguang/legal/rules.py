"""Who acts in legal-affairs supervision: the legal office over its region, the department for itself."""

from yangguang.org.models import Role
from yangguang.org.rules import (
    department_filter,
    has_role,
    holds_for_department,
    scope_of,
)


def files_for(user, department) -> bool:
    """The department's head or one of its officers files its documents and penalties."""
    scope = scope_of(user)
    return (scope.superuser or scope.officer_department_id == department.pk
            or holds_for_department(user, Role.DEPARTMENT_HEAD, department))


def legal_office(user) -> bool:
    return has_role(user, Role.LEGAL_OFFICE)


def visibility(user, path: str = "department"):
    """A filter on ``path`` for the departments a user sees here: the legal office's and supervisors'
    regions, the departments a user heads and the officer's own."""
    from django.db.models import Q

    scope = scope_of(user)
    if scope.superuser:
        return Q()
    condition = department_filter(user, Role.LEGAL_OFFICE, path) | department_filter(user, Role.SUPERVISOR, path)
    condition |= department_filter(user, Role.DEPARTMENT_HEAD, path)
    if scope.officer_department_id:
        condition |= Q(**{path: scope.officer_department_id})
    return condition


def sees_pages(user) -> bool:
    scope = scope_of(user)
    return (scope.superuser or scope.officer_department_id is not None
            or bool({Role.LEGAL_OFFICE, Role.SUPERVISOR, Role.DEPARTMENT_HEAD} & scope.roles))


def department_visibility(user):
    """A filter on departments themselves, as ``visibility`` is on their records."""
    from django.db.models import Q

    scope = scope_of(user)
    if scope.superuser:
        return Q()
    condition = Q(pk__in=list(scope.departments.get(Role.DEPARTMENT_HEAD, ())))
    if scope.officer_department_id:
        condition |= Q(pk=scope.officer_department_id)
    for role in (Role.LEGAL_OFFICE, Role.SUPERVISOR):
        for prefix in scope.regions.get(role, ()):
            condition |= Q(region__code__startswith=prefix)
    return condition
