"""The background tasks (后台任务) run the services; the one scheduler enqueues them when due and
never piles them up; ``yangguang worker --once`` does both for real.

The land pre-review is accepted Fri 2025-09-26 11:00 (see ``lifecycle_fixtures``); an order issued
Tue 2025-09-30 10:00 escalates at 2025-10-12 00:00 (see ``test_orders``)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from yangguang.cases.tests.conftest import at
from yangguang.core.models import ScheduledJob
from yangguang.core.worker import STALE_RUNNING, new_worker, schedule_tick

from .. import services, tasks
from ..models import Alert, AlertAction, Notification, SupervisionOrder, SweepRun
from .lifecycle_fixtures import *
from .performance_fixtures import make_case, november, planning_power  # noqa: F401 - fixtures

SWEEP, MONTHLY = (entry.name for entry in tasks.SCHEDULE)
EVERY = datetime.timedelta(seconds=tasks.SCHEDULE[0].rule.seconds)


def run_queued() -> list[DBTaskResult]:
    """Run every task ready with django-tasks-db's worker (its ``run_task``: the worker's loop
    closes the test's connection, so ``test_the_worker_command_once`` runs it in a real transaction)."""
    worker, ran = new_worker("test-worker"), []
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        result.refresh_from_db()
        ran.append(result)
    return ran


def test_the_sweep_task_sweeps_notifies_and_escalates_as_the_command_does(step_alert, people):
    order = services.order_issue(actor=people["supervisor"], alert=step_alert, text="请说明超时原因",
                                 now=at("2025-09-30 10:00"))
    tasks.sweep.enqueue(now="2025-10-24T00:00:00+08:00")  # over the committed limit, the order overdue
    [result] = run_queued()
    assert result.status == TaskResultStatus.SUCCESSFUL, result.traceback
    assert result.return_value["now"] == "2025-10-24T00:00:00+08:00" and result.return_value["escalated"] == 1
    run = SweepRun.objects.get(now=at("2025-10-24 00:00"))
    assert result.return_value["checked"] == run.checked and result.return_value["raised"] == run.raised >= 1
    assert not Alert.objects.filter(status="raised").exists()  # what it raised is notified
    assert SupervisionOrder.objects.get(pk=order.pk).status == "overdue"


def test_alerts_of_a_quiet_sweep_are_notified_later(land_power, apply, act, people, django_capture_on_commit_callbacks):
    case = apply(land_power, "2025-09-26 10:00")
    act(case, "window", "accept", "2025-09-26 11:00")
    run = services.sweep(now=at("2025-10-24 00:00"), notify=False)  # step and case rules at once
    assert run.raised == 4 and Alert.objects.filter(case=case, status="raised").count() == 4
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert services.alerts_notify(now=at("2025-10-24 09:00")) == 4
    step_users, case_users = {"review", "review2", "head", "supervisor"}, {"head", "supervisor"}
    for alert in Alert.objects.filter(case=case):
        users = step_users if alert.token_id else case_users
        assert alert.status == "notified" and alert.correction_due == at("2025-10-30 00:00")  # Mon, Tue, Wed
        assert set(Notification.objects.filter(alert=alert).values_list("user__username", flat=True)) == users
        # the text the SQL puts together is the one the template gives in Python
        assert set(Notification.objects.filter(alert=alert).values_list("text", "created_at")) == {(
            _("%(level)s %(rule)s on %(subject)s: %(detail)s Explain or correct by %(due)s.") % {
                "level": alert.get_level_display(), "rule": alert.rule.name, "subject": case.number,
                "detail": alert.detail, "due": "2025-10-29 24:00:00"}, at("2025-10-24 09:00"))}
        assert list(AlertAction.objects.filter(alert=alert).values_list("action", "from_status", "to_status", "text")) \
            == [("notify", "raised", "notified", _("%(count)s notified.") % {"count": len(users)})]
    # by e-mail after commit: review, head and supervisor have addresses; two step and two case alerts
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        ["review@example.gov.cn"] * 2 + ["head@example.gov.cn", "supervisor@example.gov.cn"] * 4)
    with transaction.atomic():
        assert services.alerts_notify(now=at("2025-10-24 10:00")) == 0  # nothing left raised


