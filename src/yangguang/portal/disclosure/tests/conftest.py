"""Disclosure tests reuse the case fixtures (land pre-review, officers, apply, act, at), the
supervisor and the performance fixtures (``make_case``, the land bureau's November 2025), and
add published results of natural persons and of an organisation, licences and penalties."""

from decimal import Decimal

import pytest
from django.test import Client

from yangguang.cases import services as case_services
from yangguang.cases.domain import id_card_check
from yangguang.cases.models import Case
from yangguang.cases.tests.conftest import *
from yangguang.cases.tests.conftest import PERSON, _published, at
from yangguang.catalog.models import PowerVersion
from yangguang.supervision.tests.conftest import fresh_rules, supervisor  # noqa: F401
from yangguang.supervision.tests.performance_fixtures import *

_BODY = "32010619870412003"
PERSON2 = {"kind": "person", "name": "欧阳小明", "id_type": "id_card", "id_number": _BODY + id_card_check(_BODY),
           "phone": "13800135678", "address": "南京市鼓楼区中山北路200号"}
COMPANY = {"kind": "organisation", "name": "南京某某建材有限公司", "id_type": "credit_code",
           "id_number": "91320100MA1M7K3D0J", "phone": "025-84561234", "address": "南京市江宁区胜太路88号",
           "contact": "王经理"}
# What no public page or export may show: the natural persons' names, ID numbers, phones and
# addresses, and the organisation's phone, address and contact person.
PRIVATE = [PERSON["name"], PERSON["id_number"], PERSON["phone"], PERSON["address"], PERSON2["name"],
           PERSON2["id_number"], PERSON2["phone"], PERSON2["address"], COMPANY["phone"], COMPANY["address"],
           COMPANY["contact"], "84561234", "北京东路41", "中山北路200", "胜太路88", "19491231", "19870412"]

PENALTY_FLOW = {
    "steps": [
        {"key": "start", "name": "案件来源", "kind": "start"},
        {"key": "file", "name": "立案", "kind": "task", "post": "investigate", "limit": 5, "unit": "day"},
        {"key": "legal", "name": "法制审核", "kind": "task", "post": "review", "limit": 10, "unit": "day",
         "legal_review": True},
        {"key": "decide", "name": "处罚决定", "kind": "task", "post": "approve", "limit": 10, "unit": "day"},
        {"key": "end", "name": "结案", "kind": "end"},
    ],
    "transitions": [{"from": "start", "to": "file"}, {"from": "file", "to": "legal"}, {"from": "legal", "to": "decide"},
                    {"from": "decide", "to": "end"}],
}


def assert_private_absent(text: str) -> None:
    for value in PRIVATE:
        assert value not in text, value


@pytest.fixture
def penalty_power(land_bureau, posts):
    return _published(land_bureau, 3, PENALTY_FLOW, category="CF", name="对非法占用土地的处罚", statutory_limit=90,
                      statutory_unit="day", committed_limit=60, committed_unit="day", extension_limit=0,
                      legal_bases=[{"law": "《中华人民共和国土地管理法》", "article": "第七十七条", "text": "…"}])


@pytest.fixture
def filed_power(land_bureau, posts):
    from yangguang.flows.tests.conftest import LAND_PRE_REVIEW

    return _published(land_bureau, 4, LAND_PRE_REVIEW, name="涉密建设项目用地预审")


@pytest.fixture
def inspector(make_user, land_bureau, posts):
    return make_user("inspector", officer_of=land_bureau, posts=("investigate",))


@pytest.fixture
def case_for(officers, inspector):
    """case_for(power, received, applicant, **fields): applied online by the applicant account (a
    penalty: opened at the counter by the inspector), then every field given set as is."""

    def make(power, received, applicant=PERSON, **fields):
        penalty = power.category == "CF"
        case = case_services.case_apply(
            actor=inspector if penalty else officers["applicant"], power=power, applicant=dict(applicant),
            channel="counter" if penalty else "online", title=fields.pop("title", "某某项目"), now=at(received))
        values = {name: at(value) if isinstance(value, str) and name.endswith(("_at", "_due", "_start")) else value
                  for name, value in fields.items()}
        Case.objects.filter(pk=case.pk).update(**values)
        case.refresh_from_db()
        return case

    return make


def _decided(document, decided, **extra):
    return {"state": "completed", "decision": "granted", "document_no": document, "decided_at": decided,
            "completed_at": decided.replace("09:00", "10:00"), **extra}


@pytest.fixture
def results(land_power, penalty_power, filed_power, case_for):
    """Four published results (a person's and a company's licence, a person's and a company's
    penalty) and five that are not (denied, decided but still open, refused, withdrawn, of a power
    filed only: its cases come from the department's own system, here made filed after the fact)."""
    found = {
        "licence_person": case_for(land_power, "2025-11-03 09:00", PERSON, title="张三住宅用地预审",
                                   **_decided("宁国土预〔2025〕101号", "2025-11-10 09:00",
                                              decision_reason="经审查符合规划。申请人张三，电话13912345678。")),
        "licence_company": case_for(land_power, "2025-11-04 09:00", COMPANY, title="南京某某建材有限公司厂房项目",
                                    **_decided("宁国土预〔2025〕102号", "2025-11-12 09:00")),
        "penalty_person": case_for(penalty_power, "2025-11-05 09:00", PERSON2, title="欧阳小明非法占用土地案",
                                   **_decided("宁国土罚〔2025〕7号", "2025-11-20 09:00", penalty_kind="罚款",
                                              penalty_amount=Decimal("5000.00"),
                                              decision_reason="当事人欧阳小明（住南京市鼓楼区中山北路200号）违反"
                                                              "《土地管理法》第七十七条。")),
        "penalty_company": case_for(penalty_power, "2025-11-06 09:00", COMPANY, title="南京某某建材有限公司违法占地案",
                                    **_decided("宁国土罚〔2025〕8号", "2025-11-21 09:00", penalty_kind="罚款、限期拆除",
                                               penalty_amount=Decimal("120000.00"))),
        "denied": case_for(land_power, "2025-11-07 09:00", PERSON, state="completed", decision="denied",
                           decision_reason="不符合规划", document_no="宁国土预〔2025〕103号",
                           decided_at="2025-11-13 09:00", completed_at="2025-11-13 10:00"),
        "open": case_for(land_power, "2025-11-08 09:00", PERSON, state="in_progress", decision="granted",
                         document_no="宁国土预〔2025〕104号", decided_at="2025-11-14 09:00"),
        "refused": case_for(land_power, "2025-11-09 09:00", PERSON, state="refused", completed_at="2025-11-10 09:00",
                            closing_reason="不属于本机关职权范围"),
        "withdrawn": case_for(land_power, "2025-11-10 09:00", PERSON, state="withdrawn",
                              completed_at="2025-11-11 09:00", closing_reason="申请人撤回"),
        "filed": case_for(filed_power, "2025-11-11 09:00", PERSON,
                          **_decided("宁国土预〔2025〕105号", "2025-11-18 09:00")),
    }
    PowerVersion.objects.filter(power=filed_power).update(disclosure="filed", filed_reason="涉及国家秘密")
    return found


@pytest.fixture
def anonymous():
    return Client()
