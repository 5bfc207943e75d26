"""Electronic supervision API: alerts and their lifecycle, supervision orders, complaints (and the
public's filing and tracking of them), notifications.

Every write goes through ``services``, every read through ``selectors``; refusals are domain
errors that ``yangguang.api`` turns into problem+json."""

from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from yangguang.cases import throttle
from yangguang.core.apiauth import authenticated
from yangguang.core.errors import InvalidInput

from . import selectors, services
from .errors import ComplaintNotFound, NotificationNotFound
from .models import Alert, Complaint, SupervisionOrder
from .schemas import (
    AlertActionIn,
    AlertDetail,
    AlertPage,
    ComplaintActionIn,
    ComplaintFiled,
    ComplaintIn,
    ComplaintOut,
    ComplaintPublic,
    NotificationOut,
    OrderActionIn,
    OrderIn,
    OrderOut,
)

alerts_router = Router(tags=["supervision"])
orders_router = Router(tags=["supervision"])
notifications_router = Router(tags=["supervision"])
complaints_router = Router(tags=["supervision"])
public_complaints_router = Router(tags=["public"])

LEVELS = ("prompt", "yellow", "red")
PAGE_MAX = 200


def _department(department) -> dict:
    return {"code": department.full_code, "name": department.name}


def _username(user):
    return user.get_username() if user is not None else None


def _alert(alert: Alert) -> dict:
    return {"id": alert.pk, "rule": alert.rule.code, "rule_name": alert.rule.name, "level": alert.level,
            "status": alert.status, "case": alert.case.number if alert.case_id else None,
            "step": alert.token.step.key if alert.token_id else None, "department": _department(alert.department),
            "raised_at": alert.raised_at, "correction_due": alert.correction_due, "detail": alert.detail,
            "order": alert.order_id, "complaint": alert.complaint.number if alert.complaint_id else None,
            "period": alert.period, "reference": alert.reference}


def _order(order: SupervisionOrder) -> dict:
    return {"id": order.pk, "alert": order.alert_id,
            "complaint": order.complaint.number if order.complaint_id else None, "department": _department(order.department),
            "region": order.region.code, "parent": order.parent_id, "issued_by": _username(order.issued_by),
            "issued_at": order.issued_at, "text": order.text, "feedback_due": order.feedback_due,
            "status": order.status, "reply": order.reply, "replied_at": order.replied_at,
            "escalated_at": order.escalated_at, "conclusion": order.conclusion, "verified": order.verified,
            "concluded_at": order.concluded_at}


def _alert_detail(user, alert_id: int) -> dict:
    alert = selectors.alert_get_for(user, alert_id)
    detail = _alert(alert)
    detail["actions"] = [{"action": row.action, "actor": _username(row.actor), "at": row.at,
                          "from_status": row.from_status, "to_status": row.to_status, "text": row.text}
                         for row in alert.actions.select_related("actor")]
    detail["orders"] = [_order(order) for order in selectors.order_list_for(user).filter(alert=alert)
                        .select_related("issued_by").order_by("issued_at", "id")]
    return detail


def _department_of(code: str, field: str = "department"):
    department = selectors.department_by_code(code)
    if department is None:
        raise InvalidInput.one(field, "exists", _("No department with code %(code)s.") % {"code": code})
    return department


# --- alerts -------------------------------------------------------------------------------------


@alerts_router.get("", response=AlertPage, auth=authenticated, summary="Alerts you may see (预警列表)")
def alert_list(request: HttpRequest, level: str = "", status: str = "", department: str = "", offset: int = 0,
               limit: int = 50):
    if level and level not in LEVELS:
        raise InvalidInput.one("level", "choice", _("level is one of prompt, yellow, red."))
    alerts = selectors.alert_visible_for(request.user, level=level, status=status)
    if department:
        alerts = alerts.filter(department=_department_of(department))
    limit = max(1, min(limit, PAGE_MAX))
    offset = max(0, offset)
    return {"count": alerts.count(), "items": [_alert(alert) for alert in alerts[offset:offset + limit]]}


@alerts_router.get("/{alert_id}", response=AlertDetail, auth=authenticated, summary="One alert with its record")
def alert_detail(request: HttpRequest, alert_id: int):
    return _alert_detail(request.user, alert_id)


@alerts_router.post("/{alert_id}/actions", response=AlertDetail, auth=authenticated,
                    summary="Act on an alert (explain, correct, confirm, reject, card removal, order)")
def alert_action(request: HttpRequest, alert_id: int, payload: AlertActionIn):
    alert = selectors.alert_get_for(request.user, alert_id)
    text = str(payload.fields.get("text", "") or "")
    if payload.action == "order":
        services.order_issue(actor=request.user, alert=alert, text=text)
    else:
        services.alert_act(actor=request.user, alert=alert, action=payload.action, text=text)
    return _alert_detail(request.user, alert_id)


