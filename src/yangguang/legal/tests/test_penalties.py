"""Major-penalty filing (重大行政处罚备案): automatic selection at the thresholds, the filing
deadline to the second across the National Day holiday, review outcomes and rule L01."""

import datetime
from decimal import Decimal

import pytest

from yangguang.cases.tests.conftest import at
from yangguang.core.errors import InvalidInput
from yangguang.supervision.models import Alert

from .. import domain, services
from ..errors import NotDepartmentFiler, NotLegalOffice, WrongState
from ..models import PenaltyFiling, PenaltyFilingState

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)


@pytest.mark.parametrize(("amount", "selected"), [
    ("20000.00", False),  # equal to the organisations' limit: not above it
    ("20000.01", True),  # one cent over
    ("19999.99", False),
])
def test_fine_selected_only_above_the_organisation_limit(threshold, penalty_power, decided, amount, selected):
    case = decided(penalty_power, "2025-09-26 10:00", amount=amount)
    assert PenaltyFiling.objects.filter(case=case).exists() is selected


@pytest.mark.parametrize(("amount", "selected"), [("1000", False), ("1000.01", True)])
def test_individuals_have_their_own_limit(threshold, penalty_power, decided, person, amount, selected):
    case = decided(penalty_power, "2025-09-26 10:00", amount=amount, party=person)
    assert PenaltyFiling.objects.filter(case=case).exists() is selected


def test_revocation_and_other_kinds_are_selected_without_a_fine(threshold, penalty_power, decided):
    revoked = decided(penalty_power, "2025-09-26 10:00", kind="吊销许可证")
    closed = decided(penalty_power, "2025-09-26 10:00", kind="责令停产停业")
    warned = decided(penalty_power, "2025-09-26 10:00", kind="警告")
    assert [r["kind"] for r in PenaltyFiling.objects.get(case=revoked).reasons] == ["revocation"]
    assert PenaltyFiling.objects.get(case=closed).reasons[0]["matched"] == "责令停产停业"
    assert not PenaltyFiling.objects.filter(case=warned).exists()


def test_no_threshold_no_selection(penalty_power, decided):
    case = decided(penalty_power, "2025-09-26 10:00", amount="900000")
    assert not PenaltyFiling.objects.filter(case=case).exists()


def test_domain_without_limit_never_selects_fines():
    threshold = domain.Threshold(None, None, False)
    for party_kind in ("person", "organisation"):
        assert domain.major_reasons(threshold, party_kind=party_kind, penalty_kind="罚款",
                                    amount=Decimal("999999999.99")) == []


def test_filing_due_fifteen_workdays_across_national_day(threshold, penalty_power, decided):
    # Decided Fri 2025-09-26; Sun 09-28 is a make-up workday, 10-01..10-08 are holidays, Sat 10-11 is
    # a make-up workday: the 15th working day is Thu 10-23, so the filing is due at 10-23 24:00.
    case = decided(penalty_power, "2025-09-26 10:00", amount="50000")
    filing = PenaltyFiling.objects.get(case=case)
    assert filing.due_at == at("2025-10-24 00:00")
    assert filing.selected_at == at("2025-09-26 10:00")


def test_l01_raised_at_the_exact_second_and_once(threshold, penalty_power, decided):
    case = decided(penalty_power, "2025-09-26 10:00", amount="50000")
    due = PenaltyFiling.objects.get(case=case).due_at
    assert services.legal_sweep(now=due - SECOND)["L01"] == 0
    assert services.legal_sweep(now=due)["L01"] == 1
    assert services.legal_sweep(now=due + SECOND)["L01"] == 0  # raised once
    alert = Alert.objects.get(rule__code="L01", case=case)
    assert alert.level == "red" and case.number in alert.detail


def test_filed_in_time_raises_nothing(threshold, penalty_power, decided, officers):
    case = decided(penalty_power, "2025-09-26 10:00", amount="50000")
    filing = PenaltyFiling.objects.get(case=case)
    services.penalty_file(actor=officers["head"], filing=filing, filing_kind="重大处罚备案", report="案卷随附",
                          now=filing.due_at - SECOND)
    assert services.legal_sweep(now=filing.due_at + datetime.timedelta(days=5))["L01"] == 0


