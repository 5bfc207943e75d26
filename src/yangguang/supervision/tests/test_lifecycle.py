"""The alert lifecycle (预警纠错): raised → notified → explained/corrected → confirmed or rejected,
card removal (摘牌) requested and approved or refused, who may act, and the log of every step.

The case is the land pre-review accepted Fri 2025-09-26 11:00; its first review (post "review",
2 working days) is over its limit at Tue 2025-09-30 00:00, when the sweep raises T02 (yellow)."""

import pytest
from django.core import mail

from yangguang.cases.tests.conftest import at
from yangguang.core.errors import InvalidInput

from .. import services
from ..errors import NotResponsible, WrongStatus
from ..models import Alert, AlertAction, Notification
from .lifecycle_fixtures import *


def do(alert, who, people, action, when, text="说明"):
    return services.alert_act(actor=people[who], alert=alert, action=action, text=text, now=at(when))


def log(alert):
    return list(AlertAction.objects.filter(alert=alert).values_list("action", "from_status", "to_status"))


def test_raising_notifies_the_post_holders_the_head_and_the_supervisors(step_alert, people):
    alert = step_alert
    assert alert.status == "notified"
    # 3 working days counted from the next day, over the National Day holiday (10-01…10-08):
    # Thu 10-09, Fri 10-10, Sat 10-11 (make-up workday) → 24:00 of 10-11
    assert alert.correction_due == at("2025-10-12 00:00")
    users = set(Notification.objects.filter(alert=alert).values_list("user__username", flat=True))
    # holders of the step's post (审查岗) in the land bureau, its head, the city's supervisor; not the
    # planning bureau's reviewer, not the window, not another city's supervisor
    assert users == {"review", "review2", "head", "supervisor"}
    note = Notification.objects.get(alert=alert, user=people["review"])
    assert note.kind == "alert" and note.read_at is None and note.created_at == at("2025-09-30 00:00")
    assert log(alert) == [("notify", "raised", "notified")]


def test_mail_goes_out_only_after_commit(land_power, apply, act, people, django_capture_on_commit_callbacks):
    case = apply(land_power, "2025-09-26 10:00")
    act(case, "window", "accept", "2025-09-26 11:00")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.sweep(now=at("2025-09-30 00:00"))
    assert mail.outbox == [] and callbacks  # written, not yet sent
    for callback in callbacks:
        callback()
    recipients = sorted(address for message in mail.outbox for address in message.to)
    # T01 (prompt) and T02 (yellow) both fire by then: each to the three users with an address
    assert recipients == sorted(["review@example.gov.cn", "head@example.gov.cn", "supervisor@example.gov.cn"] * 2)


def test_a_second_sweep_notifies_nobody_twice(step_alert):
    count = Notification.objects.count()
    services.sweep(now=at("2025-09-30 00:00"))
    services.sweep(now=at("2025-09-30 01:00"))
    assert Notification.objects.count() == count


def test_correction_rejected_then_corrected_again_and_confirmed(step_alert, people):
    alert = do(step_alert, "review", people, "explain", "2025-10-09 09:00", "材料待补，已催告")
    assert alert.status == "explained"
    alert = do(alert, "supervisor", people, "reject", "2025-10-09 10:00", "理由不成立")
    assert alert.status == "rejected"
    assert alert.correction_due == at("2025-10-14 00:00")  # a fresh 3 working days: 10-10, 10-11 (make-up), 10-13
    alert = do(alert, "head", people, "correct", "2025-10-10 09:00", "已完成初审")
    alert = do(alert, "supervisor", people, "confirm", "2025-10-10 10:00", "")
    assert alert.status == "confirmed"
    assert log(alert) == [("notify", "raised", "notified"), ("explain", "notified", "explained"),
                          ("reject", "explained", "rejected"), ("correct", "rejected", "corrected"),
                          ("confirm", "corrected", "confirmed")]
    assert AlertAction.objects.get(alert=alert, action="reject").actor == people["supervisor"]
    # each step reaches the other side: the supervisor hears of the explanation, the department of the rejection
    assert list(Notification.objects.filter(alert=alert, kind="explain").values_list("user__username", flat=True)) == [
        "supervisor"]
    assert set(Notification.objects.filter(alert=alert, kind="reject").values_list("user__username", flat=True)) == {
        "head", "review", "review2"}
    with pytest.raises(WrongStatus) as refused:
        do(alert, "review", people, "explain", "2025-10-10 11:00")
    assert (refused.value.field, refused.value.rule) == ("action", "status")


