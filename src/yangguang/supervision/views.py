"""HTML pages of electronic supervision (电子监察): the dashboard of live lights and alerts, the
cases behind each figure, the alert list as an Excel workbook, and the work pages of alerts,
supervision orders and complaints.

Lights are counted in SQL from the dues and the clock (``selectors.light_filters``); every
figure links to ``case_list`` with the same filter.
"""

import io
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yangguang.cases import selectors as case_selectors
from yangguang.cases.models import Suspension
from yangguang.core.errors import DomainError, InvalidInput
from yangguang.core.views import doors

from . import domain, rules, selectors, services
from .models import (
    AlertStatus,
    ComplaintKind,
    ComplaintStatus,
    Finding,
    Level,
    OrderStatus,
)

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
    chart["map"] = _region_map(user, departments)
    return render(request, "supervision/dashboard.html", {
        "section": "supervision", "tab": "dashboard",
        "orders_due": list(selectors.order_list_for(user).filter(status__in=(OrderStatus.OPEN, OrderStatus.OVERDUE))
                           .order_by("feedback_due", "id")[:QUEUE_SIZE // 2]),
        "complaints_due": list(selectors.complaint_list_for(user).filter(
            status__in=(ComplaintStatus.RECEIVED, ComplaintStatus.ACCEPTED)).order_by(
            F("reply_due").asc(nulls_first=True), "acceptance_due", "id")[:QUEUE_SIZE // 2]),
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


def _region_map(user, lights: list[dict]) -> dict:
    """Every department the user supervises, grouped by region, with its open cases by light and
    its worst light (the "map" of the dashboard)."""
    by_id = {row["id"]: row for row in lights}
    regions: dict[str, dict] = {}
    for department in selectors.supervised_departments(user).order_by("region__code", "code"):
        row = by_id.get(department.pk, {"red": 0, "yellow": 0, "green": 0, "total": 0})
        level = "red" if row["red"] else "yellow" if row["yellow"] else "green" if row["total"] else "none"
        region = regions.setdefault(department.region.code, {"name": department.region.name, "departments": []})
        region["departments"].append({
            "id": department.pk, "name": department.short_name or department.name, "full": department.name,
            "level": level, "lights": {key: row[key] for key in ("red", "yellow", "green", "total")}})
    return {"regions": list(regions.values()),
            "labels": {"red": _("Overdue"), "yellow": _("Warning"), "green": _("On time")}}


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


# --- work pages: alerts, supervision orders and complaints ------------------------------------------
# Each detail page shows the record and the forms the user may use; a POST calls one service and
# comes back (PRG); a refusal is shown on the page with the field it names.


ALERT_ACTION_LABELS = {
    "explain": gettext_lazy("Explain (情况说明)"), "correct": gettext_lazy("Report the correction (纠正)"),
    "confirm": gettext_lazy("Confirm the handling"), "reject": gettext_lazy("Send back"),
    "request_removal": gettext_lazy("Request card removal (申请摘牌)"),
    "approve_removal": gettext_lazy("Approve the removal"), "refuse_removal": gettext_lazy("Refuse the removal"),
}


PARAM_LABELS = {
    "share": gettext_lazy("share of the limit used"), "workdays": gettext_lazy("working days"),
    "yellow_above": gettext_lazy("yellow above (share)"), "red_above": gettext_lazy("red above (share)"),
    "below_average_share": gettext_lazy("red below this multiple of the average"),
    "above_average_share": gettext_lazy("red above this multiple of the average"),
}


def _filtered(queryset, request, **choices):
    """``queryset`` narrowed by the GET parameters whose value is among its allowed choices."""
    chosen = {}
    for name, allowed in choices.items():
        value = request.GET.get(name, "")
        if value in allowed:
            queryset = queryset.filter(**{name: value})
            chosen[name] = value
    return queryset, chosen


def _refused(request, error) -> None:
    field = f" ({error.field})" if getattr(error, "field", None) else ""
    messages.error(request, f"{error.detail}{field}")


def _posted(request, act, back):
    """Run one service call of a posted form and go back to ``back``: "recorded", or the refusal
    with the field it names."""
    try:
        act()
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Recorded."))
    return back


@login_required
def alert_list(request):
    """The alerts a user may see: supervisors their region's, heads their department's, officers
    those on their posts' steps; filtered by level, status and rule."""
    alerts = selectors.alert_visible_for(request.user).select_related("complaint")
    rules = selectors.rule_codes()
    alerts, chosen = _filtered(alerts, request, level=Level.values, status=AlertStatus.values,
                               rule__code=list(rules))
    page = Paginator(alerts.order_by("-raised_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "supervision/alerts.html", {
        "section": "supervision", "tab": "alerts", "page": page, "chosen": chosen, "query": query.urlencode(),
        "levels": Level.choices, "statuses": AlertStatus.choices, "rules": rules.items(),
    })


@login_required
@doors
def alert_detail(request, alert_id):
    """One alert: its record, the orders on it, and the lifecycle actions open to the user."""
    alert = selectors.alert_get_for(request.user, alert_id)
    if request.method == "POST":
        action, text = request.POST.get("action", ""), request.POST.get("text", "")

        def act():
            if action == "order":
                services.order_issue(actor=request.user, alert=alert, text=text)
            else:
                services.alert_act(actor=request.user, alert=alert, action=action, text=text)

        return _posted(request, act, redirect("supervision:alert", alert_id=alert.pk))
    return render(request, "supervision/alert.html", {
        "section": "supervision", "tab": "alerts", "alert": alert,
        "actions": [(action, ALERT_ACTION_LABELS[action], domain.ALERT_TRANSITIONS[action][3])
                    for action in selectors.alert_actions_open(request.user, alert)],
        "record": alert.actions.select_related("actor"),
        "orders": selectors.order_list_for(request.user).filter(alert=alert).order_by("issued_at", "id"),
        "may_order": rules.supervises(request.user, alert.department),
    })


@login_required
@doors
def order_list(request):
    """Supervision orders (督办单) a user may see, nearest feedback due first; supervisors issue one
    on a department here."""
    if request.method == "POST":
        department = selectors.supervised_departments(request.user).filter(
            pk=_int(request.POST.get("department"))).first()
        try:
            if department is None:
                raise InvalidInput.one("department", "required", _("Choose a department you supervise."))
            order = services.order_issue(actor=request.user, department=department, text=request.POST.get("text", ""))
        except DomainError as error:
            _refused(request, error)
            return redirect("supervision:orders")
        messages.success(request, _("Supervision order #%(id)s issued.") % {"id": order.pk})
        return redirect("supervision:order", order_id=order.pk)
    orders = selectors.order_list_for(request.user).select_related("complaint", "issued_by")
    orders, chosen = _filtered(orders, request, status=OrderStatus.values)
    page = Paginator(orders.order_by("status", "feedback_due", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "supervision/orders.html", {
        "section": "supervision", "tab": "orders", "page": page, "chosen": chosen, "query": query.urlencode(),
        "statuses": OrderStatus.choices, "now": timezone.now(),
        "departments": selectors.supervised_departments(request.user).order_by("region__code", "code")
        if selectors.dashboard_allowed(request.user) else [],
    })


@login_required
@doors
def order_detail(request, order_id):
    """One supervision order with its chain of escalation; the head replies, a supervisor concludes."""
    order = selectors.order_get_for(request.user, order_id)
    if request.method == "POST":
        action, text = request.POST.get("action", ""), request.POST.get("text", "")

        def act():
            if action == "reply":
                services.order_reply(actor=request.user, order=order, text=text)
            elif action == "conclude":
                verified = {"true": True, "false": False}.get(request.POST.get("verified", ""), "")
                services.order_conclude(actor=request.user, order=order, text=text, verified=verified)
            else:
                raise InvalidInput.one("action", "choice", _("Reply or conclude."))

        return _posted(request, act, redirect("supervision:order", order_id=order.pk))
    chain = selectors.order_chain(request.user, order)
    return render(request, "supervision/order.html", {
        "section": "supervision", "tab": "orders", "order": order, "chain": chain, "now": timezone.now(),
        "may_reply": order.status in (OrderStatus.OPEN, OrderStatus.OVERDUE) and rules.heads(request.user,
                                                                                               order.department),
        "may_conclude": order.status == OrderStatus.REPLIED and rules.supervises_level(request.user, order.region),
    })


@login_required
def complaint_list(request):
    """The complaint queue (投诉处理) of the supervisors: nearest acceptance or reply due first."""
    _require_supervisor(request.user)
    complaints, chosen = _filtered(selectors.complaint_list_for(request.user), request,
                                   status=ComplaintStatus.values, kind=ComplaintKind.values)
    complaints = complaints.order_by(F("reply_due").asc(nulls_first=True), "acceptance_due", "id")
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "supervision/complaints.html", {
        "section": "supervision", "tab": "complaints", "page": page, "chosen": chosen, "query": query.urlencode(),
        "statuses": ComplaintStatus.choices, "kinds": ComplaintKind.choices, "now": timezone.now(),
    })


@login_required
@doors
def complaint_new(request):
    """A supervisor registers a complaint received by phone, letter or visit (投诉登记)."""
    _require_supervisor(request.user)
    departments = selectors.supervised_departments(request.user).order_by("region__code", "code")
    if request.method == "POST":
        data = request.POST
        try:
            case = selectors.complaint_subject(case=data.get("case", "").strip(), department=None,
                                               officer_certificate=None)["case"]
            department = departments.filter(pk=_int(data.get("department"))).first() if case is None else None
            complaint = services.complaint_file(
                kind=data.get("kind", ""), subject=data.get("subject", ""), text=data.get("text", ""),
                department=department, case=case, complainant_name=data.get("complainant_name", ""),
                complainant_phone=data.get("complainant_phone", ""),
                complainant_email=data.get("complainant_email", ""), actor=request.user)
        except DomainError as error:
            for row in getattr(error, "errors", None) or [{"field": error.field, "detail": error.detail}]:
                messages.error(request, f"{row['detail']} ({row['field']})")
            return render(request, "supervision/complaint_new.html", {
                "section": "supervision", "tab": "complaints", "departments": departments, "kinds": ComplaintKind.choices,
                "posted": data}, status=422)
        messages.success(request, _("Complaint %(number)s registered; its tracking code is %(code)s — give it to the "
                                    "complainant now, it is not shown again.") % {"number": complaint.number,
                                                                                  "code": complaint.code})
        return redirect("supervision:complaint", number=complaint.number)
    return render(request, "supervision/complaint_new.html", {
        "section": "supervision", "tab": "complaints", "departments": departments, "kinds": ComplaintKind.choices,
        "posted": {}})


@login_required
@doors
def complaint_detail(request, number):
    """One complaint: what was said, by whom (to the supervisors only), its record and orders, and
    the actions open in its status."""
    complaint = selectors.complaint_get_for(request.user, number)
    if request.method == "POST":
        action, text = request.POST.get("action", ""), request.POST.get("text", "")

        def act():
            if action == "order":
                services.order_issue(actor=request.user, complaint=complaint, text=text)
            else:
                officer_id = _int(request.POST.get("officer"))
                officer = selectors.officer_of_department(complaint.department, officer_id) if officer_id else None
                services.complaint_act(actor=request.user, complaint=complaint, action=action, text=text,
                                       finding=request.POST.get("finding", ""), officer=officer)

        return _posted(request, act, redirect("supervision:complaint", number=complaint.number))
    return render(request, "supervision/complaint.html", {
        "section": "supervision", "tab": "complaints", "complaint": complaint, "now": timezone.now(),
        "record": complaint.actions.select_related("actor"),
        "orders": complaint.orders.order_by("issued_at", "id"),
        "officers": complaint.department.officers.select_related("user").order_by("user__username"),
        "findings": Finding.choices,
    })


# --- performance evaluation (绩效评估) ----------------------------------------------------------------
# The league table of departments (scores, KPIs, Wilson intervals of the on-time rate, an ECharts
# chart fed by json_script) and of officers; one department's score line by line; the cases
# behind a figure; the league table as an Excel workbook. Readers in ``performance``.


from yangguang.cases.models import Case

from . import performance as perf
from .hooks import performance_lines
from . import scoring

PERFORMANCE_PREVIEW = 20  # items shown under a score line before "all …"


def _require_performance(user) -> None:
    if not perf.performance_allowed(user):
        raise PermissionDenied(_("Performance evaluation is for supervisors of the region and department heads."))


def _performance_period(request, now):
    """(the period asked for, or the current month; the error to show when it is not a period)."""
    try:
        return perf.period_parse(request.GET.get("period", ""), now), None
    except InvalidInput as error:
        return perf.period_parse("", now), error.detail


def _performance_url(name: str, period, **kwargs) -> str:
    return reverse(f"supervision:{name}", kwargs=kwargs or None) + "?" + urlencode({"period": period.label})


def _percent(value) -> float | None:
    return None if value is None else round(value, 1)


@login_required
def performance(request):
    """The departments' league table and the officers' figures for a month, quarter or year."""
    _require_performance(request.user)
    now = timezone.now()
    period, error = _performance_period(request, now)
    league = perf.league_for(request.user, period, now)
    officers = perf.officers_for(request.user, period, now)
    for row in league.rows:
        row.url = _performance_url("performance_department", period, department_id=row.key)
    ranked = [row for row in league.rows if row.rank is not None]
    chart = {
        "names": [row.short_name or row.name for row in league.rows],
        "urls": [row.url for row in league.rows],
        "scores": [row.score_value for row in league.rows],
        "interval": {
            "names": [row.short_name or row.name for row in ranked],
            "urls": [row.url for row in ranked],
            "low": [_percent(row.rates["on_time"].low_percent) for row in ranked],
            "high": [_percent(row.rates["on_time"].high_percent) for row in ranked],
            "value": [_percent(row.rates["on_time"].percent) for row in ranked],
            "ranks": [row.rank_label for row in ranked],
        },
        "labels": {"score": _("Score"), "onTime": _("On-time rate"),
                   # xgettext:no-python-format
                   "interval": _("95% interval"),
                   "rank": _("place")},
    }
    finished = sum(row.counts.get("finished", 0) for row in league.rows)
    on_time = scoring.rate(sum(row.counts.get("on_time", 0) for row in league.rows), finished)
    scores = [row.score for row in league.rows if row.score is not None]
    return render(request, "supervision/performance.html", {
        "section": "supervision", "tab": "performance", "now": now, "period": period, "error": error,
        "links": scoring.period_links(period, timezone.localdate(now)), "league": league, "officers": officers, "chart": chart,
        "totals": {"departments": len(league.rows), "finished": finished,
                   "on_time": None if on_time is None else float(on_time * 100),
                   "score": float(scoring.mean(scores)) if scores else None},
        "scheme": league.scheme, "kpi_labels": scoring.KPI_LABELS,
        "xlsx_url": reverse("supervision:performance_xlsx") + "?" + urlencode({"period": period.label}),
    }, status=400 if error else 200)


@login_required
@doors
def performance_department(request, department_id):
    """One department's figures and, month by month, each score line with what lies behind it."""
    _require_performance(request.user)
    now = timezone.now()
    period, error = _performance_period(request, now)
    detail = perf.department_detail_for(request.user, department_id, period, now)
    figures = detail.figures
    case_ids = {case_id for month in detail.months for line in month.lines for case_id in line.case_ids[
        :PERFORMANCE_PREVIEW]}
    numbers = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "number"))
    behind = {scoring.RED_LINE: "alarmed", scoring.YELLOW_LINE: "warned", scoring.EARLY_LINE: "early"}
    for month in detail.months:
        for line in month.lines:
            line.cases_preview = [numbers[pk] for pk in line.case_ids[:PERFORMANCE_PREVIEW] if pk in numbers]
            line.more = max(0, len(line.case_ids) - PERFORMANCE_PREVIEW)
            line.alerts_preview = line.alerts[:PERFORMANCE_PREVIEW]
            line.more_alerts = max(0, len(line.alerts) - PERFORMANCE_PREVIEW)
            if line.key in behind:
                line.cases_url = _performance_url("performance_cases", period, department_id=figures.key) + \
                    "&" + urlencode({"line": behind[line.key]})
    base = _performance_url("performance_cases", period, department_id=figures.key)
    rows = [{"key": key, "label": label, "n": figures.counts.get(key, 0), "url": f"{base}&{urlencode({'line': key})}"}
            for key, label in perf.CASE_LINES.items()]  # each figure opens the cases behind it
    return render(request, "supervision/performance_department.html", {
        "section": "supervision", "tab": "performance", "now": now, "period": period, "error": error,
        "links": scoring.period_links(period, timezone.localdate(now)), "detail": detail, "figures": figures, "rows": rows,
        "extra_lines": performance_lines(department_id=figures.key, period=period),
        "rates": [(scoring.KPI_LABELS[key], rate) for key, rate in figures.rates.items()],
        "back_url": reverse("supervision:performance") + "?" + urlencode({"period": period.label}),
        "self_url": reverse("supervision:performance_department", kwargs={"department_id": figures.key}),
    }, status=400 if error else 200)


@login_required
@doors
def performance_cases(request, department_id):
    """The cases behind one figure of a department's performance in a period."""
    _require_performance(request.user)
    now = timezone.now()
    period, error = _performance_period(request, now)
    line = request.GET.get("line", "")
    if line not in perf.CASE_LINES:
        raise Http404(_("No such figure."))
    department, cases = perf.line_cases(request.user, department_id, period, line, now)
    cases = cases.select_related("power", "version").order_by("-received_at", "-id")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "supervision/performance_cases.html", {
        "section": "supervision", "tab": "performance", "now": now, "period": period, "error": error,
        "department": department, "line": line, "line_label": perf.CASE_LINES[line], "page": page,
        "query": query.urlencode(),
        "back_url": _performance_url("performance_department", period, department_id=department.pk),
    })


@login_required
def performance_xlsx(request):
    """The league table of departments for a period as an Excel workbook."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    _require_performance(request.user)
    now = timezone.now()
    period, error = _performance_period(request, now)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    league = perf.league_for(request.user, period, now)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Performance %(period)s") % {"period": period.label})
    sheet.column_dimensions["B"].width = 14
    sheet.column_dimensions["C"].width = 30
    header = [_("place"), _("department code"), _("department"), _("score"), _("cases received"),
              _("cases finished"), _("finished on time"), _("on-time rate"),
              # xgettext:no-python-format
              _("95% interval, low"),
              # xgettext:no-python-format
              _("95% interval, high"),
              _("early-completion rate"), _("cases due"), _("overdue"), _("overdue rate"),
              _("over-statutory rate"), _("rejection rate"), _("alarm rate"), _("complaint rate"),
              _("power usage rate"), _("commitment speed-up"), _("red alarms"), _("yellow warnings"),
              _("complaints confirmed")]
    cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)

    def share(value):
        cell = WriteOnlyCell(sheet, value=None if value is None else float(value))
        cell.number_format = "0.0%"
        return cell

    for row in league.rows:
        on_time = row.rates["on_time"]
        interval = on_time.interval or (None, None)
        sheet.append([
            row.rank_label, row.code, row.name, row.score_value, row.counts.get("received", 0),
            row.counts.get("finished", 0), row.counts.get("on_time", 0), share(on_time.value), share(interval[0]),
            share(interval[1]), share(row.rates["early"].value), row.counts.get("due", 0),
            row.counts.get("overdue", 0), share(row.rates["overdue"].value), share(row.rates["over_statutory"].value),
            share(row.rates["rejection"].value), share(row.rates["alarm"].value), share(row.rates["complaint"].value),
            share(row.rates["power_usage"].value), share(row.speedup), row.alerts.get("red", 0),
            row.alerts.get("yellow", 0), row.complaints.get("confirmed", 0)])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="performance-{period.label}.xlsx"'
    return response


@login_required
def notification_list(request):
    """The user's own notifications (站内通知), unread first; read one by opening it, or all at once."""
    if request.method == "POST":
        services.notifications_read_all(actor=request.user)
        return redirect("supervision:notifications")
    rows = selectors.notification_list_for(request.user).select_related("alert", "order", "complaint")
    page = Paginator(rows.order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "supervision/notifications.html", {
        "section": "supervision", "tab": "notifications", "page": page, "query": "",
        "unread": selectors.notification_list_for(request.user, unread=True).count()})


@login_required
@require_POST
def notification_open(request, notification_id):
    """Mark one notification read and go to what it is about."""
    row = selectors.notification_list_for(request.user).filter(pk=notification_id).first()
    if row is None:
        raise Http404(_("No notification %(id)s.") % {"id": notification_id})
    services.notification_read(actor=request.user, notification=row)
    if row.link.startswith("/"):
        return redirect(row.link)
    if row.alert_id:
        return redirect("supervision:alert", alert_id=row.alert_id)
    if row.order_id:
        return redirect("supervision:order", order_id=row.order_id)
    if row.complaint_id and selectors.complaint_list_for(request.user).filter(pk=row.complaint_id).exists():
        return redirect("supervision:complaint", number=row.complaint.number)
    return redirect("supervision:notifications")


@login_required
@doors
def rule_list(request):
    """The alert rules (预警规则): supervisors enable, disable and tune them; every change is kept."""
    _require_supervisor(request.user)
    if request.method == "POST":
        rule = selectors.rule_get(request.POST.get("code", ""))
        spec = domain.PARAMS.get(rule.code, {})
        params, bad = {}, []
        for name, (_default, _low, _high, kind) in spec.items():
            raw = request.POST.get(f"param-{name}", "").strip()
            try:
                params[name] = kind(raw)
            except ValueError:
                bad.append(name)
        try:
            if bad:
                raise InvalidInput.one(f"params.{bad[0]}", "number", _("Give a number."))
            services.rule_update(actor=request.user, rule=rule, enabled=request.POST.get("enabled") == "on",
                                 params=params if spec else None)
        except DomainError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Rule %(code)s saved.") % {"code": rule.code})
        return redirect(reverse("supervision:rules") + f"#rule-{rule.code}")
    rules = list(selectors.rules_with_history())
    for rule in rules:
        rule.fields = [(name, PARAM_LABELS.get(name, name), rule.params.get(name, default), kind is int, low, high)
                       for name, (default, low, high, kind) in domain.PARAMS.get(rule.code, {}).items()]
        rule.fixed_level = rule.code in domain.FIXED_LEVELS
    return render(request, "supervision/rules.html", {"section": "supervision", "tab": "rules", "rules": rules})
