"""Who may do what, as predicates on a user's department and region.

A user's scope is read once per request and kept on the user object; every predicate and
visibility filter in the platform is built from it.
"""

from dataclasses import dataclass, field

import rules
from django.db.models import Q

from .models import DEPARTMENT_ROLES, REGION_ROLES, Officer, Role, RoleAssignment


@dataclass(frozen=True)
class Scope:
    """The departments and regions a user acts in, by role."""

    authenticated: bool = False
    superuser: bool = False
    officer_department_id: int | None = None
    post_ids: frozenset[int] = frozenset()
    departments: dict = field(default_factory=dict)  # Role -> frozenset of department ids
    regions: dict = field(default_factory=dict)  # Role -> tuple of region code prefixes
    roles: frozenset = frozenset()


def scope_of(user) -> Scope:
    if user is None or not user.is_authenticated:
        return Scope()
    cached = getattr(user, "_yangguang_scope", None)
    if cached is not None:
        return cached
    departments: dict = {}
    regions: dict = {}
    roles = set()
    for assignment in RoleAssignment.objects.filter(user=user).select_related("region"):
        role = Role(assignment.role)
        roles.add(role)
        if role in DEPARTMENT_ROLES:
            departments[role] = departments.get(role, frozenset()) | {assignment.department_id}
        elif role in REGION_ROLES:
            regions[role] = regions.get(role, ()) + (assignment.region.scope_prefix,)
    officer = Officer.objects.filter(user=user).first()
    scope = Scope(
        authenticated=True,
        superuser=user.is_superuser,
        officer_department_id=officer.department_id if officer else None,
        post_ids=frozenset(officer.posts.values_list("id", flat=True)) if officer else frozenset(),
        departments=departments,
        regions=regions,
        roles=frozenset(roles),
    )
    user._yangguang_scope = scope
    return scope


def forget_scope(user) -> None:
    """Drop the cached scope after the user's roles change."""
    user.__dict__.pop("_yangguang_scope", None)


def has_role(user, role: Role) -> bool:
    scope = scope_of(user)
    return scope.superuser or role in scope.roles


def holds_for_department(user, role: Role, department) -> bool:
    """The user holds ``role`` for this department (directly, or over its region)."""
    scope = scope_of(user)
    if scope.superuser:
        return True
    if department is None:
        return False
    if role in DEPARTMENT_ROLES:
        return department.pk in scope.departments.get(role, ())
    code = department.region.code
    return any(code.startswith(prefix) for prefix in scope.regions.get(role, ()))


def department_filter(user, role: Role, path: str = "department") -> Q:
    """A filter on ``path`` (a department relation) for the departments ``role`` reaches."""
    scope = scope_of(user)
    if scope.superuser:
        return Q()
    if role in DEPARTMENT_ROLES:
        return Q(**{f"{path}__in": list(scope.departments.get(role, ()))})
    prefixes = scope.regions.get(role, ())
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(**{f"{path}__region__code__startswith": prefix})
    return condition


def officer_visibility(user) -> Q:
    """Officers a user may see: colleagues in their department; all in a supervised region."""
    scope = scope_of(user)
    if scope.superuser:
        return Q()
    condition = Q(pk__in=[])
    if scope.officer_department_id:
        condition |= Q(department_id=scope.officer_department_id)
    condition |= department_filter(user, Role.DEPARTMENT_HEAD)
    for role in REGION_ROLES:
        if role in scope.roles:
            condition |= department_filter(user, role)
    return condition


@rules.predicate
def is_administrator(user):
    return has_role(user, Role.ADMINISTRATOR)


@rules.predicate
def is_officer(user):
    return scope_of(user).officer_department_id is not None


rules.add_perm("org.manage_reference_data", is_administrator)


def is_legal_office_for(user, department) -> bool:
    """The legal office (法制机构) of the department's region: it reviews and publishes the catalog
    and discretion benchmarks, reviews filings and appeals, and keeps the certificate register
    (reviews certificates and holds the annual check)."""
    return holds_for_department(user, Role.LEGAL_OFFICE, department)


def reports_certificates_for(user, department) -> bool:
    """The department's head registers its officers' certificates and reports leaving and loss;
    the legal office over it may too."""
    return holds_for_department(user, Role.DEPARTMENT_HEAD, department) or is_legal_office_for(user, department)


def holders_over(role: Role, regions) -> dict[int, set[int]]:
    """{region id: user ids holding the region role ``role`` over it} for the given regions (one query)."""
    regions = list(regions)
    found = {region.pk: set() for region in regions}
    for assignment in RoleAssignment.objects.filter(role=role, region__isnull=False).select_related("region"):
        for region in regions:
            if region.code.startswith(assignment.region.scope_prefix):
                found[region.pk].add(assignment.user_id)
    return found
