"""The demo's cases: every state present, the land bureau's quarter, the demo accounts' work,
a log that verifies, and a plan that depends only on the seed and the anchor day."""

import datetime
import random
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from yangguang.cases import domain, selectors, services
from yangguang.cases.models import Case, CaseState, Event, Extension, Token, TokenState
from yangguang.catalog.models import LifeEvent
from yangguang.demo import cases as demo_cases
from yangguang.demo.data import parties
from yangguang.demo.data.benchmarks import BENCHMARKS, FACTS, REVISION
from yangguang.demo.data.powers import POWERS
from yangguang.discretion import domain as discretion_domain
from yangguang.discretion.models import Benchmark, DecisionCheck
from yangguang.portal.models import Rating, Rectification
from yangguang.supervision.models import Alert, Complaint, SupervisionOrder
from yangguang.worktime.domain import SHANGHAI
from yangguang.worktime.selectors import calendar_load

PASSWORD = "demo-Passw0rd-1"


def test_fake_identities_carry_valid_check_characters():
    # The standards' own examples: GB 11643 (…002X), GB 11714 (D2143569-X), a GB 32100 code.
    assert parties.id_card_check("11010519491231002") == "X"
    assert parties.organisation_code("D2143569") == "D2143569X"
    assert parties.credit_code("91350100M000100Y4") == "91350100M000100Y43"
    rng = random.Random(1)
    for _index in range(300):
        person, company = parties.person(rng), parties.organisation(rng)
        assert services.applicant_errors(person)[1] == [], person
        assert services.applicant_errors(company)[1] == [], company
        assert person["id_number"][:4] == "3201" and company["id_number"][2:6] == "3201"
        body = company["id_number"][8:17]
        assert parties.organisation_code(body[:8]) == body  # the embedded organisation code checks too


@pytest.mark.parametrize(("today", "anchor"), [
    (datetime.date(2026, 12, 1), datetime.date(2026, 12, 1)),
    (datetime.date(2026, 12, 30), datetime.date(2026, 12, 17)),  # 14 days before the calendar ends
    (datetime.date(2027, 5, 1), datetime.date(2026, 12, 17)),  # no 2027 notice yet
    (datetime.date(2026, 6, 1), demo_cases.EARLIEST_ANCHOR),  # the catalog is not complete before
])
def test_the_anchor_day_keeps_inside_the_calendar(db, today, anchor):
    assert demo_cases.anchor_day(today, calendar_load()) == anchor


def _plan(anchor, seed=demo_cases.SEED):
    published = {r["code"]: datetime.datetime(2026, 7, 20, 9, 30, tzinfo=SHANGHAI) for r in POWERS}
    return demo_cases.DemoCases(anchor, calendar_load(), published, seed).plan()


def _moves(scripts):
    return [(s.power, s.title, s.applicant, [(m.at, m.who, m.action, m.step, m.fields) for m in s.moves]) for s in scripts]


def test_the_plan_depends_only_on_the_seed_and_the_anchor_day(db):
    anchor = datetime.date(2026, 11, 20)
    first = _plan(anchor)
    assert _moves(first) == _moves(_plan(anchor))
    assert _moves(first) != _moves(_plan(anchor, seed=1))
    until = datetime.datetime.combine(anchor, datetime.time(), SHANGHAI)
    land = [s for s in first if s.power == demo_cases.LAND_PRE_REVIEW]
    assert len(land) == demo_cases.LAND_CASES
    assert len(first) >= 250
    for script in first:
        played = [m for m in script.moves if m.at < until]
        assert played and played[0].action == "apply"
        assert [m.at for m in played] == sorted(m.at for m in played)
        received = script.received.astimezone(SHANGHAI)
        assert calendar_load().is_workday(received.date()) and 8 <= received.hour < 18


def test_the_demo_facts_give_every_factor_of_every_benchmark_violation():
    for code, payload in BENCHMARKS.items():
        content, errors = discretion_domain.clean_content(payload)
        assert errors == [], code
        for violation in content.violations.values():
            assert violation.factors() <= set(FACTS[violation.code]), violation.code


def test_every_benchmark_gives_penalties_within_it_outside_it_with_a_reason_and_no_penalty():
    planner = demo_cases.Planner(random.Random(3), office=None)  # no office time needed for decisions
    records = {record["code"]: record for record in POWERS}
    for code, payload in BENCHMARKS.items():
        content = discretion_domain.clean_content(payload)[0]
        for _draw in range(40):  # the planner raises DemoCaseError when a decision breaks its expectation
            for fate in (demo_cases.Fate(), demo_cases.Fate(deviation="above"), demo_cases.Fate(deviation="below")):
                fields = planner.penalty(records[code], content, fate)
                assert fields["violation"] in content.violations and fields["penalty_kind"]
                assert bool(fields.get("discretion_reason")) == bool(fate.deviation)
                if "penalty_amount" in fields:
                    assert Decimal(fields["penalty_amount"]) == Decimal(fields["penalty_amount"]).quantize(Decimal("0.01"))
            fields = planner.no_penalty(records[code], content)
            assert fields["violation"] in content.violations
            assert planner.outcome(content, fields["violation"], fields["facts"]).exempt, code
            no_fault = "no_fault" in fields["facts"].get("circumstances", ())
            assert ("reason" in fields) == no_fault and (not no_fault or "第三十三条" in fields["reason"]), code