def test_card_removal_refused_goes_back_then_approved_removes(step_alert, people):
    alert = do(step_alert, "review", people, "request_removal", "2025-10-09 09:00", "申请人补充材料，客观原因")
    assert alert.status == "removal_requested"
    alert = do(alert, "supervisor", people, "refuse_removal", "2025-10-09 10:00", "不属客观原因")
    assert alert.status == "notified"  # back where the request came from
    alert = do(alert, "head", people, "request_removal", "2025-10-09 11:00", "系统故障，附证明")
    alert = do(alert, "supervisor", people, "approve_removal", "2025-10-09 12:00", "")
    assert alert.status == "removed" and Alert.objects.filter(pk=alert.pk).exists()  # never deleted
    assert [row[0] for row in log(alert)] == ["notify", "request_removal", "refuse_removal", "request_removal",
                                              "approve_removal"]


@pytest.mark.parametrize("who, action, rule", [
    ("planning", "explain", "department-side"),  # an officer of another department
    ("window", "explain", "department-side"),  # the right department, not the step's post
    ("far_supervisor", "request_removal", "department-side"),
    ("review", "confirm", "supervisor-side"),  # the department cannot confirm itself
    ("far_supervisor", "confirm", "supervisor-side"),  # a supervisor of another region
])
def test_who_may_not_act(step_alert, people, who, action, rule):
    if action == "confirm":
        do(step_alert, "review", people, "explain", "2025-10-09 09:00")
    with pytest.raises(NotResponsible) as refused:
        do(step_alert, who, people, action, "2025-10-09 10:00")
    assert (refused.value.field, refused.value.rule, refused.value.status) == ("action", rule, 403)


def test_a_reason_is_required_and_unknown_actions_named(step_alert, people):
    with pytest.raises(InvalidInput) as refused:
        do(step_alert, "review", people, "request_removal", "2025-10-09 09:00", "  ")
    assert (refused.value.field, refused.value.rule) == ("text", "required")
    with pytest.raises(InvalidInput) as refused:
        do(step_alert, "review", people, "delete", "2025-10-09 09:00")
    assert (refused.value.field, refused.value.rule) == ("action", "choice")
    assert Alert.objects.get(pk=step_alert.pk).status == "notified"


def test_a_case_alert_goes_to_the_head_and_supervisor_only(land_power, apply, act, people):
    case = apply(land_power, "2025-09-26 10:00")
    act(case, "window", "accept", "2025-09-26 11:00")
    services.sweep(now=at("2025-10-24 00:00"))  # T04: over the committed limit
    alert = Alert.objects.get(case=case, rule__code="T04")
    assert set(Notification.objects.filter(alert=alert).values_list("user__username", flat=True)) == {
        "head", "supervisor"}
    with pytest.raises(NotResponsible):  # no step: only the head explains
        do(alert, "review", people, "explain", "2025-10-24 09:00")
    assert do(alert, "head", people, "explain", "2025-10-24 09:00").status == "explained"


def test_an_on_event_alert_is_notified_in_the_case_transaction(land_power, apply, act, people):
    case = apply(land_power, "2025-09-26 10:00")
    # E01: a correction notice at the end of the fifth working day after receipt (Sat 10-11, make-up)
    act(case, "window", "request_correction", "2025-10-11 00:00", items=["申请表缺少签章"])
    alert = Alert.objects.get(case=case, rule__code="E01")
    assert alert.status == "notified" and alert.correction_due == at("2025-10-16 00:00")  # Mon 10-13 … Wed 10-15
    assert set(Notification.objects.filter(alert=alert).values_list("user__username", flat=True)) == {
        "head", "supervisor"}
