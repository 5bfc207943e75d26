"""HTML pages of electronic supervision (电子监察): the dashboard of live lights and alerts, the
cases behind each figure, and the alert list as an Excel workbook.

Lights are counted in SQL from the dues and the clock (``selectors.light_filters``); every
figure links to ``case_list`` with the same filter.
"""

import io
from datetime import date, datetime, time, timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from yangguang.cases import selectors as case_selectors
from yangguang.cases.models import Suspension

from . import domain, selectors
from .models import AlertStatus, Level

LIGHTS = ("red", "yellow", "green")
ALERT_LEVELS = (domain.RED, domain.YELLOW, domain.PROMPT)
TREND_DAYS = 30
QUEUE_SIZE = 20
PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_supervisor(user) -> None:
    if not selectors.dashboard_allowed(user):
        raise PermissionDenied(_("The supervision dashboard is for supervisors of the region."))


def _cases_url(**params) -> str:
    return reverse("supervision:cases") + "?" + urlencode({k: v for k, v in params.items() if v not in ("", None)})


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def dashboard(request):
    """Live lights by department and power, alerts over the last 30 days, the alert queue."""
    _require_supervisor(request.user)
    user, now = request.user, timezone.now()
    totals = selectors.light_totals(user, now)
    departments = selectors.light_counts(user, now, by="department")
    powers = selectors.light_counts(user, now, by="power", limit=10)
    for row in departments:
        row["urls"] = {light: _cases_url(department=row["id"], light=light) for light in LIGHTS}
        row["url"] = _cases_url(department=row["id"])
    for row in powers:
        row["urls"] = {light: _cases_url(power=row["id"], light=light) for light in LIGHTS}
        row["url"] = _cases_url(power=row["id"])

    local_today = timezone.localdate(now)
    first_day = local_today - timedelta(days=TREND_DAYS - 1)
    since = timezone.make_aware(datetime.combine(first_day, time.min))
    by_department, by_day = selectors.alert_counts(user, since)
    level_names = {level: str(Level(level).label) for level in ALERT_LEVELS}
    dept_names, dept_ids, per_dept = [], [], {}
    for row in by_department:
        key = row["department_id"]
        if key not in per_dept:
            per_dept[key] = {}
            dept_ids.append(key)
            dept_names.append(row["department__name"])
        per_dept[key][row["level"]] = row["n"]
    days = [first_day + timedelta(days=i) for i in range(TREND_DAYS)]
    per_day = {(row["day"], row["level"]): row["n"] for row in by_day}
    alerts_30 = sum(row["n"] for row in by_department)
    chart = {
        "casesUrl": reverse("supervision:cases"),
        "days": TREND_DAYS,
        "levels": [{"key": level, "name": level_names[level]} for level in ALERT_LEVELS],
        "byDepartment": {
            "ids": dept_ids, "names": dept_names,
            "series": {level: [per_dept[d].get(level, 0) for d in dept_ids] for level in ALERT_LEVELS},
        },
        "trend": {
            "days": [d.isoformat() for d in days],
            "series": {level: [per_day.get((d, level), 0) for d in days] for level in ALERT_LEVELS},
        },
        "lights": {
            "ids": [row["id"] for row in departments],
            "names": [row["name"] or row["label"] for row in departments],
            "series": {light: [row[light] for row in departments] for light in LIGHTS},
            "labels": {"red": _("Overdue"), "yellow": _("Warning"), "green": _("On time")},
        },
    }
    return render(request, "supervision/dashboard.html", {
        "section": "supervision",
        "now": now,
        "totals": totals,
        "total_urls": {light: _cases_url(light=light) for light in LIGHTS},
        "all_url": _cases_url(),
        "departments": departments,
        "powers": powers,
        "alerts": list(selectors.supervised_alerts(user)[:QUEUE_SIZE]),
        "alerts_30": alerts_30,
        "alerts_30_url": _cases_url(days=TREND_DAYS),
        "chart": chart,
        "sweep": selectors.sweep_last(),
        "yellow_percent": round(case_selectors.yellow_share() * 100),
    })


