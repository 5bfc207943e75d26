import copy

import pytest

from yangguang.catalog import services as catalog_services
from yangguang.catalog.errors import NotCatalogClerk, TransitionRefused
from yangguang.catalog.hooks import flowcharts
from yangguang.catalog.models import Power, PowerVersion, VersionState
from yangguang.flows import services
from yangguang.flows.errors import InvalidFlow
from yangguang.flows.hooks import Flowcharts
from yangguang.flows.models import Flow, Step, Transition

from .conftest import publish


def rules(error):
    return [(e["field"], e["rule"]) for e in error.errors]


def test_replace_stores_steps_in_order_with_posts_and_departments(clerk, draft, land_flow, land_bureau, planning_bureau):
    flow = services.flow_replace(actor=clerk, version=draft, payload=land_flow)
    steps = list(flow.steps.select_related("post", "department"))
    assert [s.key for s in steps] == [s["key"] for s in land_flow["steps"]]
    assert [s.order for s in steps] == list(range(12))
    planning = next(s for s in steps if s.key == "planning")
    assert planning.department == planning_bureau and planning.post.department == planning_bureau
    accept = next(s for s in steps if s.key == "accept")
    assert accept.department is None and accept.post.department == land_bureau  # the power's own department
    assert flow.transitions.count() == 13
    assert flow.transitions.get(condition="准予").target.key == "issue"


def test_replace_replaces(clerk, draft, land_flow, joint_flow):
    services.flow_replace(actor=clerk, version=draft, payload=land_flow)
    flow = services.flow_replace(actor=clerk, version=draft, payload=joint_flow)
    assert Flow.objects.count() == 1
    assert services.flow_payload(flow)["steps"][1]["name"] == "一门受理"
    assert Step.objects.count() == len(joint_flow["steps"]) and Transition.objects.count() == len(joint_flow["transitions"])


def test_only_the_departments_catalog_clerk_may_replace(outsider_clerk, legal, draft, land_flow):
    for actor in (outsider_clerk, legal):
        with pytest.raises(NotCatalogClerk):
            services.flow_replace(actor=actor, version=draft, payload=land_flow)
    assert not Flow.objects.exists()


@pytest.mark.parametrize("state", [VersionState.SUBMITTED, VersionState.APPROVED, VersionState.PUBLISHED])
def test_only_an_editable_version_takes_a_new_flowchart(clerk, draft_with_flow, joint_flow, state):
    PowerVersion.objects.filter(pk=draft_with_flow.pk).update(state=state)
    with pytest.raises(TransitionRefused) as refused:
        services.flow_replace(actor=clerk, version=draft_with_flow, payload=joint_flow)
    assert refused.value.rule == "editable-state"
    assert services.flow_payload(draft_with_flow.flow)["steps"][1]["name"] == "受理"


def test_a_returned_version_is_editable(clerk, draft, land_flow):
    PowerVersion.objects.filter(pk=draft.pk).update(state=VersionState.RETURNED)
    assert services.flow_replace(actor=clerk, version=draft, payload=land_flow).steps.count() == 12


def test_unknown_posts_and_departments_are_refused_by_field(clerk, draft, land_flow, retired_bureau):
    land_flow["steps"][2]["post"] = "nobody"                   # 初审
    land_flow["steps"][6]["department"] = "320100-777"         # 规划意见
    land_flow["steps"][10]["department"] = "320100-099"        # 制发预审意见, in a department no longer active
    with pytest.raises(InvalidFlow) as refused:
        services.flow_replace(actor=clerk, version=draft, payload=land_flow)
    assert rules(refused.value) == [
        ("flow.steps[2].post", "post-exists"), ("flow.steps[6].department", "department-exists"),
        ("flow.steps[10].department", "department-active"), ("flow.steps[10].post", "post-exists"),
    ]
    assert refused.value.field == "flow.steps[2].post"
    assert "南京市国土资源局" in str(refused.value.errors[0]["detail"])
    assert not Flow.objects.exists()


def test_a_post_of_the_other_department_is_looked_up_there(clerk, draft, land_flow):
    land_flow["steps"][6]["post"] = "window"  # the planning bureau has no window post
    with pytest.raises(InvalidFlow) as refused:
        services.flow_replace(actor=clerk, version=draft, payload=land_flow)
    assert rules(refused.value) == [("flow.steps[6].post", "post-exists")]
    assert "南京市规划局" in str(refused.value.detail)


def test_replace_checks_the_versions_committed_limit(clerk, make_version, posts, land_flow):
    version = make_version(committed_limit=10)  # the flowchart needs 11 working days
    with pytest.raises(InvalidFlow) as refused:
        services.flow_replace(actor=clerk, version=version, payload=land_flow)
    assert rules(refused.value) == [("flow.steps", "limits-exceed-committed")]


def test_replace_drops_the_kept_drawing(clerk, draft_with_flow, land_flow):
    Flow.objects.filter(power_version=draft_with_flow).update(svg="<svg/>")
    flow = services.flow_replace(actor=clerk, version=draft_with_flow, payload=land_flow)
    flow.refresh_from_db()
    assert flow.svg == ""


