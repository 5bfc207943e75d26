"""Readers of electronic supervision: alerts a user may see, and the last sweep."""

from django.db.models import Q

from yangguang.org.models import Role
from yangguang.org.rules import department_filter, scope_of

from .models import Alert, SweepRun


def alert_list_for(user, *, level: str = "", status: str = ""):
    """Supervisors see the alerts of their region's departments, heads those of their department."""
    scope = scope_of(user)
    alerts = Alert.objects.select_related("rule", "case", "department", "token")
    if not scope.superuser:
        if not scope.authenticated:
            return alerts.none()
        condition = Q(pk__in=[]) | department_filter(user, Role.DEPARTMENT_HEAD)
        if Role.SUPERVISOR in scope.roles:
            condition |= department_filter(user, Role.SUPERVISOR)
        alerts = alerts.filter(condition)
    if level:
        alerts = alerts.filter(level=level)
    if status:
        alerts = alerts.filter(status=status)
    return alerts


def sweep_last() -> SweepRun | None:
    """The most recent finished sweep, for the dashboard's "last run"."""
    return SweepRun.objects.filter(finished_at__isnull=False).order_by("-started_at", "-id").first()
