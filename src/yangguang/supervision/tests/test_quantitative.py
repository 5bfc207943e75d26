"""The monthly quantitative rules (定量分析, Q01–Q05) run by ``services.quantitative_run``: each
indicator silent exactly at its line and firing just past it, department alerts with the value
and the threshold, notified, idempotent, disabled rules skipped, and ``sweep --month``.

The land bureau and the planning bureau are compared with each other (one city); November 2025
is evaluated at 06:00 on 3 December."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import gettext as _

from yangguang.cases.tests.conftest import _published, at
from yangguang.catalog.models import PowerVersion
from yangguang.core.errors import InvalidInput

from .. import services
from ..models import Alert, AlertAction, AlertRule, Notification
from .performance_fixtures import *
from .performance_fixtures import NOVEMBER_NOW, PLANNING_FLOW, make_alert

NOW = at(NOVEMBER_NOW)
MONTH = date(2025, 11, 1)


def run():
    return services.quantitative_run(month=MONTH, now=NOW)


def fired(code):
    return sorted((a.department.short_name, a.level) for a in Alert.objects.filter(rule__code=code, period=MONTH))


def clear(code):
    """Forget a rule's alerts (they are never deleted in use), so that the next run starts afresh."""
    alerts = Alert.objects.filter(rule__code=code)
    Notification.objects.filter(alert__in=alerts).delete()
    AlertAction.objects.filter(alert__in=alerts).delete()
    alerts.delete()


def tune(code, **params):
    AlertRule.objects.filter(code=code).update(params=params)


@pytest.fixture
def listed(land_power, joint_power, planning_power):
    """Every power published on 2 January 2025, so listed in November whether used or not."""
    PowerVersion.objects.update(published_at=at("2025-01-02 09:00"))
    return {"land": land_power, "joint": joint_power, "planning": planning_power}


def finished(make_case, power, day, *, late=False, decision="granted", hours=24):
    """A case finished on 2025-11-``day`` 12:00, ``hours`` after its clock started, on time or late."""
    completed = at(f"2025-11-{day:02d} 12:00")
    due = completed + (timedelta(hours=-1) if late else timedelta(days=5))
    return make_case(power, f"2025-11-{day:02d} 08:00", state="completed", decision=decision,
                     decision_reason="不符合条件" if decision == "denied" else "", clock_start=completed - timedelta(hours=hours),
                     committed_due=due, statutory_due=due + timedelta(days=10), decided_at=completed,
                     completed_at=completed)


def test_q01_overdue_rate_yellow_past_the_first_line_red_past_the_second(listed, make_case):
    tune("Q01", yellow_above=0.25, red_above=0.5)
    land = [finished(make_case, listed["land"], day) for day in (3, 4, 5, 6)]  # 4 due in November
    planning = [finished(make_case, listed["planning"], day, late=day == 3) for day in (3, 4, 5, 6)]
    run()
    assert fired("Q01") == []  # land 0 %, planning exactly 25 %: at the yellow line, not above it
    clear("Q01")
    for case in planning[1:2] + land[:2]:
        case.completed_at = case.committed_due
        case.save(update_fields=["completed_at"])  # finished exactly at the due: late
    run()
    assert fired("Q01") == [("国土局", "yellow"), ("规划局", "yellow")]  # both exactly 50 %: yellow, not red
    alert = Alert.objects.get(rule__code="Q01", department__short_name="国土局")
    assert alert.case is None and alert.raised_at == NOW and alert.period == MONTH
    assert alert.detail == _("Overdue rate %(value)s in %(month)s (%(n)s of %(total)s cases due); %(level)s above "
                             "%(threshold)s.") % {"value": "50.00%", "month": "2025-11", "n": 2, "total": 4,
                                                  "level": _("yellow"), "threshold": "25.00%"}  # 2 of 4 overdue
    clear("Q01")
    land[2].completed_at = land[2].committed_due
    land[2].save(update_fields=["completed_at"])
    run()
    assert fired("Q01") == [("国土局", "red"), ("规划局", "yellow")]  # 75 %: red
    assert "75.00%" in Alert.objects.get(rule__code="Q01", level="red").detail


def test_q02_rejection_rate_red_past_its_line(listed, make_case):
    tune("Q02", red_above=0.5)
    [finished(make_case, listed["land"], day, decision="denied" if day < 5 else "granted")
             for day in (3, 4, 5, 6)]
    run()
    assert fired("Q02") == []  # 2 of 4 decisions: exactly 50 %
    clear("Q02")
    make_case(listed["land"], "2025-11-07 09:00", state="refused", completed_at="2025-11-07 10:00",
              closing_reason="材料不全且逾期未补正")  # a refusal to accept is a decision too: 3 of 5
    run()
    [alert] = Alert.objects.filter(rule__code="Q02", period=MONTH)
    assert (alert.level, alert.department.short_name) == ("red", "国土局")
    assert "60.00%" in alert.detail and "50.00%" in alert.detail


