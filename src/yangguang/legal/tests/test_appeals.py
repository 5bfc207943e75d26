"""Reconsideration and litigation (行政复议 / 行政应诉): deadlines, outcomes, the overturn rate, and
a major-penalty review stopped by an appeal."""

import pytest

from yangguang.cases.tests.conftest import at
from yangguang.core.errors import InvalidInput

from .. import selectors, services
from ..errors import NotDepartmentFiler, WrongState
from ..models import PenaltyFiling, PenaltyFilingState

pytestmark = pytest.mark.django_db


def _record(actor, case, kind, number, received="2025-10-09 10:00", now="2025-10-09 11:00"):
    return services.appeal_record(actor=actor, case=case, kind=kind, number=number, applicant="南京某某建材有限公司",
                                  body="南京市人民政府" if kind == "reconsideration" else "南京市玄武区人民法院",
                                  received_at=at(received), now=at(now))


def test_deadlines(penalty_power, decided, officers):
    case = decided(penalty_power, "2025-09-26 10:00", amount="5000")
    # 60 days from 10-10 end on Sun 12-07 → Mon 12-08, due at 12-08 24:00
    assert _record(officers["head"], case, "reconsideration", "宁政复〔2025〕1号").due_at == at("2025-12-09 00:00")
    # 15 days from 10-10 end on Fri 10-24
    assert _record(officers["head"], case, "litigation", "(2025)苏0102行初1号").due_at == at("2025-10-25 00:00")


def test_record_refusals(penalty_power, decided, officers, inspectors):
    case = decided(penalty_power, "2025-09-26 10:00", amount="5000")
    with pytest.raises(NotDepartmentFiler):
        _record(officers["planning"], case, "reconsideration", "1")
    with pytest.raises(InvalidInput) as refused:
        services.appeal_record(actor=officers["head"], case=case, kind="appeal", number="", applicant="x", body="y",
                               received_at=at("2025-10-10 10:00"), now=at("2025-10-09 10:00"))
    assert {e["field"] for e in refused.value.errors} == {"kind", "number", "received_at"}


def test_outcomes_and_overturn_rate(penalty_power, decided, officers, legal, land_bureau):
    outcomes = ["upheld", "revoked", "changed", "unlawful", "upheld"]
    for number, outcome in enumerate(outcomes):
        case = decided(penalty_power, "2025-09-26 10:00", amount="5000")
        appeal = _record(officers["head"], case, "reconsideration", f"复{number}")
        services.appeal_conclude(actor=legal, appeal=appeal, outcome=outcome, concluded_on="2025-11-01",
                                 now=at("2025-11-02 09:00"))
    case = decided(penalty_power, "2025-09-26 10:00", amount="5000")
    _record(officers["head"], case, "litigation", "诉1")  # open: not counted
    rates = selectors.overturn_rates(legal)
    assert rates[land_bureau.pk] == {"concluded": 5, "overturned": 3, "rate": 0.6}


def test_conclude_and_answer_refusals(penalty_power, decided, officers, legal):
    case = decided(penalty_power, "2025-09-26 10:00", amount="5000")
    suit = _record(officers["head"], case, "litigation", "诉1")
    suit = services.appeal_answer(actor=officers["head"], appeal=suit, now=at("2025-10-15 09:00"))
    assert suit.answered_at == at("2025-10-15 09:00")
    with pytest.raises(WrongState):
        services.appeal_answer(actor=officers["head"], appeal=suit)
    with pytest.raises(InvalidInput) as refused:
        services.appeal_conclude(actor=legal, appeal=suit, outcome="upheld", concluded_on="2025-10-01",
                                 now=at("2025-11-01 09:00"))
    assert refused.value.field == "concluded_on"
    services.appeal_conclude(actor=legal, appeal=suit, outcome="upheld", concluded_on="2025-10-20",
                             now=at("2025-11-01 09:00"))
    with pytest.raises(WrongState):
        services.appeal_conclude(actor=legal, appeal=suit, outcome="revoked", concluded_on="2025-10-20",
                                 now=at("2025-11-01 09:00"))


def test_an_appeal_stops_the_filing_review(threshold, penalty_power, decided, officers):
    case = decided(penalty_power, "2025-09-26 10:00", amount="50000")
    services.penalty_file(actor=officers["head"], filing=PenaltyFiling.objects.get(case=case), filing_kind="备案",
                          report="案卷", now=at("2025-10-09 09:00"))
    _record(officers["head"], case, "reconsideration", "复1")
    assert PenaltyFiling.objects.get(case=case).state == PenaltyFilingState.STOPPED


def test_overturn_line_on_the_performance_page(penalty_power, decided, officers, legal, land_bureau):
    from django.template.loader import render_to_string

    from yangguang.supervision.hooks import performance_lines
    from yangguang.supervision.scoring import Period

    case = decided(penalty_power, "2025-09-26 10:00", amount="5000")
    appeal = _record(officers["head"], case, "reconsideration", "复1")
    services.appeal_conclude(actor=legal, appeal=appeal, outcome="revoked", concluded_on="2025-11-01",
                             now=at("2025-11-02 09:00"))

    def line(period) -> str:  # the row legal registers on supervision's performance page
        [(template, context)] = [(template, context) for template, context in performance_lines(
            department_id=land_bureau.pk, period=period) if template == "legal/includes/overturn_line.html"]
        return render_to_string(template, {"line": context})

    assert "100.0%" in line(Period(2025, "quarter", 4)) and "(1/1)" in line(Period(2025, "quarter", 4))
    assert "—" in line(Period(2025, "quarter", 3))
    assert "100.0%" in line(Period(2025, "month", 11)) and "—" in line(Period(2025, "month", 10))
