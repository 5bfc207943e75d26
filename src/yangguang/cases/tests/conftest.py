"""Case fixtures: the land bureau's published pre-review (12 steps, a parallel opinion of the
planning bureau), a joint approval with an expert review, and an officer for every post."""

import copy
import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from yangguang.catalog.models import Power, PowerVersion
from yangguang.flows import services as flow_services
from yangguang.flows.tests.conftest import JOINT_APPROVAL, LAND_PRE_REVIEW, publish
from yangguang.org.models import Post, Role

from .. import services

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PERSON = {"kind": "person", "name": "张三", "id_type": "id_card", "id_number": "11010519491231002X", "phone": "13912345678",
          "address": "南京市玄武区北京东路41号"}


def at(text: str) -> datetime.datetime:
    """A Shanghai wall-clock time, e.g. at("2025-09-26 10:00")."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def pdf(name="申请表.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def fresh_caches():
    cache.clear()
    services.flow_graph.cache_clear()
    yield
    services.flow_graph.cache_clear()


@pytest.fixture
def posts(land_bureau, planning_bureau):
    Post.objects.create(department=land_bureau, code="survey", name="现场踏勘岗")
    Post.objects.create(department=land_bureau, code="investigate", name="调查取证岗", is_enforcement=True)
    return {(p.department.code, p.code): p for p in Post.objects.select_related("department")}


@pytest.fixture
def officers(make_user, land_bureau, planning_bureau, posts):
    return {
        "window": make_user("window", officer_of=land_bureau, posts=("window",)),
        "window2": make_user("window2", officer_of=land_bureau, posts=("window",)),
        "review": make_user("review", officer_of=land_bureau, posts=("review", "survey")),
        "review2": make_user("review2", officer_of=land_bureau, posts=("review",)),
        "approve": make_user("approve", officer_of=land_bureau, posts=("approve",)),
        "planning": make_user("planner", officer_of=planning_bureau, posts=("review",)),
        "head": make_user("head", Role.DEPARTMENT_HEAD, department=land_bureau, officer_of=land_bureau),
        "applicant": make_user("applicant"),
        "stranger": make_user("stranger"),
    }


def _published(department, sequence, flow, *, category="XK", **fields):
    power = Power.objects.create(code=f"{department.full_code}-{category}-{sequence:04d}", department=department,
                                 category=category, sequence=sequence)
    values = {"name": "建设项目用地预审", "statutory_limit": 20, "committed_limit": 15, "extension_limit": 10,
              "legal_bases": [{"law": "《中华人民共和国土地管理法》", "article": "第五十二条", "text": "…"}]}
    values.update(fields)
    version = PowerVersion.objects.create(power=power, number=1, **values)
    flow_services.flow_write_many([(version, copy.deepcopy(flow))])
    publish(version)
    power.refresh_from_db()
    return power


@pytest.fixture
def land_power(land_bureau, posts):
    return _published(land_bureau, 1, LAND_PRE_REVIEW)


@pytest.fixture
def joint_power(land_bureau, posts):
    return _published(land_bureau, 2, JOINT_APPROVAL, name="企业投资项目联合审批", statutory_limit=45, committed_limit=30,
                      extension_limit=15)


@pytest.fixture
def apply(officers):
    """apply(power, when): an online application by the applicant, with one PDF."""

    def make(power, when, **extra):
        return services.case_apply(actor=officers["applicant"], power=power, applicant=dict(PERSON), title="某某项目",
                                   materials=[("建设项目用地预审申请表", pdf())], now=at(when), **extra)

    return make


@pytest.fixture
def act(officers):
    """act(case, who, action, when, **fields): ``who`` is a key of ``officers``."""

    def make(case, who, action, when, **fields):
        return services.case_act(actor=officers[who], case=case, action=action, now=at(when), **fields)

    return make
