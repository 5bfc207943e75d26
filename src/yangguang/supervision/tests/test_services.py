"""The on-event hook, the incremental sweep and rule tuning, on the land pre-review accepted
Fri 2025-09-26 11:00 (committed 15 working days → due 10-24 00:00, statutory 20 → 10-31 00:00)."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from yangguang.cases.domain import OPEN_STATES
from yangguang.cases.models import Case, Token
from yangguang.cases.selectors import case_light
from yangguang.cases.tests.conftest import at
from yangguang.org.models import Role

from .. import domain, services
from ..errors import InvalidRule, NotSupervisor
from ..models import Alert, AlertRule, SweepRun, Watch
from ..selectors import alert_list_for, sweep_last

SECOND = timedelta(seconds=1)


def codes(case):
    return sorted(Alert.objects.filter(case=case).values_list("rule__code", flat=True))


@pytest.fixture
def accepted(land_power, apply, act):
    case = apply(land_power, "2025-09-26 10:00")
    return act(case, "window", "accept", "2025-09-26 11:00")


def test_each_time_rule_fires_at_its_instant_and_not_one_second_before(accepted):
    case = accepted
    first_review = Token.objects.get(case=case, step__key="first-review")
    # (rule, instant, level): 初审 has 2 working days: 09-28 (make-up Sunday) and 09-29
    timeline = [
        ("T01", "2025-09-29 14:24", "prompt"),  # 0.8 of the step's 2 days
        ("T02", "2025-09-30 00:00", "yellow"),  # the step's due
        ("T03", "2025-10-22 12:00", "yellow"),  # 13.5 of 15 working days, across the National Day holiday
        ("T04", "2025-10-24 00:00", "red"),  # committed due
        ("T05", "2025-10-31 00:00", "red"),  # statutory due: always red
    ]
    raised = []
    for code, when, level in timeline:
        assert Watch.objects.get(case=case).next_at == at(when)
        run = services.sweep(now=at(when) - SECOND)
        assert run.raised == 0 and codes(case) == sorted(raised)
        run = services.sweep(now=at(when))
        assert (run.checked, run.raised) == (1, 1)
        raised.append(code)
        alert = Alert.objects.get(case=case, rule__code=code)
        assert alert.level == level and alert.raised_at == at(when) and alert.department_id == case.department_id
        assert alert.status == "notified" and alert.detail  # raised, then notified at once
        assert alert.token_id == (first_review.pk if code in ("T01", "T02") else None)
    case.refresh_from_db()
    assert case_light(case, at("2025-10-22 12:00")) == "yellow" and case_light(case, at("2025-10-22 12:00") - SECOND) == "green"
    assert Watch.objects.get(case=case).next_at is None  # every rule has fired


def test_a_sweep_twice_raises_nothing_twice(accepted):
    first = services.sweep(now=at("2025-11-01 00:00"))
    assert (first.checked, first.raised) == (1, 5)
    again = services.sweep(now=at("2025-11-01 00:00"))
    assert (again.checked, again.raised) == (0, 0)
    # an action re-arms the watch; the re-evaluation raises nothing it already raised
    Watch.objects.filter(case=accepted).update(next_at=at("2025-09-30 00:00"))
    third = services.sweep(now=at("2025-11-02 00:00"))
    assert (third.checked, third.raised) == (1, 0)
    assert Alert.objects.filter(case=accepted).count() == 5


def test_a_suspension_stops_the_clock_and_nothing_fires_during_it(accepted, act):
    assert services.sweep(now=at("2025-10-20 09:00")).raised == 2  # the step's prompt and yellow
    case = act(accepted, "review", "suspend", "2025-10-20 10:00", kind="expert_review", reason="专家评审")
    assert Watch.objects.get(case=case).next_at is None
    run = services.sweep(now=at("2025-11-30 00:00"))  # far past every unsuspended due
    assert (run.checked, run.raised) == (0, 0)
    assert codes(case) == ["T01", "T02"]
    case = act(case, "review", "resume", "2025-12-01 10:00")
    # an action re-arms the watch at the case's earliest instant, here one already raised: the
    # next sweep looks at the case once, raises nothing twice and moves the watch on
    assert Watch.objects.get(case=case).next_at == at("2025-09-29 14:24")
    assert (services.sweep(now=at("2025-12-01 10:00")).raised, codes(case)) == (0, ["T01", "T02"])
    # 11 days 10 hours were counted before; 2 days 2 hours more after 12-01 10:00 → 12-03 12:00
    assert Watch.objects.get(case=case).next_at == at("2025-12-03 12:00")
    assert services.sweep(now=at("2025-12-03 12:00") - SECOND).raised == 0
    assert services.sweep(now=at("2025-12-03 12:00")).raised == 1
    assert codes(case) == ["T01", "T02", "T03"]


def test_an_incremental_sweep_with_nothing_due_touches_no_case(land_power, apply, django_assert_max_num_queries):
    for _i in range(50):
        apply(land_power, "2025-09-26 10:00")
    assert Watch.objects.filter(next_at__isnull=False).count() == 50
    # the run's record, the rules, the due watches, the complaints past their acceptance due
    with django_assert_max_num_queries(7):
        run = services.sweep(now=at("2025-09-28 19:11:59"))
    assert (run.checked, run.raised) == (0, 0)
    # the acceptance step (1 working day: Sun 09-28, a make-up workday) is at 0.8 at 19:12
    run = services.sweep(now=at("2025-09-28 19:12"))
    assert (run.checked, run.raised) == (50, 50)
    with django_assert_max_num_queries(7):
        assert services.sweep(now=at("2025-09-28 19:12")).checked == 0


def test_a_case_over_its_statutory_limit_is_red_whatever_the_rule_row_says(accepted):
    AlertRule.objects.filter(code="T05").update(level="prompt")  # bypassing the admin, which keeps it fixed
    services.sweep(now=at("2025-10-31 00:00"))
    assert Alert.objects.get(case=accepted, rule__code="T05").level == "red"
    assert Alert.objects.get(case=accepted, rule__code="T04").level == "red"


def test_closed_cases_are_not_watched(land_power, apply, act):
    case = apply(land_power, "2025-09-26 10:00")
    case = act(case, "window", "refuse", "2025-09-26 11:00", reason="不属于本机关职权范围")
    assert Watch.objects.get(case=case).next_at is None
    assert Alert.objects.filter(case=case).count() == 0  # a refusal with its reason raises nothing


def test_a_late_correction_notice_raises_acceptance_late(land_power, apply, act):
    # five working days after Fri 09-26: 09-28 (make-up), 29, 30, 10-09, 10 → by 24:00 of 10-10
    in_time = apply(land_power, "2025-09-26 10:00")
    act(in_time, "window", "request_correction", "2025-10-10 23:59:59", items=["申请表缺少签章"])
    assert codes(in_time) == []
    late = apply(land_power, "2025-09-26 10:00")
    act(late, "window", "request_correction", "2025-10-11 00:00", items=["申请表缺少签章"])
    alert = Alert.objects.get(case=late)
    assert (alert.rule.code, alert.level, alert.raised_at) == ("E01", "yellow", at("2025-10-11 00:00"))
    # during the correction the acceptance step's clock is stopped: it is not watched
    assert Watch.objects.get(case=late).next_at is None


def test_supervisors_tune_rules_with_history(accepted, supervisor, officers):
    rule = AlertRule.objects.get(code="T03")
    with pytest.raises(NotSupervisor):
        services.rule_update(actor=officers["window"], rule=rule, enabled=False)
    with pytest.raises(InvalidRule) as error:
        services.rule_update(actor=supervisor, rule=rule, params={"share": 1.2})
    assert error.value.field == "params.share"
    services.rule_update(actor=supervisor, rule=rule, params={"share": 0.5}, now=at("2025-09-27 00:00"))
    change = rule.history.first()  # the seeded rows have no history; every change has
    assert (change.history_user, change.params) == (supervisor, {"share": 0.5})
    # 7.5 of 15 working days: 09-28, 29, 30, 10-09, 10, 11, 13 and half of 10-14
    services.sweep(now=at("2025-10-14 11:59:59"))
    assert "T03" not in codes(accepted)
    services.sweep(now=at("2025-10-14 12:00"))
    assert "T03" in codes(accepted)
    services.rule_update(actor=supervisor, rule=AlertRule.objects.get(code="T04"), enabled=False,
                         now=at("2025-10-15 00:00"))
    services.sweep(now=at("2025-11-01 00:00"))
    assert codes(accepted) == ["T01", "T02", "T03", "T05"]


def test_alerts_are_visible_to_the_region_supervisors_and_the_department_head(accepted, supervisor, officers,
                                                                             make_user, other_city):
    services.sweep(now=at("2025-11-01 00:00"))
    assert alert_list_for(supervisor).count() == 5
    assert alert_list_for(supervisor, level="red").count() == 2
    assert alert_list_for(officers["head"]).count() == 5
    assert alert_list_for(officers["applicant"]).count() == 0
    assert alert_list_for(make_user("far", Role.SUPERVISOR, region=other_city)).count() == 0


def test_the_sweep_command_records_its_run(accepted, capsys):
    call_command("sweep", "--now", "2025-10-24T00:00:00+08:00")
    assert "checked 1 cases, raised 4 alerts" in capsys.readouterr().out
    last = sweep_last()
    assert (last.now, last.checked, last.raised) == (at("2025-10-24 00:00"), 1, 4)
    assert last.finished_at >= last.started_at
    assert SweepRun.objects.count() == 1


def test_a_refusal_without_a_reason_that_bypassed_the_service_is_red(accepted):
    from yangguang.cases.models import Event

    # the case service refuses a refusal without a reason; data reported otherwise may lack one
    event = Event(case=accepted, action="refuse", opinion="", at=at("2025-09-29 09:00"), data={})
    services.on_case_saved(accepted, [], [event], [])
    alert = Alert.objects.get(case=accepted)
    assert (alert.rule.code, alert.level) == ("E02", "red")
    services.on_case_saved(accepted, [], [event], [])  # raised once
    assert Alert.objects.filter(case=accepted).count() == 1


def test_the_admin_tunes_rules_and_only_shows_alerts(accepted, client, make_user):
    admin_user = make_user("root")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    services.sweep(now=at("2025-11-01 00:00"))
    rule = AlertRule.objects.get(code="T03")
    assert client.get("/admin/supervision/alertrule/").status_code == 200
    assert client.get("/admin/supervision/alert/").status_code == 200
    assert client.get(f"/admin/supervision/alertrule/{rule.pk}/change/").status_code == 200
    response = client.post(f"/admin/supervision/alertrule/{rule.pk}/change/", {
        "name": rule.name, "enabled": "on", "params": '{"share": 2}', "description": ""})
    assert response.status_code == 200 and AlertRule.objects.get(pk=rule.pk).params == {"share": 0.9}
    response = client.post(f"/admin/supervision/alertrule/{rule.pk}/change/", {
        "name": rule.name, "params": '{"share": 0.85}', "description": "tuned"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.enabled, rule.params, rule.description) == (False, {"share": 0.85}, "tuned")
    alert = Alert.objects.first()
    assert client.post(f"/admin/supervision/alert/{alert.pk}/delete/").status_code == 403


def test_a_full_sweep_looks_at_every_open_case_once(accepted, land_power, apply):
    apply(land_power, "2025-09-26 10:00")
    assert services.sweep(now=at("2025-09-26 12:00")).checked == 0
    run = services.sweep(now=at("2025-09-26 12:00"), full=True)
    assert (run.checked, run.raised) == (2, 0)
    assert services.sweep(now=at("2025-09-26 12:00")).checked == 0  # re-armed at their next instants


def test_the_migration_watches_cases_open_before_supervision(accepted, land_power, apply, act):
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    closed = act(apply(land_power, "2025-09-26 10:00"), "window", "refuse", "2025-09-26 11:00", reason="不属于本机关职权")
    Watch.objects.all().delete()  # as if the cases were older than the app
    migration = import_module("yangguang.supervision.migrations.0003_watch_open_cases")
    migration.watch_open_cases(apps, SimpleNamespace(connection=connection))  # it only uses the connection
    assert list(Watch.objects.values_list("case_id", flat=True)) == [accepted.pk]
    assert not Watch.objects.filter(case=closed).exists()
    assert services.sweep(now=at("2025-09-26 12:00")).checked == 1


def test_a_full_sweep_by_groups_raises_and_arms_exactly_as_case_by_case(accepted, land_power, apply):
    """The full sweep evaluates grouped cases with set-based SQL; the incremental sweep evaluates
    one case at a time. Both must raise the same alerts and arm the same watches."""
    from yangguang.demo import bulk
    from yangguang.worktime.selectors import calendar_load

    now = at("2025-10-28 10:00")  # the weeks before include the National Day holidays
    bulk.open_cases(300, land_power, calendar_load(), now, seed=7)
    apply(land_power, "2025-10-27 16:00")  # submitted, no clock yet: the per-case path
    open_cases = Case.objects.filter(state__in=OPEN_STATES, suspended_since__isnull=True).count()

    grouped = services.sweep(now=now, full=True)

    # The same evaluation case by case, as the incremental sweep does it.
    rules = {code: rule for code, rule in services._read_rules().items() if code in domain.TIME_RULES}
    by_code = {rule.code: rule for rule in rules.values()}
    expected_alerts, expected_watches = [], {}
    for case in Case.objects.all():
        tokens = list(Token.objects.filter(case=case, state="active"))
        data = services._case_data(case, tokens, ())
        fired, next_at = domain.evaluate(data, rules, services._calendar(), now, services._share_at)
        names = {step.token_id: step.name for step in data.steps}
        expected_alerts += [(by_code[i.code].id, case.pk, i.token_id, by_code[i.code].level, now,
                             services._detail(i, names)) for i in fired]
        expected_watches[case.pk] = next_at
    assert sorted(Alert.objects.values_list("rule_id", "case_id", "token_id", "level", "raised_at", "detail")) == sorted(
        expected_alerts)
    assert dict(Watch.objects.values_list("case_id", "next_at")) == expected_watches
    assert grouped.checked == open_cases and grouped.raised == len(expected_alerts) > 0
    assert {level for _r, _c, _t, level, _at, _d in expected_alerts} >= {"prompt", "yellow"}
    assert services.sweep(now=now, full=True).raised == 0  # idempotent
    assert services.sweep(now=now).checked == 0