def test_q03_power_usage_red_below_its_share_of_the_average(listed, make_case, planning_bureau):
    planning_more = [_published(planning_bureau, sequence, PLANNING_FLOW, name=f"规划事项{sequence}")
                     for sequence in (2, 3, 4)]
    PowerVersion.objects.update(published_at=at("2025-01-02 09:00"))
    make_case(listed["land"], "2025-11-03 09:00")  # land: 1 of 2 used (50 %)
    for power in [listed["planning"]] + planning_more[:2]:  # planning: 3 of 4 (75 %)
        make_case(power, "2025-11-04 09:00")
    run()
    assert fired("Q03") == []  # average 62.5 %, line 80 % of it = 50 %: land exactly at it
    make_case(planning_more[2], "2025-11-05 09:00")  # planning 4 of 4: average 75 %, line 60 %
    run()
    assert fired("Q03") == [("国土局", "red")]
    assert "50.00%" in Alert.objects.get(rule__code="Q03").detail


def test_q04_licence_duration_red_past_its_share_of_the_average(listed, make_case):
    finished(make_case, listed["land"], 3, hours=12 * 24)  # land 12 days
    finished(make_case, listed["planning"], 3, hours=8 * 24)  # planning 8 days: average 10, line 12
    run()
    assert fired("Q04") == []
    finished(make_case, listed["land"], 4, hours=14 * 24)  # land 13 days: average 10.5, line 12.6
    run()
    [alert] = Alert.objects.filter(rule__code="Q04", period=MONTH)
    assert alert.department.short_name == "国土局" and alert.level == "red"
    assert "13.0" in alert.detail and "12.6" in alert.detail and "10.5" in alert.detail


def test_q05_alarm_rate_red_past_its_share_of_the_average(listed, make_case):
    land = [make_case(listed["land"], f"2025-11-0{day} 09:00", state="in_progress") for day in (3, 4)]
    planning = [make_case(listed["planning"], f"2025-11-0{day} 09:00", state="in_progress") for day in (3, 4, 5)]
    make_alert("T04", "red", "2025-11-20 00:00", case=land[0])  # land 1 of 2 (50 %)
    make_alert("T04", "red", "2025-11-20 00:00", case=planning[0])  # planning 1 of 3
    run()
    assert fired("Q05") == []  # average 5/12, line 120 % of it = 50 %: land exactly at it
    make_alert("T04", "red", "2025-11-21 00:00", case=land[1])  # land 2 of 2: average 2/3, line 80 %
    run()
    assert fired("Q05") == [("国土局", "red")]
    detail = Alert.objects.get(rule__code="Q05").detail
    assert "100.00%" in detail and "80.00%" in detail


def test_a_run_is_idempotent_notifies_and_skips_disabled_rules(listed, make_case, supervisor, officers):
    tune("Q01", yellow_above=0.25, red_above=0.5)
    finished(make_case, listed["land"], 3, late=True)  # land: 1 of 1 overdue, the only licence
    AlertRule.objects.filter(code="Q04").update(enabled=False)
    # land red for Q01; planning uses none of its listed power (0 % < 80 % of 25 %): red for Q03
    assert run() == 2
    assert fired("Q01") == [("国土局", "red")] and fired("Q03") == [("规划局", "red")] and fired("Q04") == []
    alert = Alert.objects.get(rule__code="Q01")
    assert alert.status == "notified" and alert.correction_due is not None
    told = set(Notification.objects.filter(alert=alert).values_list("user__username", flat=True))
    assert {supervisor.username, officers["head"].username} <= told
    assert run() == 0 and services.quantitative_run(month=MONTH, now=NOW + timedelta(days=1)) == 0
    assert Alert.objects.filter(rule__code__startswith="Q").count() == 2
    assert Notification.objects.filter(alert=alert).count() == len(told)  # not notified twice


def test_a_month_not_begun_is_refused(db):
    with pytest.raises(InvalidInput) as error:
        services.quantitative_run(month=date(2026, 1, 1), now=at("2025-12-31 23:59"))
    assert error.value.field == "month"
    with pytest.raises(InvalidInput):
        services.quantitative_run(month="2025-11", now=NOW)


def test_sweep_month_runs_the_monthly_rules(listed, make_case):
    tune("Q01", yellow_above=0.25, red_above=0.5)
    finished(make_case, listed["land"], 3, late=True)
    out = StringIO()
    call_command("sweep", "--month", "2025-11", "--now", "2025-12-03 06:00", stdout=out)
    assert "quantitative rules for 2025-11: raised" in out.getvalue() and fired("Q01") == [("国土局", "red")]
    for bad in ("2025-13", "2025-Q4", "2027-01"):
        with pytest.raises(CommandError) as error:
            call_command("sweep", "--month", bad, "--now", "2025-12-03 06:00")
        assert "--month" in str(error.value)
