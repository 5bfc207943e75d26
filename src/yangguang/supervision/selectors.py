"""Readers of electronic supervision: alerts a user may see, and the last sweep."""

import hmac

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from yangguang.cases.selectors import case_by_number
from yangguang.cases.services import query_code_hash
from yangguang.core.errors import InvalidInput
from yangguang.org.models import Department, Officer, Role
from yangguang.org.rules import department_filter, scope_of

from . import domain, rules
from .errors import AlertNotFound, ComplaintNotFound, OrderNotFound, RuleNotFound
from .models import (
    Alert,
    AlertRule,
    Complaint,
    ComplaintAction,
    Notification,
    SupervisionOrder,
    SweepRun,
)


def alert_list_for(user, *, level: str = "", status: str = ""):
    """Supervisors see the alerts of their region's departments, heads those of their department."""
    scope = scope_of(user)
    alerts = Alert.objects.select_related("rule", "case", "department__region", "token__step", "complaint")
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


# --- readers for the supervision dashboard (HTML pages) --------------------------------------

DASHBOARD_ROLES = (Role.SUPERVISOR, Role.ADMINISTRATOR)


def dashboard_allowed(user) -> bool:
    """Supervisors (纪检监察) and administrators of a region see its dashboard."""
    scope = scope_of(user)
    return scope.superuser or any(role in scope.roles for role in DASHBOARD_ROLES)


def _supervised(user, path: str = "department") -> Q:
    """The departments of the regions the user supervises or administers."""
    scope = scope_of(user)
    if scope.superuser:
        return Q()
    condition = Q(pk__in=[])
    for role in DASHBOARD_ROLES:
        if role in scope.roles:
            condition |= department_filter(user, role, path)
    return condition


def light_filters(now) -> dict:
    """SQL conditions on open cases for each light at ``now``, from the dues and the clock.

    Red: the committed or statutory due has passed (as ``cases.selectors.case_light``). The
    instant a case turns yellow is not stored, so yellow is a case not red whose share of the
    committed limit (rule T03) has been reached, as recorded by the sweep; green is the rest."""
    from . import domain

    counted = Q(clock_start__isnull=False)
    red = counted & (Q(committed_due__lte=now) | Q(statutory_due__lte=now))
    not_red = Q(clock_start__isnull=True) | (
        (Q(committed_due__isnull=True) | Q(committed_due__gt=now))
        & (Q(statutory_due__isnull=True) | Q(statutory_due__gt=now)))
    share_reached = Q(pk__in=Alert.objects.filter(rule__code=domain.CASE_SHARE).values("case_id"))
    yellow = counted & not_red & share_reached
    green = not_red & ~(counted & share_reached)
    return {"red": red, "yellow": yellow, "green": green}


def supervised_open_cases(user):
    """The open cases of the departments the user supervises."""
    from yangguang.cases.domain import OPEN_STATES
    from yangguang.cases.models import Case

    if not dashboard_allowed(user):
        return Case.objects.none()
    return Case.objects.filter(state__in=OPEN_STATES).filter(_supervised(user))


def light_counts(user, now, by: str = "department", limit: int | None = None) -> list[dict]:
    """Open cases by light per ``department`` or ``power``, counted in SQL, most red first."""
    from django.db.models import Count

    lights = light_filters(now)
    key = {"department": ("department_id", "department__name", "department__short_name"),
           "power": ("power_id", "power__code", "power__published_version__name")}[by]
    rows = (supervised_open_cases(user).values(*key)
            .annotate(red=Count("pk", filter=lights["red"]), yellow=Count("pk", filter=lights["yellow"]),
                      total=Count("pk"))
            .order_by("-red", "-yellow", "-total", key[1]))
    if limit:
        rows = rows[:limit]
    found = []
    for row in rows:
        found.append({"id": row[key[0]], "label": row[key[1]], "name": row[key[2]] or "", "red": row["red"], "yellow": row["yellow"],
                      "green": row["total"] - row["red"] - row["yellow"], "total": row["total"]})
    return found


def light_totals(user, now) -> dict:
    from django.db.models import Count

    lights = light_filters(now)
    totals = supervised_open_cases(user).aggregate(
        red=Count("pk", filter=lights["red"]), yellow=Count("pk", filter=lights["yellow"]), total=Count("pk"))
    totals["green"] = totals["total"] - totals["red"] - totals["yellow"]
    return totals


def supervised_alerts(user):
    """Alerts of the departments the user supervises, newest first."""
    if not dashboard_allowed(user):
        return Alert.objects.none()
    return (Alert.objects.filter(_supervised(user)).select_related("rule", "case__power", "department", "complaint")
            .order_by("-raised_at", "-id"))


