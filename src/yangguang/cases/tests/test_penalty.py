"""Penalty cases (行政处罚): opened by the department, enforcement steps need a valid certificate,
the decision carries the penalty's type and amount; natural-day limits over a holiday."""

import datetime

import pytest

from yangguang.cases import services
from yangguang.cases.errors import ActionRefused, InvalidCase, NotStepHolder, PowerNotOpen
from yangguang.cases.models import Case
from yangguang.org.models import Officer

from .conftest import _published, at

pytestmark = pytest.mark.django_db

COMPANY = {"kind": "organisation", "name": "南京某某建材有限公司", "id_type": "credit_code",
           "id_number": "91320100MA1M7K3D0J", "phone": "025-84561234", "contact": "王经理"}

PENALTY_FLOW = {
    "steps": [
        {"key": "start", "name": "案件来源", "kind": "start"},
        {"key": "file", "name": "立案", "kind": "task", "post": "investigate", "limit": 5, "unit": "day"},
        {"key": "investigate", "name": "调查取证", "kind": "task", "post": "investigate", "limit": 30, "unit": "day"},
        {"key": "legal", "name": "法制审核", "kind": "task", "post": "review", "limit": 10, "unit": "day",
         "legal_review": True},
        {"key": "decide", "name": "处罚决定", "kind": "task", "post": "approve", "limit": 10, "unit": "day"},
        {"key": "deliver", "name": "送达", "kind": "task", "post": "investigate", "limit": 7, "unit": "day"},
        {"key": "end", "name": "结案", "kind": "end"},
    ],
    "transitions": [{"from": a, "to": b} for a, b in (("start", "file"), ("file", "investigate"), ("investigate", "legal"), ("legal", "decide"),
                                                      ("decide", "deliver"), ("deliver", "end"))],
}


@pytest.fixture
def penalty_power(land_bureau, posts):
    return _published(land_bureau, 1, PENALTY_FLOW, category="CF", name="对非法占用土地的处罚", statutory_limit=90,
                      statutory_unit="day", committed_limit=60, committed_unit="day", extension_limit=0)


@pytest.fixture
def inspectors(make_user, land_bureau, posts):
    return {"inspector": make_user("inspector", officer_of=land_bureau, posts=("investigate",)),
            "expired": make_user("expired", officer_of=land_bureau, posts=("investigate",))}


def test_a_penalty_case_is_opened_by_an_inspector_and_decided_with_an_amount(penalty_power, inspectors, officers):
    with pytest.raises(PowerNotOpen) as error:  # nobody applies online for a penalty
        services.case_apply(actor=officers["applicant"], power=penalty_power, applicant=dict(COMPANY), now=at("2025-09-25 09:00"))
    assert error.value.rule == "ex-officio"
    inspector = inspectors["inspector"]
    case = services.case_apply(actor=inspector, power=penalty_power, applicant=dict(COMPANY), channel="counter",
                               title="擅自占用集体土地建设厂房", now=at("2025-09-25 09:00"))
    assert case.applicant_user is None
    case = services.case_act(actor=inspector, case=case, action="accept", now=at("2025-09-25 10:00"))  # 立案
    # 60 natural days from 9/26 end on Mon 11/24, a working day → 24:00 of 11/24
    assert case.committed_due == at("2025-11-25 00:00")
    # 90 natural days end on Wed 12/24 → 24:00 of 12/24
    assert case.statutory_due == at("2025-12-25 00:00")
    case = services.case_act(actor=inspector, case=case, action="complete", now=at("2025-10-20 10:00"), opinion="调查终结")
    approver = officers["approve"]
    with pytest.raises(ActionRefused) as refused:  # not before the legal review (法制审核) is passed
        services.case_act(actor=officers["review"], case=case, action="decide", now=at("2025-10-21 10:00"),
                          decision="granted", document_no="宁国土罚〔2025〕12号", penalty_kind="罚款", penalty_amount="1")
    assert refused.value.rule == "legal-review-required"
    case = services.case_act(actor=officers["review"], case=case, action="complete", now=at("2025-10-22 10:00"),
                             opinion="法制审核通过")
    assert case.legal_reviewed_at == at("2025-10-22 10:00")
    with pytest.raises(InvalidCase) as error:
        services.case_act(actor=approver, case=case, action="decide", now=at("2025-10-27 10:00"), decision="granted",
                          document_no="宁国土罚〔2025〕12号", reason="《土地管理法》第七十七条")
    assert error.value.field == "penalty_kind"
    case = services.case_act(actor=approver, case=case, action="decide", now=at("2025-10-27 10:00"), decision="granted",
                             document_no="宁国土罚〔2025〕12号", reason="《土地管理法》第七十七条",
                             penalty_kind="罚款、限期拆除", penalty_amount="120000")
    assert str(case.penalty_amount) == "120000.00"
    case = services.case_act(actor=approver, case=case, action="complete", now=at("2025-10-27 10:05"))
    case = services.case_act(actor=inspector, case=case, action="deliver", now=at("2025-10-28 10:00"), method="direct")
    case = services.case_act(actor=inspector, case=case, action="complete", now=at("2025-10-28 10:05"))
    assert case.state == "completed"


