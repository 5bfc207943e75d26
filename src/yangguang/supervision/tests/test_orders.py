"""Supervision orders (督办单): issue, reply, conclude, and escalation of an order not answered by
its feedback deadline, exact to the second across the National Day holiday.

An order issued Tue 2025-09-30 10:00 with 3 working days counts from the next day: the holiday
runs 10-01…10-08, so Thu 10-09, Fri 10-10 and Sat 10-11 (a make-up workday) → due 24:00 of 10-11,
escalation at 2025-10-12 00:00:00 and not at 10-11 23:59:59."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yangguang.cases.tests.conftest import at
from yangguang.core.errors import InvalidInput
from yangguang.org.models import Role

from .. import services
from ..errors import NotResponsible, WrongStatus
from ..models import Alert, AlertAction, Notification, SupervisionOrder
from .lifecycle_fixtures import *

SECOND = timedelta(seconds=1)
DUE = at("2025-10-12 00:00")


@pytest.fixture
def province_supervisor(make_user, city):
    return make_user("province-supervisor", Role.SUPERVISOR, region=city.parent)


@pytest.fixture
def order(step_alert, people):
    return services.order_issue(actor=people["supervisor"], alert=step_alert, text="请于限期内说明超时原因并整改",
                                now=at("2025-09-30 10:00"))


def test_an_order_on_an_alert_has_a_feedback_deadline_and_reaches_the_head(order, step_alert, people):
    assert order.feedback_due == DUE and order.status == "open"
    assert order.department == step_alert.department and order.region.code == "320100"
    assert order.issued_by == people["supervisor"] and order.parent is None
    assert list(Notification.objects.filter(order=order).values_list("user__username", "kind")) == [("head", "order")]
    assert AlertAction.objects.filter(alert=step_alert, action="order").exists()


def test_a_reply_in_time_stops_the_escalation(order, people):
    services.order_reply(actor=people["head"], order=order, text="已整改完毕", now=DUE - SECOND)
    assert services.orders_escalate(DUE) == 0
    order.refresh_from_db()
    assert order.status == "replied" and order.replied_by == people["head"] and order.replied_at == DUE - SECOND
    order = services.order_conclude(actor=people["supervisor"], order=order, text="反馈属实，办结", verified=True,
                                    now=at("2025-10-13 09:00"))
    assert order.status == "concluded" and order.verified is True and order.concluded_by == people["supervisor"]


def test_escalation_at_the_exact_second_of_the_deadline(order, people, province_supervisor):
    assert services.orders_escalate(at("2025-10-11 00:00")) == 0  # the make-up Saturday still counts
    assert services.orders_escalate(DUE - SECOND) == 0
    assert services.orders_escalate(DUE) == 1
    order.refresh_from_db()
    assert order.status == "overdue" and order.escalated_at == DUE
    alert = Alert.objects.get(order=order)
    assert (alert.rule.code, alert.level, alert.status, alert.raised_at) == ("S01", "red", "notified", DUE)
    assert alert.case_id == order.alert.case_id and alert.department_id == order.department_id
    follow_up = SupervisionOrder.objects.get(parent=order)
    assert follow_up.region.code == "320000" and follow_up.issued_by is None and follow_up.alert == order.alert
    assert follow_up.feedback_due == at("2025-10-16 00:00")  # Mon 10-13, Tue 10-14, Wed 10-15
    assert set(Notification.objects.filter(order=follow_up).values_list("user__username", flat=True)) == {
        "head", "province-supervisor"}
    # idempotent: nothing twice
    counts = (Alert.objects.count(), SupervisionOrder.objects.count(), Notification.objects.count())
    assert services.orders_escalate(DUE) == 0 and services.orders_escalate(DUE + timedelta(hours=1)) == 0
    assert (Alert.objects.count(), SupervisionOrder.objects.count(), Notification.objects.count()) == counts
    # the province's own order escalates too, with nowhere further to go
    assert services.orders_escalate(at("2025-10-16 00:00")) == 1
    assert follow_up.follow_ups.count() == 0 and Alert.objects.filter(order=follow_up, rule__code="S01").exists()
    # a late reply is still recorded; the province's supervisor concludes its own order
    services.order_reply(actor=people["head"], order=follow_up, text="迟到的反馈", now=at("2025-10-16 09:00"))
    with pytest.raises(NotResponsible):  # a city supervisor is not of the province's level
        services.order_conclude(actor=people["supervisor"], order=follow_up, text="x", verified=False)
    done = services.order_conclude(actor=province_supervisor, order=follow_up, text="反馈不实", verified=False)
    assert done.verified is False


def test_the_sweep_command_escalates(order):
    call_command("sweep", now="2025-10-11 23:59:59")
    assert SupervisionOrder.objects.get(pk=order.pk).status == "open"
    call_command("sweep", now="2025-10-12 00:00:00")
    call_command("sweep", now="2025-10-12 00:00:00")
    assert SupervisionOrder.objects.get(pk=order.pk).status == "overdue"
    assert SupervisionOrder.objects.filter(parent=order).count() == 1


def test_an_order_on_a_department_escalates_with_a_department_alert(people, land_bureau):
    order = services.order_issue(actor=people["supervisor"], department=land_bureau, text="近期超时件较多，请整改",
                                 now=at("2025-09-30 10:00"))
    assert order.alert is None and order.feedback_due == DUE
    services.orders_escalate(DUE)
    alert = Alert.objects.get(order=order)
    assert alert.case is None and alert.department == land_bureau and alert.level == "red"


def test_refusals(order, people, step_alert, land_bureau):
    with pytest.raises(NotResponsible) as refused:  # a supervisor of another region
        services.order_issue(actor=people["far_supervisor"], alert=step_alert, text="x")
    assert (refused.value.field, refused.value.rule) == ("department", "supervisor-side")
    with pytest.raises(NotResponsible):  # an officer is not a supervisor
        services.order_issue(actor=people["review"], department=land_bureau, text="x")
    with pytest.raises(InvalidInput) as refused:
        services.order_issue(actor=people["supervisor"], alert=step_alert, department=land_bureau, text="x")
    assert refused.value.rule == "one-of"
    with pytest.raises(InvalidInput) as refused:
        services.order_issue(actor=people["supervisor"], department=land_bureau, text=" ")
    assert (refused.value.field, refused.value.rule) == ("text", "required")
    with pytest.raises(NotResponsible) as refused:  # only the head replies
        services.order_reply(actor=people["review"], order=order, text="x")
    assert refused.value.rule == "department-head"
    with pytest.raises(WrongStatus):  # nothing to conclude before a reply
        services.order_conclude(actor=people["supervisor"], order=order, text="x", verified=True)


def test_escalation_takes_as_many_queries_for_five_overdue_orders_as_for_one(people, land_bureau,
                                                                             province_supervisor):
    """Set-based: the follow-up orders and their notifications are written in bulk, so the number
    of queries does not grow with the number of overdue orders."""

    def issue(count, when):
        return [services.order_issue(actor=people["supervisor"], department=land_bureau, text=f"请整改 {n}",
                                     now=at(when)) for n in range(count)]

    one = issue(1, "2025-09-30 10:00")  # due 2025-10-12 00:00
    five = issue(5, "2025-10-09 10:00")  # Thu: Fri 10-10, Sat 10-11 (make-up), Mon 10-13 → due 10-14
    with CaptureQueriesContext(connection) as first:
        assert services.orders_escalate(DUE) == 1
    with CaptureQueriesContext(connection) as second:
        assert services.orders_escalate(at("2025-10-14 00:00")) == 5
    assert len(second) == len(first)
    for order in one + five:
        follow_up = SupervisionOrder.objects.get(parent=order)
        assert follow_up.region.code == "320000" and follow_up.issued_by is None and follow_up.alert is None
        assert follow_up.department == land_bureau and follow_up.text.endswith(order.text)
        notes = Notification.objects.filter(order=follow_up)
        assert sorted(notes.values_list("user__username", "kind")) == [
            ("head", "escalation"), ("province-supervisor", "escalation")]
        assert {note.text for note in notes} == {follow_up.text}
    counts = (SupervisionOrder.objects.count(), Notification.objects.count())
    assert services.orders_escalate(at("2025-10-14 00:00")) == 0
    assert (SupervisionOrder.objects.count(), Notification.objects.count()) == counts