def test_the_monthly_task_runs_the_quantitative_analysis(november):
    monthly = Alert.objects.filter(period=datetime.date(2025, 11, 1))
    before = monthly.count()  # the fixture's own hand-made alerts
    tasks.quantitative_run.enqueue(month="2025-11-01", now="2025-12-03T06:00:00+08:00")
    [result] = run_queued()
    assert result.status == TaskResultStatus.SUCCESSFUL, result.traceback
    assert result.return_value == monthly.count() - before > 0
    assert monthly.filter(rule__code="Q01").exists()  # 2 of 5 overdue


def test_the_schedule_enqueues_when_due_and_never_piles_up(db):
    now = at("2026-07-03 06:00")  # Fri, the monthly slot
    assert schedule_tick(tasks.SCHEDULE, now) == [SWEEP, MONTHLY]  # never run: both at once
    monthly = DBTaskResult.objects.get(task_path=MONTHLY)
    assert monthly.args_kwargs == {"args": [], "kwargs": {"month": "2026-06-01"}}
    assert dict(ScheduledJob.objects.values_list("name", "last_enqueued_at")) == {SWEEP: now, MONTHLY: now}
    # the sweep is still queued a while later: not enqueued again
    assert schedule_tick(tasks.SCHEDULE, now + 3 * EVERY) == []
    assert DBTaskResult.objects.filter(task_path=SWEEP).count() == 1
    assert {result.status for result in run_queued()} == {TaskResultStatus.SUCCESSFUL}
    # done: due again a full interval after it was enqueued, not a second earlier
    assert schedule_tick(tasks.SCHEDULE, now + EVERY - datetime.timedelta(seconds=1)) == []
    assert schedule_tick(tasks.SCHEDULE, now + EVERY) == [SWEEP]
    assert ScheduledJob.objects.get(name=MONTHLY).last_enqueued_at == now
    # the next month's slot (Mon 2026-08-03 06:00) for July
    run_queued()
    assert MONTHLY not in schedule_tick(tasks.SCHEDULE, at("2026-08-03 05:59:59"))
    run_queued()
    assert MONTHLY in schedule_tick(tasks.SCHEDULE, at("2026-08-03 06:00"))
    assert DBTaskResult.objects.filter(task_path=MONTHLY).latest("enqueued_at").args_kwargs["kwargs"] == {
        "month": "2026-07-01"}


def test_a_run_left_running_by_a_dead_worker_holds_the_sweep_back_only_for_a_while(db):
    result = tasks.sweep.enqueue().db_result
    result.claim("a-worker-killed-since")
    assert schedule_tick(tasks.SCHEDULE[:1], result.started_at + STALE_RUNNING - datetime.timedelta(seconds=1)) == []
    assert schedule_tick(tasks.SCHEDULE[:1], result.started_at + STALE_RUNNING) == [SWEEP]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the seeded calendar for the tests after
def test_the_worker_command_once():
    call_command("worker", "--once")
    assert set(ScheduledJob.objects.values_list("name", flat=True)) >= {SWEEP, MONTHLY}
    sweep = DBTaskResult.objects.get(task_path=SWEEP)
    assert sweep.status == TaskResultStatus.SUCCESSFUL, sweep.traceback
    assert SweepRun.objects.count() == 1 and sweep.return_value["checked"] == SweepRun.objects.get().checked
    assert not DBTaskResult.objects.exclude(status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]).exists()
    count = DBTaskResult.objects.count()
    call_command("worker", "--once")  # nothing due a moment later
    assert DBTaskResult.objects.count() == count and SweepRun.objects.count() == 1
