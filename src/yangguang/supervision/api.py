"""Electronic supervision API: alerts and their lifecycle, supervision orders, notifications.

Every write goes through ``services``, every read through ``selectors``; refusals are domain
errors that ``yangguang.api`` turns into problem+json."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from yangguang.core.apiauth import authenticated
from yangguang.core.errors import InvalidInput

from . import selectors, services
from .errors import NotificationNotFound
from .models import Alert, SupervisionOrder
from .schemas import (
    AlertActionIn,
    AlertDetail,
    AlertPage,
    NotificationOut,
    OrderActionIn,
    OrderIn,
    OrderOut,
)

alerts_router = Router(tags=["supervision"])
orders_router = Router(tags=["supervision"])
notifications_router = Router(tags=["supervision"])

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
            "order": alert.order_id}


def _order(order: SupervisionOrder) -> dict:
    return {"id": order.pk, "alert": order.alert_id, "department": _department(order.department),
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
    department = _department_of(payload.department) if payload.department else None
    order = services.order_issue(actor=request.user, alert=alert, department=department, text=payload.text)
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
    return {"id": row.pk, "kind": row.kind, "alert": row.alert_id, "order": row.order_id, "text": row.text,
            "created_at": row.created_at, "read_at": row.read_at}


@notifications_router.get("", response=list[NotificationOut], auth=authenticated, summary="Your notifications")
def notification_list(request: HttpRequest, unread: bool = False):
    return [_notification(row) for row in selectors.notification_list_for(request.user, unread=unread)[:PAGE_MAX]]


@notifications_router.post("/{notification_id}/read", response=NotificationOut, auth=authenticated,
                           summary="Mark one of your notifications read")
def notification_mark_read(request: HttpRequest, notification_id: int):
    row = selectors.notification_list_for(request.user).filter(pk=notification_id).first()
    if row is None:
        raise NotificationNotFound(_("No notification %(id)s.") % {"id": notification_id}, field="id", rule="own")
    return _notification(services.notification_read(actor=request.user, notification=row))