def test_an_enforcement_step_needs_a_valid_certificate(penalty_power, inspectors):
    Officer.objects.filter(user=inspectors["expired"]).update(certificate_valid_until=datetime.date(2025, 6, 30))
    case = services.case_apply(actor=inspectors["inspector"], power=penalty_power, applicant=dict(COMPANY), channel="counter",
                               now=at("2025-09-25 09:00"))
    with pytest.raises(NotStepHolder) as error:
        services.case_act(actor=inspectors["expired"], case=case, action="accept", now=at("2025-09-25 10:00"))
    assert error.value.rule == "enforcement-certificate"
    assert Case.objects.get(pk=case.pk).state == "submitted"


def test_a_counter_application_needs_the_acceptance_post(land_power, officers):
    from .conftest import PERSON

    with pytest.raises(NotStepHolder):
        services.case_apply(actor=officers["review"], power=land_power, applicant=dict(PERSON), channel="counter",
                            now=at("2025-11-03 10:00"))
    case = services.case_apply(actor=officers["window"], power=land_power, applicant=dict(PERSON), channel="counter",
                               now=at("2025-11-03 10:00"))
    assert case.channel == "counter" and case.applicant_user is None


def test_a_case_sent_back_before_its_legal_review_is_reviewed_again(penalty_power, inspectors, officers):
    inspector, reviewer, approver = inspectors["inspector"], officers["review"], officers["approve"]
    case = services.case_apply(actor=inspector, power=penalty_power, applicant=dict(COMPANY), channel="counter",
                               now=at("2025-09-25 09:00"))
    case = services.case_act(actor=inspector, case=case, action="accept", now=at("2025-09-25 10:00"))
    case = services.case_act(actor=inspector, case=case, action="complete", now=at("2025-10-20 10:00"))
    case = services.case_act(actor=reviewer, case=case, action="complete", now=at("2025-10-22 10:00"))
    # the approver sends it back to the investigation: the review it passed no longer counts
    case = services.case_act(actor=approver, case=case, action="return", to="investigate", reason="证据不足，补充调查",
                             now=at("2025-10-23 10:00"))
    assert case.legal_reviewed_at is None
    case = services.case_act(actor=inspector, case=case, action="complete", now=at("2025-10-28 10:00"))
    with pytest.raises(ActionRefused) as refused:  # the reviewer cannot decide in place of reviewing again
        services.case_act(actor=reviewer, case=case, action="decide", now=at("2025-10-28 11:00"),
                          decision="granted", document_no="宁国土罚〔2025〕13号", penalty_kind="警告")
    assert refused.value.rule == "legal-review-required"
    case = services.case_act(actor=reviewer, case=case, action="complete", now=at("2025-10-29 10:00"))
    case = services.case_act(actor=approver, case=case, action="decide", now=at("2025-10-30 10:00"), decision="granted",
                             document_no="宁国土罚〔2025〕13号", penalty_kind="警告")
    assert case.decision == "granted"