def test_read_many_returns_the_payloads_as_written(draft_with_flow, land_flow, make_version, joint_flow):
    other = make_version(sequence=2)
    services.flow_write_many([(other, joint_flow)])
    payloads = services.flow_read_many([draft_with_flow, other.pk, 999])
    expected = copy.deepcopy(land_flow)
    for item in expected["steps"] + joint_flow["steps"]:
        if item["kind"] in ("task", "excluded"):
            item.setdefault("unit", "workday")
    assert payloads == {draft_with_flow.pk: expected, other.pk: joint_flow}


def _versions(land_bureau, count):
    powers = Power.objects.bulk_create(
        Power(code=f"320100-012-XK-{n:04d}", department=land_bureau, category="XK", sequence=n) for n in range(1, count + 1)
    )
    return PowerVersion.objects.bulk_create(
        PowerVersion(power=p, number=1, name=f"事项{p.sequence}", statutory_limit=20, committed_limit=15) for p in powers
    )


def test_write_many_costs_a_few_queries_for_many_flowcharts(land_bureau, posts, land_flow, django_assert_max_num_queries):
    versions = _versions(land_bureau, 200)
    # 3 look-ups, the flows, 2 batches of steps, their ids, 2 batches of arrows, and the savepoint
    with django_assert_max_num_queries(12):
        flows = services.flow_write_many([(v, land_flow) for v in versions])
    assert len(flows) == 200 and all(f.pk for f in flows)
    assert Step.objects.count() == 200 * 12 and Transition.objects.count() == 200 * 13
    with django_assert_max_num_queries(3):  # the flows, their steps, their arrows
        payloads = services.flow_read_many(versions)
    assert len(payloads) == 200 and payloads[versions[-1].pk]["transitions"][-1] == {"from": "issue", "to": "end"}


def test_validate_many_looks_posts_up_once_for_all(land_bureau, posts, land_flow, joint_flow, django_assert_max_num_queries):
    broken = copy.deepcopy(joint_flow)
    broken["steps"][3]["post"] = "nobody"
    items = [(land_flow, land_bureau, 15, "workday", False), (broken, land_bureau, 15, "workday", False)] * 100
    with django_assert_max_num_queries(2):
        results = services.flow_validate_many(items)
    assert results[0] == [] and [(e["field"], e["rule"]) for e in results[1]] == [("flow.steps[3].post", "post-exists")]
    # the fifth item says whether the power is a penalty: then the flowchart needs a legal review step
    penalty = services.flow_validate_many([(land_flow, land_bureau, 15, "workday", True)])
    assert [(e["field"], e["rule"]) for e in penalty[0]] == [("flow.steps", "legal-review-required")]


def test_copy_carries_steps_and_arrows_to_the_revision(draft_with_flow, land_flow):
    published = publish(draft_with_flow)
    revision = PowerVersion.objects.create(
        power=published.power, number=2, name=published.name, statutory_limit=20, committed_limit=15
    )
    flow = services.flow_copy(published, revision)
    assert services.flow_payload(flow) == services.flow_payload(published.flow)
    assert Step.objects.filter(flow=flow).count() == 12
    assert not set(Step.objects.filter(flow=flow).values_list("pk", flat=True)) & set(
        Step.objects.filter(flow=published.flow).values_list("pk", flat=True))


def test_copy_of_a_version_without_flowchart_is_nothing(draft, make_version):
    assert services.flow_copy(draft, make_version(sequence=2)) is None


class TestHooks:
    def test_flows_registers_its_hooks_with_the_catalog(self):
        assert isinstance(flowcharts(), Flowcharts)

    def test_submit_needs_a_flowchart(self, draft):
        assert [(e["field"], e["rule"]) for e in flowcharts().check_for_submit(draft)] == [("flow", "flow-required")]

    def test_submit_checks_the_flowchart_against_the_current_committed_limit(self, draft_with_flow):
        assert flowcharts().check_for_submit(draft_with_flow) == []
        draft_with_flow.committed_limit = 10
        errors = flowcharts().check_for_submit(draft_with_flow)
        assert [(e["field"], e["rule"]) for e in errors] == [("flow.steps", "limits-exceed-committed")]

    def test_validate_payload_checks_posts_in_the_powers_department(self, land_bureau, planning_bureau, posts, land_flow):
        hooks = flowcharts()
        assert hooks.validate_payload(land_flow, department=land_bureau, committed_limit=15, committed_unit="workday") == []
        errors = hooks.validate_payload(land_flow, department=planning_bureau, committed_limit=15, committed_unit="workday")
        assert {e["rule"] for e in errors} == {"post-exists"}
        assert hooks.validate_payloads([(land_flow, land_bureau, 15, "workday", False)]) == [[]]

    def test_write_and_read_many(self, draft, land_flow):
        hooks = flowcharts()
        hooks.write_many([(draft, land_flow)])
        assert hooks.read_many([draft])[draft.pk]["steps"][0] == {"key": "start", "name": "申请", "kind": "start"}

    def test_write_many_refuses_an_invalid_payload(self, draft, land_flow):
        land_flow["steps"].pop()
        with pytest.raises(InvalidFlow):
            flowcharts().write_many([(draft, land_flow)])
        assert not Flow.objects.exists()

    def test_the_catalog_drafts_and_submits_with_a_flowchart(self, clerk, land_bureau, posts, licence_content, land_flow):
        version = catalog_services.power_create(
            actor=clerk, department=land_bureau, category="XK", content=licence_content, flow=land_flow
        )
        assert version.flow.steps.count() == 12
        assert catalog_services.version_submit(actor=clerk, version=version).state == VersionState.SUBMITTED
