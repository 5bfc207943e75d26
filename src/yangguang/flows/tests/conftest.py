"""Flowchart fixtures: the land bureau's pre-review (用地预审) and a joint approval with the planning bureau.

The city, both bureaus, their posts and the users come from ``yangguang/conftest.py``; the
catalog rows are plain ORM creates.
"""

import copy

import pytest

from yangguang.catalog.models import Power, PowerVersion, VersionState
from yangguang.org.models import Department, Post

from .. import services

LEGAL_BASES = [{"law": "《中华人民共和国土地管理法》", "article": "第五十二条", "text": "建设项目可行性研究论证时…"}]


def step(key, name, kind="task", post=None, limit=None, **extra):
    out = {"key": key, "name": name, "kind": kind}
    if post:
        out["post"] = post
    if limit is not None:
        out["limit"] = limit
    out.update(extra)
    return out


def arrow(source, target, condition=None):
    out = {"from": source, "to": target}
    if condition:
        out["condition"] = condition
    return out


# 建设项目用地预审: twelve steps, the planning bureau's opinion taken in parallel with the examination.
LAND_PRE_REVIEW = {
    "steps": [
        step("start", "申请", "start"),
        step("accept", "受理", post="window", limit=1),
        step("first-review", "初审", post="review", limit=2),
        step("survey", "现场踏勘", post="survey", limit=2),
        step("consult", "并联征求意见", "split"),
        step("examine", "审查", post="review", limit=3),
        step("planning", "规划意见", post="review", limit=3, department="320100-015"),
        step("gather", "意见汇总", "join"),
        step("approve", "审批", post="approve", limit=2),
        step("decide", "决定", "exclusive"),
        step("issue", "制发预审意见", post="window", limit=1),
        step("end", "办结", "end"),
    ],
    "transitions": [
        arrow("start", "accept"), arrow("accept", "first-review"), arrow("first-review", "survey"),
        arrow("survey", "consult"), arrow("consult", "examine"), arrow("consult", "planning"),
        arrow("examine", "gather"), arrow("planning", "gather"), arrow("gather", "approve"),
        arrow("approve", "decide"), arrow("decide", "issue", "准予"), arrow("decide", "end", "不予"),
        arrow("issue", "end"),
    ],
}

# 并联审批 across two departments: each examines in its own branch, one of them with an expert review.
JOINT_APPROVAL = {
    "steps": [
        step("start", "申请", "start"),
        step("accept", "一门受理", post="window", limit=1),
        step("split", "抄告相关", "split"),
        step("land", "国土审查", post="review", limit=5),
        step("expert", "专家评审", "excluded", post="review", limit=10),
        step("planning", "规划审查", post="review", limit=4, department="320100-015"),
        step("join", "联合审查", "join"),
        step("decide", "决定", post="approve", limit=2),
        step("end", "办结", "end"),
    ],
    "transitions": [
        arrow("start", "accept"), arrow("accept", "split"), arrow("split", "land"), arrow("split", "planning"),
        arrow("land", "expert"), arrow("expert", "join"), arrow("planning", "join"), arrow("join", "decide"),
        arrow("decide", "end"),
    ],
}


@pytest.fixture
def land_flow():
    return copy.deepcopy(LAND_PRE_REVIEW)


@pytest.fixture
def joint_flow():
    return copy.deepcopy(JOINT_APPROVAL)


@pytest.fixture
def posts(land_bureau, planning_bureau):
    """The posts both flowcharts name: the shared ones plus the land bureau's field survey."""
    Post.objects.create(department=land_bureau, code="survey", name="现场踏勘岗")
    return {(p.department.code, p.code): p for p in Post.objects.select_related("department")}


@pytest.fixture
def make_version(land_bureau):
    """make_version(sequence=1, **fields): a power of the land bureau with a draft first version."""

    def make(sequence=1, department=None, **fields):
        department = department or land_bureau
        power = Power.objects.create(
            code=f"{department.full_code}-XK-{sequence:04d}", department=department, category="XK", sequence=sequence
        )
        values = {"name": "建设项目用地预审", "statutory_limit": 20, "committed_limit": 15, "legal_bases": LEGAL_BASES}
        values.update(fields)
        return PowerVersion.objects.create(power=power, number=1, **values)

    return make


@pytest.fixture
def draft(make_version, posts):
    return make_version()


@pytest.fixture
def draft_with_flow(draft, land_flow):
    services.flow_write_many([(draft, land_flow)])
    return draft


def publish(version, **fields):
    """Put a version in force directly, as the catalog's publish service would."""
    for name, value in fields.items():
        setattr(version, name, value)
    version.state = VersionState.PUBLISHED
    version.save()
    version.power.published_version = version
    version.power.save(update_fields=["published_version"])
    return version


@pytest.fixture
def published(draft_with_flow):
    return publish(draft_with_flow)


@pytest.fixture
def retired_bureau(city):
    return Department.objects.create(region=city, code="099", name="南京市撤并局", short_name="撤并局", is_active=False)
