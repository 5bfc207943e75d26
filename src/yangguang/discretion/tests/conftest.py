"""Discretion fixtures: a test benchmark (无照经营-like, with every kind of tier and circumstance),
the land bureau's penalty power with its published benchmark, inspectors and an approver, and
a helper that takes a penalty case to its decision step. The case fixtures are reused."""

import copy

import pytest

from yangguang.cases import services as case_services
from yangguang.cases.tests.conftest import *
from yangguang.cases.tests.conftest import _published, at
from yangguang.org.models import Role
from yangguang.supervision import services as supervision_services

from .. import selectors, services

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
        {"key": "end", "name": "结案", "kind": "end"},
    ],
    # the decision is taken at the step that ends the flowchart, where the case page offers it
    "transitions": [{"from": a, "to": b} for a, b in (("start", "file"), ("file", "investigate"), ("investigate", "legal"), ("legal", "decide"),
                                                      ("decide", "end"))],
}

LAW = "《无照经营查处取缔办法》"

# Statutory: warning, 0–100,000 yuan or 1–5 times the illegal income; five tiers.
CONTENT = {
    "strategy": {"name": "three_tiers", "params": {}},
    "circumstances": [
        {"code": "no_fault", "name": "没有主观过错", "effect": "exempt", "mandatory": True, "basis": "《行政处罚法》第三十三条第二款"},
        {"code": "coerced", "name": "受他人胁迫实施违法行为", "effect": "mitigate", "mandatory": True,
         "basis": "《行政处罚法》第三十二条第（二）项"},
        {"code": "eliminated_harm", "name": "主动消除或者减轻危害后果", "effect": "lighter", "mandatory": True,
         "basis": "《行政处罚法》第三十二条第（一）项"},
        {"code": "cooperated", "name": "积极配合调查", "effect": "lighter", "mandatory": False, "basis": ""},
        {"code": "refused_order", "name": "经责令改正拒不改正", "effect": "heavier", "mandatory": False, "basis": ""},
        {"code": "evidence_destroyed", "name": "隐匿、销毁违法证据", "effect": "heavier", "mandatory": False, "basis": ""},
    ],
    "violations": [
        {
            "code": "V01", "name": "无照经营", "description": "",
            "violated": {"law": LAW, "article": "第四条", "text": ""},
            "punished": {"law": LAW, "article": "第十四条", "text": ""},
            "statutory": {"warning": True, "fine": {"min": "0", "max": "100000"},
                          "multiple": {"base": "illegal_income", "min": "1", "max": "5"},
                          "confiscate": ["illegal_income"], "licence": ["suspend", "revoke"]},
            "tiers": [
                {"level": "exempt", "description": "首违不罚", "conditions": [[
                    {"factor": "first_offence", "is": True}, {"factor": "harm", "lte": "slight"},
                    {"factor": "corrected", "is": True}]], "standard": {"measures": "责令改正"}},
                {"level": "minor", "description": "", "conditions": [],
                 "standard": {"warning": True, "fine": {"min": "0", "max": "9000"}}},
                {"level": "general", "description": "", "conditions": [[{"factor": "illegal_income", "gte": "10000"}]],
                 "standard": {"fine": {"min": "9000", "max": "30000"}}},
                {"level": "serious", "description": "", "conditions": [
                    [{"factor": "illegal_income", "gt": "50000"}], [{"factor": "repeat_count", "gte": 2}]],
                 "standard": {"fine": {"min": "30000", "max": "60000"}, "confiscate": ["illegal_income"],
                              "licence": ["suspend"]}},
                {"level": "severe", "description": "", "conditions": [
                    [{"factor": "illegal_income", "gte": "200000"}], [{"factor": "harm", "gte": "serious"}]],
                 "standard": {"fine": {"min": "60000", "max": "100000"}, "confiscate": ["illegal_income"],
                              "licence": ["suspend", "revoke"]}},
            ],
        },
        {
            "code": "V02", "name": "销售无照经营产品", "description": "",
            "violated": {"law": LAW, "article": "第五条", "text": ""},
            "punished": {"law": LAW, "article": "第十五条", "text": ""},
            "statutory": {"multiple": {"base": "goods_value", "min": "1", "max": "3"}},
            "tiers": [
                {"level": "minor", "description": "", "conditions": [],
                 "standard": {"multiple": {"base": "goods_value", "min": "1", "max": "1.5"}}},
                {"level": "general", "description": "", "conditions": [[{"factor": "goods_value", "gte": "50000"}]],
                 "standard": {"multiple": {"base": "goods_value", "min": "1.5", "max": "2"}}},
                {"level": "serious", "description": "", "conditions": [[{"factor": "goods_value", "gte": "200000"}]],
                 "standard": {"multiple": {"base": "goods_value", "min": "2", "max": "3"}}},
            ],
        },
    ],
}