def test_review_outcomes(threshold, penalty_power, decided, officers, legal):
    filings = []
    for _i in range(3):
        case = decided(penalty_power, "2025-09-26 10:00", amount="50000")
        filing = services.penalty_file(actor=officers["approve"], filing=PenaltyFiling.objects.get(case=case),
                                       filing_kind="重大处罚备案", report="案卷随附", now=at("2025-10-09 09:00"))
        filings.append(filing)
    # 30 days from 10-10 end on Sat 11-08, moved to the next working day, Mon 11-10
    assert filings[0].review_due == at("2025-11-11 00:00")
    recorded = services.penalty_review(actor=legal, filing=filings[0], outcome="record", now=at("2025-10-10 09:00"))
    assert recorded.state == PenaltyFilingState.RECORDED
    with pytest.raises(InvalidInput) as refused:
        services.penalty_review(actor=legal, filing=filings[1], outcome="correct", opinion="", now=at("2025-10-10 09:00"))
    assert refused.value.field == "opinion"
    corrected = services.penalty_review(actor=legal, filing=filings[1], outcome="correct", opinion="罚款明显不当，建议变更",
                                        now=at("2025-10-10 09:00"))
    assert corrected.state == PenaltyFilingState.CORRECTION and corrected.action_due == at("2025-10-28 00:00")  # Sat 10-25 → Mon 10-27
    done = services.penalty_correct(actor=officers["head"], filing=corrected, text="已变更处罚决定", now=at("2025-10-20 09:00"))
    assert done.state == PenaltyFilingState.CORRECTED
    transferred = services.penalty_review(actor=legal, filing=filings[2], outcome="transfer", opinion="涉嫌犯罪",
                                          now=at("2025-10-10 09:00"))
    assert transferred.state == PenaltyFilingState.TRANSFERRED and transferred.action_due == at("2025-10-18 00:00")
    with pytest.raises(WrongState):
        services.penalty_review(actor=legal, filing=transferred, outcome="record", now=at("2025-10-11 09:00"))


def test_only_the_department_files_and_only_the_legal_office_reviews(threshold, penalty_power, decided, officers,
                                                                       legal):
    case = decided(penalty_power, "2025-09-26 10:00", amount="50000")
    filing = PenaltyFiling.objects.get(case=case)
    with pytest.raises(NotDepartmentFiler):
        services.penalty_file(actor=officers["planning"], filing=filing, filing_kind="备案", report="x")
    with pytest.raises(InvalidInput) as refused:
        services.penalty_file(actor=officers["head"], filing=filing, filing_kind="", report="x")
    assert refused.value.field == "filing_kind"
    filing = services.penalty_file(actor=officers["head"], filing=filing, filing_kind="备案", report="x")
    with pytest.raises(NotLegalOffice):
        services.penalty_review(actor=officers["head"], filing=filing, outcome="record")


def test_threshold_rejects_bad_amounts(legal, land_bureau, officers):
    with pytest.raises(InvalidInput) as refused:
        services.threshold_set(actor=legal, department=land_bureau, fine_person="-1", fine_organisation="abc")
    assert {e["field"] for e in refused.value.errors} == {"fine_person", "fine_organisation"}
    with pytest.raises(NotLegalOffice):
        services.threshold_set(actor=officers["head"], department=land_bureau, fine_person="1")


@pytest.mark.parametrize("amount", ["NaN", "-1", "abc", "Infinity"])
def test_a_threshold_that_is_not_an_amount_is_refused_by_its_field(legal, land_bureau, amount):
    with pytest.raises(InvalidInput) as error:
        services.threshold_set(actor=legal, department=land_bureau, fine_person=amount, fine_organisation="20000",
                               revocation=False, other_kinds=[], now=at("2025-09-01 09:00"))
    assert error.value.field == "fine_person"