# --- supervision orders -------------------------------------------------------------------------


@orders_router.get("", response=list[OrderOut], auth=authenticated, summary="Supervision orders you may see (督办单)")
def order_list(request: HttpRequest, status: str = ""):
    return [_order(order) for order in selectors.order_list_for(request.user, status=status)
            .select_related("issued_by")[:PAGE_MAX]]


@orders_router.post("", response={201: OrderOut}, auth=authenticated, summary="Issue a supervision order")
def order_create(request: HttpRequest, payload: OrderIn):
    alert = selectors.alert_get_for(request.user, payload.alert) if payload.alert is not None else None
    complaint = selectors.complaint_get_for(request.user, payload.complaint) if payload.complaint else None
    department = _department_of(payload.department) if payload.department else None
    order = services.order_issue(actor=request.user, alert=alert, complaint=complaint, department=department,
                                 text=payload.text)
    return 201, _order(order)


@orders_router.get("/{order_id}", response=OrderOut, auth=authenticated, summary="One supervision order")
def order_detail(request: HttpRequest, order_id: int):
    return _order(selectors.order_get_for(request.user, order_id))


@orders_router.post("/{order_id}/actions", response=OrderOut, auth=authenticated,
                    summary="Reply to (head) or conclude (supervisor) a supervision order")
def order_action(request: HttpRequest, order_id: int, payload: OrderActionIn):
    order = selectors.order_get_for(request.user, order_id)
    text = str(payload.fields.get("text", "") or "")
    if payload.action == "reply":
        order = services.order_reply(actor=request.user, order=order, text=text)
    else:
        order = services.order_conclude(actor=request.user, order=order, text=text,
                                        verified=payload.fields.get("verified"))
    return _order(selectors.order_get_for(request.user, order.pk))


# --- notifications ------------------------------------------------------------------------------


def _notification(row) -> dict:
    return {"id": row.pk, "kind": row.kind, "alert": row.alert_id, "order": row.order_id,
            "complaint": row.complaint.number if row.complaint_id else None, "text": row.text,
            "created_at": row.created_at, "read_at": row.read_at}


@notifications_router.get("", response=list[NotificationOut], auth=authenticated, summary="Your notifications")
def notification_list(request: HttpRequest, unread: bool = False):
    return [_notification(row) for row in selectors.notification_list_for(request.user, unread=unread)
            .select_related("complaint")[:PAGE_MAX]]


@notifications_router.post("/{notification_id}/read", response=NotificationOut, auth=authenticated,
                           summary="Mark one of your notifications read")
def notification_mark_read(request: HttpRequest, notification_id: int):
    row = selectors.notification_list_for(request.user).filter(pk=notification_id).first()
    if row is None:
        raise NotificationNotFound(_("No notification %(id)s.") % {"id": notification_id}, field="id", rule="own")
    return _notification(services.notification_read(actor=request.user, notification=row))


# --- complaints (投诉) ------------------------------------------------------------------------------


def _complaint_public(complaint: Complaint) -> dict:
    return {"number": complaint.number, "kind": complaint.kind, "department": _department(complaint.department),
            "subject": complaint.subject, "status": complaint.status, "status_name": complaint.get_status_display(),
            "received_at": complaint.received_at, "acceptance_due": complaint.acceptance_due,
            "accepted_at": complaint.accepted_at, "refusal_reason": complaint.refusal_reason,
            "reply_due": complaint.reply_due, "finding": complaint.finding, "reply": complaint.reply,
            "replied_at": complaint.replied_at}


def _complaint(complaint: Complaint) -> dict:
    officer = complaint.officer
    return {**_complaint_public(complaint), "case": complaint.case.number if complaint.case_id else None,
            "officer": str(officer) if officer is not None else None, "text": complaint.text,
            "complainant_name": complaint.complainant_name, "complainant_phone": complaint.complainant_phone,
            "complainant_email": complaint.complainant_email,
            "actions": [{"action": row.action, "actor": _username(row.actor), "at": row.at,
                         "from_status": row.from_status, "to_status": row.to_status, "text": row.text}
                        for row in complaint.actions.all()],
            "orders": [order.pk for order in complaint.orders.all()]}


def _complaint_of(user, number: str) -> dict:
    """One complaint the user handles, with its record and orders."""
    complaint = selectors.complaint_get_for(user, number)
    prefetch_related_objects([complaint], *selectors.complaint_record())
    return _complaint(complaint)


