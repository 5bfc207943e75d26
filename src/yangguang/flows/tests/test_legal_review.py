"""The legal review step (法制审核, 行政处罚法 第五十八条): a penalty's flowchart has one, marked on a
task step, kept through writing, reading and copying."""

import copy

import pytest

from yangguang.catalog.models import Power, PowerVersion
from yangguang.flows import domain, services
from yangguang.flows.tests.conftest import LAND_PRE_REVIEW


def _marked(flow: dict, key: str, value=True) -> dict:
    flow = copy.deepcopy(flow)
    next(step for step in flow["steps"] if step["key"] == key)["legal_review"] = value
    return flow


def test_a_penalty_flowchart_needs_a_legal_review_step():
    errors = domain.flow_errors(LAND_PRE_REVIEW, penalty=True)
    assert [(e["field"], e["rule"]) for e in errors] == [("flow.steps", "legal-review-required")]
    assert domain.flow_errors(_marked(LAND_PRE_REVIEW, "examine"), penalty=True) == []
    assert domain.flow_errors(LAND_PRE_REVIEW) == []  # other powers need none


@pytest.mark.parametrize(("key", "value", "rule"), [("start", True, "legal-review-task"),
                                                    ("examine", "yes", "boolean")])
def test_only_a_task_step_is_marked_and_only_true_or_false(key, value, rule):
    errors = domain.flow_errors(_marked(LAND_PRE_REVIEW, key, value))
    assert rule in {e["rule"] for e in errors}
    assert all(e["field"].endswith(".legal_review") for e in errors if e["rule"] == rule)


@pytest.mark.django_db
def test_the_mark_survives_writing_reading_and_copying(land_bureau, posts):
    power = Power.objects.create(code=f"{land_bureau.full_code}-CF-0001", department=land_bureau, category="CF",
                                 sequence=1)
    version = PowerVersion.objects.create(power=power, number=1, name="罚", statutory_limit=90, committed_limit=60,
                                          statutory_unit="day", committed_unit="day")
    services.flow_write_many([(version, _marked(LAND_PRE_REVIEW, "examine"))])
    payload = services.flow_read_many([version])[version.pk]
    assert [step["key"] for step in payload["steps"] if step.get("legal_review")] == ["examine"]
    assert services.flow_submit_errors(version) == []
    other = Power.objects.create(code=f"{land_bureau.full_code}-CF-0003", department=land_bureau, category="CF",
                                 sequence=3)
    revision = PowerVersion.objects.create(power=other, number=1, name="罚", statutory_limit=90, committed_limit=60,
                                           statutory_unit="day", committed_unit="day")
    services.flow_copy(version, revision)
    assert services.flow_read_many([revision])[revision.pk] == payload


@pytest.mark.django_db
def test_a_penalty_without_one_is_not_submitted(land_bureau, posts):
    power = Power.objects.create(code=f"{land_bureau.full_code}-CF-0002", department=land_bureau, category="CF",
                                 sequence=2)
    version = PowerVersion.objects.create(power=power, number=1, name="罚", statutory_limit=90, committed_limit=60,
                                          statutory_unit="day", committed_unit="day")
    services.flow_write_many([(version, copy.deepcopy(LAND_PRE_REVIEW))])
    assert [e["rule"] for e in services.flow_submit_errors(version)] == ["legal-review-required"]


@pytest.mark.django_db
def test_the_migration_marks_the_review_step_of_penalty_flowcharts_drawn_before(land_bureau, posts):
    import importlib

    from django.apps import apps

    from yangguang.flows.models import Step

    migration = importlib.import_module("yangguang.flows.migrations.0003_mark_legal_review_steps")
    flow = copy.deepcopy(LAND_PRE_REVIEW)
    next(step for step in flow["steps"] if step["key"] == "examine")["name"] = "法制审核"
    versions = {}
    for sequence, category in ((11, "CF"), (12, "XK")):
        power = Power.objects.create(code=f"{land_bureau.full_code}-{category}-{sequence:04d}", department=land_bureau,
                                     category=category, sequence=sequence)
        versions[category] = PowerVersion.objects.create(power=power, number=1, name="旧流程", statutory_limit=90,
                                                         committed_limit=60, statutory_unit="day", committed_unit="day")
        services.flow_write_many([(versions[category], copy.deepcopy(flow))])
    migration.mark(apps, None)
    marked = set(Step.objects.filter(legal_review=True).values_list("flow__power_version__power__category", "key"))
    assert marked == {("CF", "examine")}  # a licence's step of that name is not a penalty's review