def content(**changes) -> dict:
    """A deep copy of the test benchmark with top-level ``changes``."""
    return copy.deepcopy(CONTENT) | changes


@pytest.fixture(autouse=True)
def fresh_discretion_caches():
    selectors.compiled_forget()
    supervision_services.rules_forget()
    yield
    selectors.compiled_forget()
    supervision_services.rules_forget()


@pytest.fixture
def inspectors(make_user, land_bureau, posts):
    return {"inspector": make_user("inspector", officer_of=land_bureau, posts=("investigate",))}


@pytest.fixture
def penalty_power(land_bureau, posts):
    return _published(land_bureau, 1, PENALTY_FLOW, category="CF", name="对无照经营行为的处罚", statutory_limit=90,
                      statutory_unit="day", committed_limit=60, committed_unit="day", extension_limit=0)


@pytest.fixture
def licence_power(land_power):
    return land_power


@pytest.fixture
def publish_benchmark(legal):
    """publish_benchmark(power, content=CONTENT, when="2025-09-01 09:00"): drafted, submitted and published."""

    def make(power, body=None, when="2025-09-01 09:00"):
        benchmark = services.benchmark_create(actor=legal, power=power, content=body or content(), now=at(when))
        services.benchmark_submit(actor=legal, benchmark=benchmark, now=at(when))
        return services.benchmark_publish(actor=legal, benchmark=benchmark, now=at(when))

    return make


@pytest.fixture
def benchmarked(penalty_power, publish_benchmark):
    publish_benchmark(penalty_power)
    return penalty_power


@pytest.fixture
def at_decision(inspectors, officers):
    """at_decision(power): a penalty case filed, investigated and through its legal review, waiting at 处罚决定."""

    def make(power):
        inspector = inspectors["inspector"]
        case = case_services.case_apply(actor=inspector, power=power, applicant=dict(COMPANY), channel="counter",
                                        title="无照经营案", now=at("2025-09-25 09:00"))
        case = case_services.case_act(actor=inspector, case=case, action="accept", now=at("2025-09-25 10:00"))
        case = case_services.case_act(actor=inspector, case=case, action="complete", now=at("2025-10-20 10:00"),
                                      opinion="调查终结")
        return case_services.case_act(actor=officers["review"], case=case, action="complete",
                                      now=at("2025-10-22 10:00"), opinion="法制审核通过")

    return make


@pytest.fixture
def decide(officers):
    """decide(case, **fields): the approver decides at 2025-10-27 10:00."""

    def make(case, when="2025-10-27 10:00", **fields):
        values = {"decision": "granted", "document_no": "宁国土罚〔2025〕12号", "reason": "《无照经营查处取缔办法》第十四条",
                  "penalty_kind": "罚款"} | fields
        return case_services.case_act(actor=officers["approve"], case=case, action="decide", now=at(when), **values)

    return make


@pytest.fixture
def clerk_of_land(clerk):
    return clerk


@pytest.fixture
def supervisor(make_user, city):
    return make_user("supervisor", Role.SUPERVISOR, region=city)