def alert_counts(user, since) -> tuple[list[dict], list[dict]]:
    """Alerts raised since ``since``: (per department and level, per local day and level)."""
    from django.db.models import Count
    from django.db.models.functions import TruncDate
    from django.utils import timezone

    alerts = supervised_alerts(user).filter(raised_at__gte=since).order_by()
    by_department = list(alerts.values("department_id", "department__name", "level").annotate(n=Count("pk"))
                         .order_by("department__name", "level"))
    by_day = list(alerts.annotate(day=TruncDate("raised_at", tzinfo=timezone.get_current_timezone()))
                  .values("day", "level").annotate(n=Count("pk")).order_by("day", "level"))
    return by_department, by_day


def supervised_departments(user, *, headed: bool = False):
    """The departments of the regions the user supervises or administers; with ``headed`` also the
    ones the user heads (whose performance a head sees)."""
    scope = scope_of(user)
    departments = Department.objects.select_related("region")
    if scope.superuser:
        return departments
    condition = Q(pk__in=list(scope.departments.get(Role.DEPARTMENT_HEAD, ())) if headed else [])
    for role in DASHBOARD_ROLES:
        for prefix in scope.regions.get(role, ()):
            condition |= Q(region__code__startswith=prefix)
    return departments.filter(condition)


# --- the alert lifecycle, supervision orders and notifications --------------------------------------


def department_by_code(full_code: str, within=None) -> Department | None:
    """A department by its full code ``<region code>-<department code>`` (e.g. ``320100-012``),
    among the departments ``within`` (a queryset; all of them when None)."""
    region_code, _sep, code = (full_code or "").partition("-")
    departments = Department.objects.select_related("region") if within is None else within
    return departments.filter(region__code=region_code, code=code).first()


def alert_visible_for(user, *, level: str = "", status: str = ""):
    """``alert_list_for`` and, for an officer, the alerts on the steps of their department's posts
    (whose holders are asked to explain or correct them)."""
    alerts = alert_list_for(user, level=level, status=status)
    scope = scope_of(user)
    if scope.superuser or not scope.officer_department_id or not scope.post_ids:
        return alerts
    own = Alert.objects.filter(department_id=scope.officer_department_id, token__step__post_id__in=scope.post_ids)
    if level:
        own = own.filter(level=level)
    if status:
        own = own.filter(status=status)
    return alerts | own


def alert_get_for(user, alert_id: int) -> Alert:
    """One alert the user may see (else not found: existence is not disclosed)."""
    alert = alert_visible_for(user).filter(pk=alert_id).first()
    if alert is None:
        raise AlertNotFound(_("No alert %(id)s.") % {"id": alert_id}, field="id", rule="visible")
    return alert


def order_list_for(user, *, status: str = ""):
    """Supervisors see the orders on their region's departments, heads those on their department."""
    scope = scope_of(user)
    orders = SupervisionOrder.objects.select_related("department__region", "region", "alert", "parent", "complaint")
    if not scope.superuser:
        if not scope.authenticated:
            return orders.none()
        condition = Q(pk__in=[]) | department_filter(user, Role.DEPARTMENT_HEAD)
        if Role.SUPERVISOR in scope.roles:
            condition |= department_filter(user, Role.SUPERVISOR)
        orders = orders.filter(condition)
    if status:
        orders = orders.filter(status=status)
    return orders


def order_get_for(user, order_id: int) -> SupervisionOrder:
    order = order_list_for(user).filter(pk=order_id).first()
    if order is None:
        raise OrderNotFound(_("No supervision order %(id)s.") % {"id": order_id}, field="id", rule="visible")
    return order


def notification_list_for(user, *, unread: bool = False):
    """The user's own notifications, newest first."""
    notifications = Notification.objects.filter(user=user) if user.is_authenticated else Notification.objects.none()
    return notifications.filter(read_at__isnull=True) if unread else notifications


# --- complaints (投诉) -----------------------------------------------------------------------------


def complaint_list_for(user, *, status: str = "", kind: str = ""):
    """Supervisors see the complaints about their region's departments; nobody else (a report is
    confidential, and the department learns of a complaint through its supervision orders)."""
    scope = scope_of(user)
    complaints = Complaint.objects.select_related("department__region", "case", "officer__user", "officer__department")
    if not scope.superuser:
        if Role.SUPERVISOR not in scope.roles:
            return complaints.none()
        complaints = complaints.filter(department_filter(user, Role.SUPERVISOR))
    if status:
        complaints = complaints.filter(status=status)
    if kind:
        complaints = complaints.filter(kind=kind)
    return complaints