@public_complaints_router.post("", response={201: ComplaintFiled}, auth=None, summary="File a complaint (投诉)",
                               description=(
    "Anyone may complain about a case, a department or an officer. An efficiency complaint (效能投诉) is made in "
    "one's own name with a phone or an e-mail address; a report (举报) may be anonymous and is kept confidential. "
    "The answer carries the complaint's number and its tracking code, shown only once; the complaint is accepted "
    "or refused within five working days."))
def complaint_create(request: HttpRequest, payload: ComplaintIn):
    subject = selectors.complaint_subject(case=payload.case, department=payload.department,
                                officer_certificate=payload.officer_certificate)
    complaint = services.complaint_file(
        kind=payload.kind, subject=payload.subject, text=payload.text, **subject, user=request.user,
        complainant_name=payload.complainant_name, complainant_phone=payload.complainant_phone,
        complainant_email=payload.complainant_email)
    return 201, {"number": complaint.number, "code": complaint.code, "received_at": complaint.received_at,
                 "acceptance_due": complaint.acceptance_due,
                 "track_url": f"/api/v1/public/complaints/{complaint.number}"}


@public_complaints_router.get("/{number}", response=ComplaintPublic, auth=None, summary="Follow a complaint",
                              description=(
    "With the complaint's number and tracking code: its status, deadlines, the reason of a refusal and the reply. "
    "No personal data. A wrong code gets the same 404 as a missing complaint, and counts against the same budget "
    "of failed queries as the case query (429 with Retry-After once it is used up)."))
def complaint_public(request: HttpRequest, number: str, code: str, response: HttpResponse):
    client = throttle.client_key(request)
    if not throttle.query_allowed(client):
        raise throttle.QueryThrottled.for_client(client)
    try:
        complaint = selectors.complaint_public_get(number, code)
    except ComplaintNotFound:
        throttle.query_failed(client)
        raise
    response["Cache-Control"] = "private, no-store"
    return _complaint_public(complaint)


@complaints_router.get("", response=list[ComplaintOut], auth=authenticated,
                       summary="Complaints you handle (supervisors of the region)")
def complaint_list(request: HttpRequest, status: str = "", kind: str = "", offset: int = 0, limit: int = 50):
    limit, offset = max(1, min(limit, PAGE_MAX)), max(0, offset)
    complaints = selectors.complaint_list_for(request.user, status=status, kind=kind)
    complaints = complaints.prefetch_related(*selectors.complaint_record())
    return [_complaint(row) for row in complaints[offset:offset + limit]]


@complaints_router.post("", response={201: ComplaintOut}, auth=authenticated,
                        summary="Register a complaint received by phone, letter or visit")
def complaint_register(request: HttpRequest, payload: ComplaintIn):
    subject = selectors.complaint_subject(case=payload.case, department=payload.department,
                                officer_certificate=payload.officer_certificate)
    complaint = services.complaint_file(
        kind=payload.kind, subject=payload.subject, text=payload.text, **subject, actor=request.user,
        complainant_name=payload.complainant_name, complainant_phone=payload.complainant_phone,
        complainant_email=payload.complainant_email)
    return 201, _complaint_of(request.user, complaint.number)


@complaints_router.get("/{number}", response=ComplaintOut, auth=authenticated, summary="One complaint with its record")
def complaint_detail(request: HttpRequest, number: str):
    return _complaint_of(request.user, number)


@complaints_router.post("/{number}/actions", response=ComplaintOut, auth=authenticated,
                        summary="Accept, refuse, reply to a complaint, or issue a supervision order on it")
def complaint_action(request: HttpRequest, number: str, payload: ComplaintActionIn):
    complaint = selectors.complaint_get_for(request.user, number)
    if payload.action == "order":
        services.order_issue(actor=request.user, complaint=complaint, text=payload.text)
    else:
        officer = selectors.officer_of_department(complaint.department, payload.officer) if payload.officer else None
        services.complaint_act(actor=request.user, complaint=complaint, action=payload.action, text=payload.text,
                               finding=payload.finding, officer=officer)
    return _complaint_of(request.user, number)


# --- cases reported by a department's own system (数据接口, rules P01 and N01) ----------------------

from .schemas import ReportedCaseIn, ReportedCaseOut

reported_cases_router = Router(tags=["exchange"])


@reported_cases_router.post("", response={200: ReportedCaseOut, 201: ReportedCaseOut}, auth=authenticated,
                            summary="Report a case handled in a department's own system", description=(
    "The first piece of the data interface (数据接口规范) by which department systems report their cases. The "
    "platform checks that the power is published in the catalog for the department (else alert N01 目录外权力, "
    "red) and that the steps done follow its published flowchart: parallel arms in any order, a join only after "
    "all its arms, one arm of an exclusive branch, a return (退回) to an earlier step (else alert P01 流程异常, "
    "yellow, naming the step and what was allowed). 201 when this report raised an alert; 200 when the case "
    "conforms or its alert was already raised by an earlier report (one per rule, department and reference). "
    "Reported by an officer or the head of the department."))
