"""The decision step of a penalty case: the violation and facts are required once a benchmark is
in force, a decision outside its range is refused unless a written reason is given, and then it
is recorded, opened for the legal office's review and alert D01 is raised, all in one transaction."""

import pytest
from django.utils import translation

from yangguang.cases.errors import InvalidCase
from yangguang.cases.models import Case, Event
from yangguang.cases.tests.conftest import at
from yangguang.supervision.models import Alert, AlertRule

from .. import services
from ..errors import (
    InvalidDecision,
    NotLegalOffice,
    OutsideBenchmark,
    TransitionRefused,
)
from ..models import DecisionCheck, DiscretionReview

pytestmark = pytest.mark.django_db

FACTS = {"illegal_income": "20000", "first_offence": False}  # general tier, 9,000–30,000; middle 16,000–23,000


def test_without_a_benchmark_a_penalty_is_decided_as_before(penalty_power, at_decision, decide):
    case = decide(at_decision(penalty_power), penalty_amount="120000")
    assert str(case.penalty_amount) == "120000.00" and "discretion" not in Event.objects.get(case=case, action="decide").data
    assert not DecisionCheck.objects.exists()


def test_violation_fields_without_a_benchmark_are_refused_not_dropped(penalty_power, at_decision, decide):
    with pytest.raises(InvalidDecision) as error:
        decide(at_decision(penalty_power), penalty_amount="1000", violation="V01")
    assert (error.value.field, error.value.rule) == ("violation", "no-benchmark")


def test_a_licence_decision_takes_no_violation(land_power, apply, act):
    case = apply(land_power, "2025-09-26 10:00")
    case = act(case, "window", "accept", "2025-09-26 11:00")
    case = act(case, "review", "complete", "2025-09-29 09:00")
    case = act(case, "review", "complete", "2025-09-30 09:00")
    case = act(case, "review", "complete", "2025-10-09 09:00", step="examine")
    case = act(case, "planning", "complete", "2025-10-10 09:00", step="planning")
    with pytest.raises(InvalidCase) as error:
        act(case, "approve", "decide", "2025-10-13 09:00", decision="granted", document_no="宁国土预〔2025〕88号",
            violation="V01")
    assert (error.value.field, error.value.rule) == ("violation", "unknown-field")


def test_the_violation_and_facts_are_required_and_checked(benchmarked, at_decision, decide):
    case = at_decision(benchmarked)
    with pytest.raises(InvalidDecision) as error:
        decide(case, penalty_amount="20000")
    assert (error.value.field, error.value.rule) == ("violation", "violation-required")
    assert "V01 无照经营" in error.value.detail
    with pytest.raises(InvalidDecision) as error, translation.override("en"):
        decide(case, penalty_amount="20000", violation="V99")
    assert (error.value.field, error.value.rule) == ("violation", "choice")
    assert error.value.detail == "Not a violation of the benchmark in force (version 1)."
    with pytest.raises(InvalidDecision) as error:
        decide(case, penalty_amount="20000", violation="V01", facts={"illegal_income": "lots"})
    assert (error.value.field, error.value.rule) == ("facts.illegal_income", "fact-value")
    with pytest.raises(InvalidDecision) as error:
        decide(case, penalty_amount="20000", violation="V02", facts={})
    assert (error.value.field, error.value.rule) == ("facts.goods_value", "base-required")
    assert Case.objects.get(pk=case.pk).decision == ""


def test_a_decision_within_the_range_is_recorded_with_its_check(benchmarked, at_decision, decide):
    case = decide(at_decision(benchmarked), penalty_amount="16000", violation="V01", facts=FACTS)
    data = Event.objects.get(case=case, action="decide").data["discretion"]
    assert data["tier"] == "general" and data["range"] == ["16000.00", "23000.00"] and data["deviation"] is False
    assert data["benchmark"] == 1 and data["violation"] == "V01" and data["review"] is None
    check = DecisionCheck.objects.get(case_id=case.pk)
    assert check.case_number == case.number and not check.deviation and check.level == "general"
    assert check.facts == {"illegal_income": "20000.00", "first_offence": False}
    assert not DiscretionReview.objects.exists() and not Alert.objects.filter(case=case, rule__code="D01").exists()


@pytest.mark.parametrize(("amount", "detail"), [("15999.99", "below"), ("23000.01", "above")])
def test_a_decision_outside_the_range_is_refused_naming_field_and_rule(benchmarked, at_decision, decide, amount, detail):
    case = at_decision(benchmarked)
    with pytest.raises(OutsideBenchmark) as error, translation.override("en"):  # the words checked below
        decide(case, penalty_amount=amount, violation="V01", facts=FACTS)
    assert (error.value.field, error.value.rule) == ("penalty_amount", "discretion-range")
    assert detail in error.value.detail and "16000.00–23000.00" in error.value.detail
    assert "discretion_reason" in error.value.detail
    assert error.value.status == 422
    assert Case.objects.get(pk=case.pk).decision == "" and not DecisionCheck.objects.exists()


