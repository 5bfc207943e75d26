"""Fixtures every app's tests share: a city with two departments, their posts and one user per role."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from yangguang.org.models import CertificateStatus, Department, Officer, Post, Region, Role, RoleAssignment

LAND_PAYLOAD_POSTS = ("window", "review", "approve")


@pytest.fixture
def city(db):
    province = Region.objects.create(code="320000", name="江苏省", level="province")
    return Region.objects.create(code="320100", name="南京市", level="city", parent=province)


@pytest.fixture
def other_city(city):
    return Region.objects.create(code="320200", name="无锡市", level="city", parent=city.parent)


@pytest.fixture
def land_bureau(city):
    department = Department.objects.create(region=city, code="012", name="南京市国土资源局", short_name="国土局")
    for code, name in (("window", "窗口受理岗"), ("review", "审查岗"), ("approve", "审批岗")):
        Post.objects.create(department=department, code=code, name=name)
    return department


@pytest.fixture
def planning_bureau(city):
    department = Department.objects.create(region=city, code="015", name="南京市规划局", short_name="规划局")
    Post.objects.create(department=department, code="review", name="规划审查岗")
    return department


def _user(username, **extra):
    return get_user_model().objects.create_user(username=username, password="pw-" + username, **extra)


@pytest.fixture
def make_user(db):
    """make_user(name, role=None, department=None, region=None, officer_of=None, posts=())."""

    def make(username, role=None, *, department=None, region=None, officer_of=None, posts=()):
        user = _user(username)
        if role:
            RoleAssignment.objects.create(user=user, role=role, department=department, region=region)
        if officer_of:
            officer = Officer.objects.create(
                user=user, department=officer_of, certificate_no=f"ZF{user.pk:06d}",
                certificate_valid_from=datetime.date(2024, 1, 1), certificate_valid_until=datetime.date(2028, 12, 31),
                certificate_status=CertificateStatus.ACTIVE,
            )
            officer.posts.set(Post.objects.filter(department=officer_of, code__in=posts))
        return user

    return make


@pytest.fixture
def clerk(make_user, land_bureau):
    return make_user("clerk", Role.CATALOG_CLERK, department=land_bureau, officer_of=land_bureau)


@pytest.fixture
def legal(make_user, city):
    return make_user("legal", Role.LEGAL_OFFICE, region=city)


@pytest.fixture
def outsider_clerk(make_user, planning_bureau):
    return make_user("planning-clerk", Role.CATALOG_CLERK, department=planning_bureau, officer_of=planning_bureau)


@pytest.fixture
def simple_flow():
    """A valid three-step flowchart payload for the land bureau (受理 → 审查 → 决定)."""
    return {
        "steps": [
            {"key": "start", "name": "申请", "kind": "start"},
            {"key": "accept", "name": "受理", "kind": "task", "post": "window", "limit": 1},
            {"key": "review", "name": "审查", "kind": "task", "post": "review", "limit": 5},
            {"key": "decide", "name": "决定", "kind": "task", "post": "approve", "limit": 2},
            {"key": "end", "name": "办结", "kind": "end"},
        ],
        "transitions": [
            {"from": "start", "to": "accept"}, {"from": "accept", "to": "review"},
            {"from": "review", "to": "decide"}, {"from": "decide", "to": "end"},
        ],
    }


@pytest.fixture
def licence_content():
    return {
        "name": "建设项目用地预审",
        "legal_bases": [{"law": "《中华人民共和国土地管理法》", "article": "第五十二条", "text": "建设项目可行性研究论证时…"}],
        "conditions": "建设项目符合土地利用总体规划。",
        "materials": [{"name": "建设项目用地预审申请表", "required": True, "copies": 1}],
        "fees": [],
        "result_documents": ["建设项目用地预审意见"],
        "statutory_limit": 20, "statutory_unit": "workday",
        "committed_limit": 15, "committed_unit": "workday",
        "extension_limit": 10,
        "consultation_phone": "025-83730000", "supervision_phone": "025-12345",
    }