def test_the_planned_penalties_keep_to_their_benchmark_except_the_reasoned_ones(db):
    decisions = [(script.power, move.fields) for script in _plan(datetime.date(2026, 11, 20)) for move in script.moves
                 if move.action == "decide" and script.power in BENCHMARKS]
    assert len(decisions) >= 20
    outside = []
    for code, fields in decisions:
        content = discretion_domain.clean_content(BENCHMARKS[code])[0]
        assert fields["violation"] in content.violations, code
        facts, errors = discretion_domain.clean_facts(fields["facts"], content.circumstances)
        assert errors == [], fields["facts"]
        outcome = discretion_domain.calculate(content, fields["violation"], facts)
        amount = Decimal(fields["penalty_amount"]) if "penalty_amount" in fields else None
        found = discretion_domain.check(outcome, decision=fields["decision"], penalty_kind=fields.get("penalty_kind", ""),
                                        penalty_amount=amount)
        assert bool(found) == bool(fields.get("discretion_reason")), (code, fields, found)
        if fields["decision"] == domain.DENIED:
            assert outcome.exempt, (code, fields)
        elif found:
            outside.append(code)
            assert {d.rule for d in found} == {"discretion-range"}
            assert outcome.statutory_range.contains(amount)  # outside the benchmark, never outside the law
    assert 1 <= len(outside) <= 2
    assert {fields["decision"] for _code, fields in decisions} == {domain.GRANTED, domain.DENIED}