def reported_case_create(request: HttpRequest, payload: ReportedCaseIn):
    if payload.department:
        department = _department_of(payload.department)
    else:
        department = selectors.department_of_officer(request.user)
    found = services.reported_case_check(
        actor=request.user, department=department, power_code=payload.power_code, reference=payload.reference,
        steps=[{"step": item.step, "done_at": item.done_at} for item in payload.steps], finished=payload.finished)
    violation = found.violation
    body = {"result": found.result, "department": _department(department), "power_code": payload.power_code.strip(),
            "reference": payload.reference.strip(), "alerts": [_alert(alert) for alert in found.alerts],
            "violation": None if violation is None else {"index": violation.index, "step": violation.step,
                                                         "allowed": list(violation.allowed), "kind": violation.kind}}
    return (201 if found.raised else 200), body


# --- performance evaluation (绩效评估) ------------------------------------------------------------------

from typing import Literal  # this section's own imports

from django.utils import timezone

from yangguang.cases.models import Case
from yangguang.core.errors import Forbidden

from . import performance as perf
from .schemas import DepartmentPerformanceOut, PerformanceOut

performance_router = Router(tags=["supervision"])


class NotEvaluator(Forbidden):
    """Only supervisors, administrators and department heads see performance evaluation."""

    code = "not-evaluator"


def _evaluator(user) -> None:
    if not perf.performance_allowed(user):
        raise NotEvaluator(_("Performance evaluation is for supervisors of the region and department heads."))


def _period(period) -> dict:
    return {"label": period.label, "kind": period.kind, "start": period.start, "end": period.end}


def _rate(rate) -> dict:
    low, high = rate.interval or (None, None)
    return {"hits": rate.hits, "total": rate.total, "value": None if rate.value is None else float(rate.value),
            "low": low, "high": high}


def _row(figures) -> dict:
    return {
        "id": figures.key, "code": figures.code, "name": figures.name, "department": _department(figures.department),
        "score": figures.score_value, "place": list(figures.rank) if figures.rank else None,
        "counts": {key: value for key, value in figures.counts.items() if isinstance(value, int)},
        "alerts": figures.alerts, "complaints": figures.complaints,
        "rates": {key: _rate(rate) for key, rate in figures.rates.items()},
        "commitment_speedup": None if figures.speedup is None else float(figures.speedup),
        "average_days": figures.average_days, "committed_days": figures.committed_days,
        "statutory_days": figures.statutory_days, "licence_days": figures.licence_days,
        "months": [{"month": month, "score": float(score.total)} for month, score in figures.scores.items()],
    }


@performance_router.get("", response=PerformanceOut, auth=authenticated,
                        summary="Performance of departments or officers for a month, quarter or year (绩效评估)")
def performance_list(request: HttpRequest, period: str = "", by: Literal["department", "officer"] = "department"):
    _evaluator(request.user)
    found = perf.period_parse(period)
    now = timezone.now()
    rows = perf.league_for(request.user, found, now).rows if by == "department" else perf.officers_for(
        request.user, found, now)
    return {"period": {**_period(found), "months_scored": list(perf.months_scored(found, now))}, "by": by,
            "items": [_row(row) for row in rows]}


@performance_router.get("/departments/{department_id}", response=DepartmentPerformanceOut, auth=authenticated,
                        summary="One department's score line by line, with the alerts, complaints, cases and "
                                "powers behind each line")
def performance_department(request: HttpRequest, department_id: str, period: str = ""):
    _evaluator(request.user)
    found = perf.period_parse(period)
    detail = perf.department_detail_for(request.user, department_id, found, timezone.now())
    case_ids = {pk for month in detail.months for line in month.lines for pk in line.case_ids}
    numbers = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "number"))
    codes = {power.pk: power.code for power in detail.powers}
    body = _row(detail.figures)
    body["period"] = {**_period(found), "months_scored": [month.month for month in detail.months]}
    body["score_months"] = [{
        "month": month.month, "base": float(month.score.base), "score": month.total, "capped": month.score.capped,
        "floored": month.score.floored,
        "lines": [{"key": line.key, "label": str(line.label), "count": line.line.count, "share": (
            None if line.line.share is None else float(line.line.share)), "points": line.points,
            "alerts": [alert.pk for alert in line.alerts], "complaints": [c.number for c in line.complaints],
            "cases": [numbers[pk] for pk in line.case_ids], "powers": [codes[pk] for pk in line.power_ids]}
            for line in month.lines]} for month in detail.months]
    return body