def _case_filters(request, user, now):
    """The cases behind a figure: open cases by department, power and light; or cases with
    alerts of a level, over the last ``days`` days or on one ``day``."""
    params = request.GET
    department = _int(params.get("department"))
    power = _int(params.get("power"))
    light = params.get("light", "")
    light = light if light in LIGHTS else ""
    alert = params.get("alert", "")
    alert = alert if alert in ALERT_LEVELS else ""
    days = _int(params.get("days"))
    try:
        day = date.fromisoformat(params.get("day", ""))
    except ValueError:
        day = None
    by_alerts = bool(alert or days or day)
    if by_alerts:
        alerts = selectors.supervised_alerts(user).order_by()
        if alert:
            alerts = alerts.filter(level=alert)
        if day:
            begin = timezone.make_aware(datetime.combine(day, time.min))
            alerts = alerts.filter(raised_at__gte=begin, raised_at__lt=begin + timedelta(days=1))
        elif days:
            first = timezone.localdate(now) - timedelta(days=max(days, 1) - 1)
            alerts = alerts.filter(raised_at__gte=timezone.make_aware(datetime.combine(first, time.min)))
        from yangguang.cases.models import Case

        cases = Case.objects.filter(pk__in=alerts.values("case_id"))
    else:
        cases = selectors.supervised_open_cases(user)
        if light:
            cases = cases.filter(selectors.light_filters(now)[light])
    if department:
        cases = cases.filter(department_id=department)
    if power:
        cases = cases.filter(power_id=power)
    chosen = {"department": department, "power": power, "light": light, "alert": alert, "days": days, "day": day,
              "by_alerts": by_alerts}
    return cases, chosen


@login_required
def case_list(request):
    """The cases behind a figure of the dashboard, with their light now."""
    _require_supervisor(request.user)
    user, now = request.user, timezone.now()
    cases, chosen = _case_filters(request, user, now)
    cases = (cases.select_related("power", "version", "department")
             .prefetch_related(Prefetch("suspensions", queryset=Suspension.objects.order_by("began_at"))))
    if chosen["by_alerts"]:
        cases = cases.order_by("-received_at", "-id")
    else:  # nearest committed due first; those not accepted or with the clock stopped last
        cases = cases.order_by(F("committed_due").asc(nulls_last=True), "received_at", "id")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    for case in page.object_list:
        case.light = case_selectors.case_light(case, now, case_selectors.case_suspensions(case))
    names = []
    if chosen["department"]:
        department = selectors.supervised_departments(user).filter(pk=chosen["department"]).first()
        names.append(department.name if department else "—")
    if chosen["power"]:
        from yangguang.catalog.models import Power

        power = Power.objects.select_related("published_version").filter(pk=chosen["power"]).first()
        names.append(f"{power.code} {power.published_version.name if power.published_version else ''}".strip()
                     if power else "—")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "supervision/cases.html", {
        "section": "supervision",
        "page": page,
        "chosen": chosen,
        "names": names,
        "alert_label": Level(chosen["alert"]).label if chosen["alert"] else "",
        "query": query.urlencode(),
        "now": now,
    })


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


@login_required
def alerts_xlsx(request):
    """The alert list (optionally of one level, status or department) as an Excel workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    _require_supervisor(request.user)
    alerts = selectors.supervised_alerts(request.user).select_related("case__version")
    level, status = request.GET.get("level", ""), request.GET.get("status", "")
    if level in Level.values:
        alerts = alerts.filter(level=level)
    if status in AlertStatus.values:
        alerts = alerts.filter(status=status)
    if department := _int(request.GET.get("department")):
        alerts = alerts.filter(department_id=department)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Alerts"))
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["D"].width = 30
    sheet.column_dimensions["E"].width = 22
    sheet.column_dimensions["F"].width = 30
    sheet.column_dimensions["G"].width = 24
    sheet.column_dimensions["I"].width = 50
    header = [_("raised at"), _("level"), _("rule"), _("rule name"), _("case number"), _("power"),
              _("department"), _("status"), _("detail")]
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)
    for alert in alerts.iterator(chunk_size=2000):
        raised = WriteOnlyCell(sheet, value=_local(alert.raised_at))
        raised.number_format = "yyyy-mm-dd hh:mm:ss"
        sheet.append([raised, alert.get_level_display(), alert.rule.code, alert.rule.name, alert.case.number if alert.case else "",
                      alert.case.version.name if alert.case else "", alert.department.name, alert.get_status_display(), alert.detail])
    buffer = io.BytesIO()
    book.save(buffer)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="alerts-{stamp}.xlsx"'
    return response