@pytest.mark.django_db
def test_the_demo_holds_cases_in_every_state_and_their_log_verifies():
    out = StringIO()
    call_command("demo", "--password", PASSWORD, stdout=out)
    output = out.getvalue()
    anchor = demo_cases.anchor_day(timezone.localdate(), calendar_load())
    until = datetime.datetime.combine(anchor, datetime.time(), SHANGHAI)

    states = set(Case.objects.values_list("state", flat=True))
    assert states == set(CaseState.values)
    assert 250 <= Case.objects.count() <= 400
    assert "Land pre-reviews" in output or "建设项目用地预审" in output
    for state in CaseState:
        assert f"{state.value} " in output

    in_procedure = Case.objects.filter(state=CaseState.IN_PROGRESS, suspended_since__isnull=False)
    assert in_procedure.filter(power__category="CF").exists()  # a penalty hearing (听证)
    assert in_procedure.filter(suspensions__kind="inspection", suspensions__ended_at__isnull=True).exists()
    assert Case.objects.filter(extension_days__gt=0, state=CaseState.IN_PROGRESS).exists()
    assert Case.objects.filter(extension_days__gt=0, state=CaseState.COMPLETED).exists()
    pending = Extension.objects.filter(state=Extension.State.REQUESTED).select_related("case__department")
    assert pending.exists() and all(e.case.department.full_code == "320100-012" for e in pending)
    assert Case.objects.filter(state=CaseState.COMPLETED, decision=domain.GRANTED, delivered_at__isnull=False).exists()
    assert Case.objects.filter(state=CaseState.COMPLETED, decision=domain.DENIED).exclude(decision_reason="").exists()
    assert not Case.objects.filter(state__in=(CaseState.REFUSED, CaseState.WITHDRAWN), closing_reason="").exists()
    assert Case.objects.filter(state=CaseState.REFUSED, closing_reason__contains="第三十二条").exists()
    penalties = Case.objects.filter(power__category="CF", state=CaseState.COMPLETED, decision=domain.GRANTED)
    assert penalties.filter(penalty_amount__gt=0, channel="counter", delivered_at__isnull=False).exists()
    assert not penalties.filter(penalty_kind="").exists()
    assert not Case.objects.filter(power__category__in=services.EX_OFFICIO_CATEGORIES, channel="online").exists()

    # The land bureau's quarter of pre-reviews, with realistic handling times.
    land = Case.objects.filter(power__code=demo_cases.LAND_PRE_REVIEW)
    assert land.count() == demo_cases.LAND_CASES
    recent = land.filter(received_at__gte=until - datetime.timedelta(days=demo_cases.QUARTER))
    assert recent.count() >= 85
    figures = demo_cases.land_figures()
    assert figures["completed"] >= 50
    assert datetime.timedelta(days=6) <= figures["mean"] <= datetime.timedelta(days=13)
    assert land.filter(state__in=domain.OPEN_STATES).count() >= 10
    assert land.filter(state=CaseState.IN_PROGRESS, committed_due__lt=until).exists()  # overdue: red
    assert land.filter(state=CaseState.IN_PROGRESS, committed_due__gt=until).exists()

    # The demo accounts' work: the applicant's own cases, the officer's steps, the head's extension.
    mine = Case.objects.filter(applicant_user__username="applicant", channel="online")
    assert mine.count() >= 6
    assert {CaseState.SUBMITTED, CaseState.CORRECTING, CaseState.IN_PROGRESS, CaseState.COMPLETED} <= set(
        mine.values_list("state", flat=True))
    officer_posts = ("window", "review", "survey")
    assert Token.objects.filter(state=TokenState.ACTIVE, step__post__department__code="012",
                                step__post__code__in=officer_posts, assignee__isnull=True).count() >= 3

    # Nothing happened on or after the anchor day; every case's log verifies.
    assert not Event.objects.filter(at__gte=until).exists()
    assert Event.objects.filter(at__gte=until - datetime.timedelta(days=7)).exists()
    check = selectors.log_verify()
    assert check.ok and check.cases == Case.objects.count() and check.events == Event.objects.count()

    # Supervision: alerts raised by the daily sweeps on the days they fell due, handled in every
    # state; orders open, replied, concluded and escalated; complaints in every state.
    alerts = Alert.objects.all()
    assert alerts.filter(level="red").exists() and alerts.filter(level="yellow").exists()
    assert alerts.filter(raised_at__lt=until).dates("raised_at", "day").count() >= 20
    assert not alerts.exclude(rule__code="S02").filter(raised_at__gte=until).exists()
    assert {"confirmed", "rejected", "corrected", "removed", "removal_requested", "notified"} <= set(
        alerts.values_list("status", flat=True))
    assert {"open", "replied", "concluded", "overdue"} <= set(SupervisionOrder.objects.values_list("status", flat=True))
    assert SupervisionOrder.objects.filter(parent__isnull=False).exists()  # escalated to the province
    assert {"received", "accepted", "refused", "replied"} <= set(Complaint.objects.values_list("status", flat=True))
    assert alerts.filter(rule__code="S02", complaint__kind="report").exists()
    # Life events gather published powers for browsing the catalog.
    assert LifeEvent.objects.filter(code="start-business", powers__code="320100-030-XK-0001").exists()
    # Satisfaction: the applicant rated closed cases; the bad rating opened a rectification.
    assert Rating.objects.filter(grade__gte=4).exists()
    assert Rectification.objects.filter(rating__grade__lte=2).exists()
    # Legal-affairs supervision: major penalties selected and filed in every state, documents in
    # every state (one filed late), reconsiderations and suits with outcomes; L01 and L02 raised.
    from yangguang.legal.models import Appeal, DocumentFiling, PenaltyFiling

    assert set(PenaltyFiling.objects.values_list("state", flat=True)) == {
        "pending", "filed", "recorded", "transferred", "correction", "corrected", "stopped"}
    assert set(DocumentFiling.objects.values_list("state", flat=True)) == {"filed", "lawful", "correction", "corrected"}
    assert DocumentFiling.objects.filter(late=True).exists()
    assert Appeal.objects.exclude(outcome="").count() >= 3 and Appeal.objects.filter(outcome="").exists()
    assert alerts.filter(rule__code="L01").exists() and alerts.filter(rule__code="L02").exists()

    # Discretion benchmarks (裁量基准): every penalty decided was checked against its power's
    # benchmark, in force before it; the ones outside the range, with a written reason, wait for
    # the legal office's review and raised D01. One revision waits for review.
    assert Benchmark.objects.filter(state="published").count() == len(BENCHMARKS)
    assert Benchmark.objects.get(state="submitted").power.code == REVISION["code"]
    decided = Case.objects.filter(power__category="CF", decided_at__isnull=False)
    checks = {check.case_id: check for check in DecisionCheck.objects.select_related("benchmark", "violation")}
    assert decided.count() >= 15 and set(checks) == set(decided.values_list("pk", flat=True))
    for case in decided:
        check = checks[case.pk]
        assert check.benchmark.power_id == case.power_id and check.benchmark.published_at < case.decided_at
        assert check.violation.benchmark_id == check.benchmark_id and check.facts, case.number
        assert (check.decision, check.penalty_amount) == (case.decision, case.penalty_amount)
        assert case.events.get(action="decide").data["discretion"]["check"] == check.pk
        if case.decision == domain.DENIED:
            assert check.level == discretion_domain.EXEMPT and not check.deviation
        elif not check.deviation and case.penalty_amount is not None:
            assert check.range_low <= case.penalty_amount <= check.range_high, case.number
    outside = [check for check in checks.values() if check.deviation]
    assert 1 <= len(outside) <= 2
    for check in outside:
        assert check.reason and check.review.state == "open"
        assert not check.range_low <= check.penalty_amount <= check.range_high
        assert alerts.filter(rule__code="D01", case_id=check.case_id).exists()
    assert alerts.filter(rule__code="D01").count() == len(outside)