def complaint_record() -> tuple[Prefetch, Prefetch]:
    """The prefetches of a complaint's record (its actions with their actor, in order) and of its
    supervision orders (oldest first), for ``prefetch_related``."""
    return (Prefetch("actions", queryset=ComplaintAction.objects.select_related("actor")),
            Prefetch("orders", queryset=SupervisionOrder.objects.order_by("issued_at", "id")))


def complaint_get_for(user, number: str) -> Complaint:
    complaint = complaint_list_for(user).filter(number=number).first()
    if complaint is None:
        raise ComplaintNotFound(_("No complaint %(number)s.") % {"number": number}, field="number", rule="visible")
    return complaint


def complaint_public_get(number: str, code: str) -> Complaint:
    """A complaint by its number and tracking code (投诉查询); the same refusal for a wrong code and
    a missing complaint."""
    complaint = Complaint.objects.select_related("department").filter(number=(number or "").strip()).first()
    if complaint is None or not hmac.compare_digest(complaint.code_hash, query_code_hash(complaint.number, code or "")):
        raise ComplaintNotFound(_("No complaint with this number and code."), field="code", rule="number-and-code")
    return complaint


def officer_by_certificate(number: str) -> Officer | None:
    """The officer holding an enforcement certificate (执法证) number, as the public names them."""
    return Officer.objects.select_related("department__region").filter(certificate_no=(number or "").strip()).first()


def officer_of_department(department, officer_id: int) -> Officer:
    officer = Officer.objects.filter(pk=officer_id, department=department).first()
    if officer is None:
        raise InvalidInput.one("officer", "officer-department", _("No officer %(id)s in the department.") % {
            "id": officer_id})
    return officer


def rule_codes() -> dict[str, str]:
    """{code: name} of every alert rule, for filters."""
    return dict(AlertRule.objects.order_by("code").values_list("code", "name"))


def alert_actions_open(user, alert: Alert) -> list[str]:
    """The lifecycle actions ``user`` may take on ``alert`` in its status (``domain.ALERT_TRANSITIONS``)."""
    sides = {domain.DEPARTMENT_SIDE: rules.on_department_side(user, alert),
             domain.SUPERVISOR_SIDE: rules.supervises(user, alert.department)}
    return [action for action in domain.ALERT_TRANSITIONS
            if (step := domain.alert_transition(action, alert.status)) is not None and sides[step[0]]]


def order_chain(user, order: SupervisionOrder) -> list[SupervisionOrder]:
    """The order with the orders it was escalated from and those escalated from it, oldest first,
    as far as ``user`` may see them."""
    visible = order_list_for(user)
    chain, current = [order], order
    while current.parent_id is not None and (parent := visible.filter(pk=current.parent_id).first()) is not None:
        chain.insert(0, parent)
        current = parent
    current = order
    while (child := visible.filter(parent=current).first()) is not None:
        chain.append(child)
        current = child
    return chain


def department_of_officer(user) -> Department | None:
    """The department the user works in as an officer (None when not an officer)."""
    department_id = scope_of(user).officer_department_id
    return Department.objects.select_related("region").filter(pk=department_id).first() if department_id else None


def rule_get(code: str) -> AlertRule:
    rule = AlertRule.objects.filter(code=code).first()
    if rule is None:
        raise RuleNotFound(_("No alert rule %(code)s.") % {"code": code}, field="code", rule="exists")
    return rule


def rules_with_history():
    """Every rule with its last changes (who, when, what it was set to), newest first."""
    rules = list(AlertRule.objects.order_by("code"))
    changes: dict[int, list] = {}
    for change in AlertRule.history.select_related("history_user").order_by("-history_date", "-history_id"):
        changes.setdefault(change.id, []).append(change)
    for rule in rules:
        rule.changes = changes.get(rule.pk, [])
    return rules


def complaint_subject(*, case: str | None, department: str | None, officer_certificate: str | None) -> dict:
    """The case, department and officer a complaint names, looked up from what the public knows."""
    found = {"case": None, "department": None, "officer": None}
    if case:
        found["case"] = case_by_number(case)
        if found["case"] is None:
            raise InvalidInput.one("case", "exists", _("No case with number %(number)s.") % {"number": case})
    if department:
        found["department"] = department_by_code(department)
        if found["department"] is None:
            raise InvalidInput.one("department", "exists", _("No department with code %(code)s.") % {"code": department})
    if officer_certificate:
        found["officer"] = officer_by_certificate(officer_certificate)
        if found["officer"] is None:
            raise InvalidInput.one("officer_certificate", "exists",
                                   _("No officer with enforcement certificate %(number)s.") % {"number": officer_certificate})
    return found
