"""Who may act on what in electronic supervision: the department side of an alert (the officers
holding the step's post, and the department's head) and the supervisors over a department."""

from yangguang.org.models import Role
from yangguang.org.rules import holds_for_department, scope_of


def on_department_side(user, alert) -> bool:
    """The head of the alert's department, or an officer there holding the alerted step's post."""
    if holds_for_department(user, Role.DEPARTMENT_HEAD, alert.department):
        return True
    scope = scope_of(user)
    return (alert.token_id is not None and scope.officer_department_id == alert.department_id
            and alert.token.step.post_id in scope.post_ids)


def supervises(user, department) -> bool:
    """A supervisor over the department's region (or an administrator)."""
    return holds_for_department(user, Role.SUPERVISOR, department)


def heads(user, department) -> bool:
    return holds_for_department(user, Role.DEPARTMENT_HEAD, department)


def supervises_level(user, region) -> bool:
    """A supervisor of ``region``'s level or above: who concludes an order issued at that level."""
    scope = scope_of(user)
    return scope.superuser or any(region.code.startswith(prefix) for prefix in scope.regions.get(Role.SUPERVISOR, ()))