def test_a_return_after_the_legal_review_keeps_it(penalty_power, inspectors, officers, make_user, land_bureau):
    deliverer = make_user("deliverer", officer_of=land_bureau, posts=("investigate", "approve"))
    case = services.case_apply(actor=inspectors["inspector"], power=penalty_power, applicant=dict(COMPANY),
                               channel="counter", now=at("2025-09-25 09:00"))
    case = services.case_act(actor=deliverer, case=case, action="accept", now=at("2025-09-25 10:00"))
    case = services.case_act(actor=deliverer, case=case, action="complete", now=at("2025-10-20 10:00"))
    case = services.case_act(actor=officers["review"], case=case, action="complete", now=at("2025-10-22 10:00"))
    reviewed = case.legal_reviewed_at
    case = services.case_act(actor=deliverer, case=case, action="decide", now=at("2025-10-23 10:00"), decision="granted",
                             document_no="宁国土罚〔2025〕14号", penalty_kind="警告")
    case = services.case_act(actor=deliverer, case=case, action="complete", now=at("2025-10-23 11:00"))
    # back from delivery to the decision step, which lies after the review: the review stands
    case = services.case_act(actor=deliverer, case=case, action="return", to="decide", reason="文书需更正",
                             now=at("2025-10-24 10:00"))
    assert case.legal_reviewed_at == reviewed


# The legal review step ends in the branch on the decision: the page would offer the decision at
# the review itself, before the review has passed.
BRANCHING_PENALTY_FLOW = {
    "steps": [
        {"key": "start", "name": "案件来源", "kind": "start"},
        {"key": "file", "name": "立案", "kind": "task", "post": "investigate", "limit": 5, "unit": "day"},
        {"key": "legal", "name": "法制审核", "kind": "task", "post": "review", "limit": 10, "unit": "day",
         "legal_review": True},
        {"key": "gate", "name": "是否处罚", "kind": "exclusive"},
        {"key": "decide", "name": "处罚决定", "kind": "task", "post": "approve", "limit": 10, "unit": "day"},
        {"key": "end", "name": "结案", "kind": "end"},
    ],
    "transitions": [{"from": "start", "to": "file"}, {"from": "file", "to": "legal"}, {"from": "legal", "to": "gate"},
                    {"from": "gate", "to": "decide", "condition": "处罚"},
                    {"from": "gate", "to": "end", "condition": "不予处罚"}, {"from": "decide", "to": "end"}],
}


def test_the_decision_is_offered_only_once_the_legal_review_has_passed(land_bureau, posts, inspectors, officers):
    from yangguang.cases.selectors import case_options_for

    power = _published(land_bureau, 2, BRANCHING_PENALTY_FLOW, category="CF", name="对非法占用土地的处罚",
                       statutory_limit=90, statutory_unit="day", committed_limit=60, committed_unit="day",
                       extension_limit=0)
    inspector, reviewer, approver = inspectors["inspector"], officers["review"], officers["approve"]
    case = services.case_apply(actor=inspector, power=power, applicant=dict(COMPANY), channel="counter",
                               now=at("2025-09-25 09:00"))
    case = services.case_act(actor=inspector, case=case, action="accept", now=at("2025-09-25 10:00"))  # 立案
    [review] = case_options_for(reviewer, case, now=at("2025-09-26 10:00")).steps
    assert review.node.key == "legal" and review.branches  # the branch on the decision follows the review
    assert "decide" not in review.actions and "complete" in review.actions
    with pytest.raises(ActionRefused) as refused:  # as the service rules
        services.case_act(actor=reviewer, case=case, action="decide", now=at("2025-09-26 10:00"), decision="granted",
                          document_no="宁国土罚〔2025〕15号", penalty_kind="警告")
    assert refused.value.rule == "legal-review-required"
    case = services.case_act(actor=reviewer, case=case, action="complete", branch="处罚", now=at("2025-09-26 11:00"))
    assert case.legal_reviewed_at == at("2025-09-26 11:00")
    [deciding] = case_options_for(approver, case, now=at("2025-09-27 10:00")).steps
    assert deciding.node.key == "decide" and "decide" in deciding.actions
    case = services.case_act(actor=approver, case=case, action="decide", now=at("2025-09-27 10:00"), decision="granted",
                             document_no="宁国土罚〔2025〕15号", penalty_kind="警告")
    assert case.decision == "granted"