def test_a_reasoned_decision_outside_the_range_goes_to_review_and_raises_d01(benchmarked, at_decision, decide, legal):
    case = at_decision(benchmarked)
    case = decide(case, penalty_amount="8000", violation="V01", facts=FACTS,
                  discretion_reason="当事人经营困难，已全部退赔消费者，经集体讨论决定低于基准处罚。")
    assert case.decision == "granted" and str(case.penalty_amount) == "8000.00"
    data = Event.objects.get(case=case, action="decide").data["discretion"]
    assert data["deviation"] is True and data["deviations"][0]["rule"] == "discretion-range"
    review = DiscretionReview.objects.get(pk=data["review"])
    assert review.state == "open" and review.opened_at == at("2025-10-27 10:00")
    assert review.decision_check.reason.startswith("当事人经营困难") and review.decision_check.deviation
    [alert] = Alert.objects.filter(case=case, rule__code="D01")
    assert alert.level == "red" and alert.raised_at == at("2025-10-27 10:00")
    assert "8000.00" in alert.detail and "当事人经营困难" in alert.detail
    # the legal office closes the review
    with pytest.raises(InvalidDecision):
        services.review_close(actor=legal, review=review, outcome="lawful", opinion="")
    closed = services.review_close(actor=legal, review=review, outcome="correction",
                                   opinion="减轻处罚缺少法定情形，责令重新作出决定。", now=at("2025-11-03 10:00"))
    assert closed.state == "correction" and closed.closed_by == legal
    with pytest.raises(TransitionRefused):
        services.review_close(actor=legal, review=review, outcome="lawful", opinion="再审")


def test_only_the_legal_office_closes_a_review(benchmarked, at_decision, decide, officers):
    case = decide(at_decision(benchmarked), penalty_amount="40000", violation="V01", facts=FACTS,
                  discretion_reason="情节特别恶劣。")
    review = DiscretionReview.objects.get(decision_check__case_id=case.pk)
    with pytest.raises(NotLegalOffice):
        services.review_close(actor=officers["head"], review=review, outcome="lawful", opinion="合法")


def test_the_override_and_its_alert_are_one_transaction(benchmarked, at_decision, decide, monkeypatch):
    from yangguang.supervision import services as supervision_services

    def broken(*args, **kwargs):
        raise RuntimeError("notification store down")

    monkeypatch.setattr(supervision_services, "alerts_notify", broken)
    case = at_decision(benchmarked)
    with pytest.raises(RuntimeError):
        decide(case, penalty_amount="8000", violation="V01", facts=FACTS, discretion_reason="理由")
    assert Case.objects.get(pk=case.pk).decision == ""
    assert not DecisionCheck.objects.exists() and not DiscretionReview.objects.exists() and not Alert.objects.exists()


def test_a_disabled_d01_still_opens_the_review(benchmarked, at_decision, decide):
    AlertRule.objects.filter(code="D01").update(enabled=False)
    case = decide(at_decision(benchmarked), penalty_amount="8000", violation="V01", facts=FACTS,
                  discretion_reason="理由")
    assert DiscretionReview.objects.filter(decision_check__case_id=case.pk).exists()
    assert not Alert.objects.filter(case=case).exists()


def test_no_penalty_where_the_benchmark_says_none(benchmarked, at_decision, decide):
    facts = {"first_offence": True, "harm": "slight", "corrected": True}
    case = at_decision(benchmarked)
    with pytest.raises(OutsideBenchmark) as error:
        decide(case, penalty_amount="1000", violation="V01", facts=facts)
    assert (error.value.field, error.value.rule) == ("decision", "discretion-no-penalty")
    case = decide(case, decision="denied", reason="首次违法且危害后果轻微并及时改正，依法不予行政处罚。", penalty_kind="",
                  violation="V01", facts=facts)
    data = Event.objects.get(case=case, action="decide").data["discretion"]
    assert data["tier"] == "exempt" and data["range"] is None and not data["deviation"]


def test_a_denial_without_a_violation_established_is_not_checked(benchmarked, at_decision, decide):
    case = decide(at_decision(benchmarked), decision="denied", reason="违法事实不能成立。", penalty_kind="")
    assert "discretion" not in Event.objects.get(case=case, action="decide").data


def test_the_benchmark_in_force_at_the_decision_applies(penalty_power, publish_benchmark, at_decision, decide):
    publish_benchmark(penalty_power, when="2025-10-28 09:00")  # after the decision below
    case = decide(at_decision(penalty_power), penalty_amount="100")
    assert "discretion" not in Event.objects.get(case=case, action="decide").data


def test_a_reasoned_penalty_where_the_benchmark_says_none_goes_to_review(benchmarked, at_decision, decide):
    facts = {"first_offence": True, "harm": "slight", "corrected": True}
    case = decide(at_decision(benchmarked), penalty_amount="1000", violation="V01", facts=facts,
                  discretion_reason="当事人拒不配合调查，不宜适用首违不罚。")
    data = Event.objects.get(case=case, action="decide").data["discretion"]
    assert data["deviation"] and [d["rule"] for d in data["deviations"]] == ["discretion-no-penalty"]
    assert DecisionCheck.objects.get(case_id=case.pk).deviations[0]["rule"] == "discretion-no-penalty"
