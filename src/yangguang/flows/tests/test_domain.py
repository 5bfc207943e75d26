import copy

import pytest
from django.utils import translation

from yangguang.flows import domain

from .conftest import JOINT_APPROVAL, LAND_PRE_REVIEW, arrow, step

# start → 受理 → 决定 ⟨准予 → 发证 | 不予 → 告知⟩ → 办结
BASE = {
    "steps": [
        step("start", "申请", "start"),                        # 0
        step("accept", "受理", post="window", limit=1),        # 1
        step("decide", "决定", "exclusive"),                   # 2
        step("grant", "发证", post="approve", limit=2),        # 3
        step("refuse", "告知", post="approve", limit=1),       # 4
        step("end", "办结", "end"),                            # 5
    ],
    "transitions": [
        arrow("start", "accept"),                              # 0
        arrow("accept", "decide"),                             # 1
        arrow("decide", "grant", "准予"),                      # 2
        arrow("decide", "refuse", "不予"),                     # 3
        arrow("grant", "end"),                                 # 4
        arrow("refuse", "end"),                                # 5
    ],
}


def errors_of(payload, **limits):
    return [(e["field"], e["rule"]) for e in domain.flow_errors(payload, **limits)]


def changed(change):
    payload = copy.deepcopy(BASE)
    change(payload)
    return payload


def set_step(index, **fields):
    return lambda p: p["steps"][index].update(fields)


def drop(index, *names):
    return lambda p: [p["steps"][index].pop(name) for name in names]


def add_arrows(*arrows):
    return lambda p: p["transitions"].extend(arrows)


def parallel(*arrows, steps=()):
    """BASE with split (steps[2]), 甲 乙 丙 (3–5), join (6) and ``steps`` (7…) after 受理; ``arrows`` wire them.

    受理 leads to the split; the arrows given start at transitions[6] and must lead on to 决定.
    """

    def change(p):
        p["steps"][2:2] = [step("split", "并联", "split"), step("a", "甲", post="review", limit=1),
                           step("b", "乙", post="review", limit=1), step("c", "丙", post="review", limit=1),
                           step("join", "汇合", "join"), *steps]
        p["transitions"][1] = arrow("accept", "split")
        p["transitions"].extend(arrows)

    return change


def test_the_base_flow_is_valid():
    assert errors_of(BASE, committed_limit=3) == []


def test_the_land_pre_review_of_twelve_steps_is_valid():
    assert len(LAND_PRE_REVIEW["steps"]) == 12
    assert errors_of(LAND_PRE_REVIEW, committed_limit=15, committed_unit="workday") == []


def test_joint_approval_across_two_departments_is_valid():
    assert {s.get("department") for s in JOINT_APPROVAL["steps"]} == {None, "320100-015"}
    assert errors_of(JOINT_APPROVAL, committed_limit=8) == []


@pytest.mark.parametrize(("change", "expected"), [
    # shape of the payload
    (lambda p: p.clear(), [("flow.steps", "flow-shape")]),
    (lambda p: p.update(title="x"), [("flow.title", "unknown-field")]),
    (lambda p: p.update(steps=[]), [("flow.steps", "flow-shape")]),
    (lambda p: p.update(transitions={}), [("flow.transitions", "flow-shape")]),
    (lambda p: p.update(steps=[step(f"s{i}", "环节", post="window", limit=1) for i in range(201)]),
     [("flow.steps", "too-many-steps")]),
    # steps
    (lambda p: p["steps"].append("办结"), [("flow.steps[6]", "step-shape")]),
    (set_step(1, note="x"), [("flow.steps[1].note", "unknown-field")]),
    (set_step(1, key="受理"), [("flow.steps[1].key", "key-format"), ("flow.transitions[0].to", "unknown-step"),
                               ("flow.transitions[1].from", "unknown-step")]),
    (set_step(1, key="x" * 41), [("flow.steps[1].key", "key-format"), ("flow.transitions[0].to", "unknown-step"),
                                 ("flow.transitions[1].from", "unknown-step")]),
    (set_step(4, key="grant"), [("flow.steps[4].key", "key-unique"), ("flow.transitions[3].to", "unknown-step"),
                                ("flow.transitions[5].from", "unknown-step")]),
    (set_step(1, name="  "), [("flow.steps[1].name", "name-required")]),
    (set_step(1, name="名" * 61), [("flow.steps[1].name", "name-required")]),
    (set_step(1, kind="review"), [("flow.steps[1].kind", "kind-valid")]),
    (drop(1, "post"), [("flow.steps[1].post", "post-required")]),
    (drop(1, "limit"), [("flow.steps[1].limit", "limit-positive")]),
    (set_step(1, limit=0), [("flow.steps[1].limit", "limit-positive")]),
    (set_step(1, limit="3"), [("flow.steps[1].limit", "limit-positive")]),
    (set_step(1, limit=True), [("flow.steps[1].limit", "limit-positive")]),
    (set_step(1, unit="week"), [("flow.steps[1].unit", "unit-valid")]),
    (set_step(1, department="015"), [("flow.steps[1].department", "department-format")]),
    (set_step(2, post="window"), [("flow.steps[2].post", "post-not-allowed")]),
    (set_step(5, limit=1, unit="hour"), [("flow.steps[5].limit", "limit-not-allowed"), ("flow.steps[5].unit", "limit-not-allowed")]),
    (set_step(0, department="320100-015"), [("flow.steps[0].department", "department-not-allowed")]),
    # transitions
    (add_arrows("accept"), [("flow.transitions[6]", "transition-shape")]),
    (add_arrows({"from": "start", "to": "end", "via": "x"}),
     [("flow.transitions[6].via", "unknown-field"), ("flow.steps[0]", "one-outgoing")]),
    (add_arrows(arrow("grant", "archive")), [("flow.transitions[6].to", "unknown-step")]),
    (add_arrows({"from": "accept", "to": "decide", "condition": 5}), [("flow.transitions[6].condition", "condition-format"),
                                                                     ("flow.transitions[6]", "transition-unique")]),
    (add_arrows(arrow("accept", "decide")), [("flow.transitions[6]", "transition-unique")]),
    # start and end
    (set_step(0, kind="task", post="window", limit=1), [("flow.steps", "one-start")]),
    (lambda p: (p["steps"].append(step("again", "再申请", "start")), p["transitions"].append(arrow("again", "accept"))),
     [("flow.steps[6].kind", "one-start")]),
    (set_step(5, kind="task", post="window", limit=1), [("flow.steps", "end-required")]),
    (add_arrows(arrow("refuse", "start")), [("flow.transitions[6].to", "start-incoming"), ("flow.steps[4]", "one-outgoing"),
                                            ("flow.transitions[0]", "cycle")]),
    (lambda p: (p["steps"].append(step("archive", "归档", post="window", limit=1)), p["transitions"].append(arrow("end", "archive"))),
     [("flow.transitions[6].from", "end-outgoing"), ("flow.steps[6]", "cannot-reach-end")]),
    # forks
    (add_arrows(arrow("accept", "end")), [("flow.steps[1]", "one-outgoing")]),
    (lambda p: p["transitions"].pop(3), [("flow.steps[2]", "exclusive-arms"), ("flow.steps[4]", "unreachable-step")]),
    (lambda p: p["transitions"][2].pop("condition"), [("flow.transitions[2].condition", "condition-required")]),
    (lambda p: p["transitions"][3].update(condition="准予"), [("flow.transitions[3].condition", "condition-unique")]),
    (lambda p: p["transitions"][0].update(condition="网上申请"), [("flow.transitions[0].condition", "condition-not-allowed")]),
    # reachability and cycles
    (lambda p: p["steps"].append(step("orphan", "孤立", post="window", limit=1)) or p["transitions"].append(arrow("orphan", "end")),
     [("flow.steps[6]", "unreachable-step")]),
    (lambda p: p["transitions"].pop(5), [("flow.steps[4]", "cannot-reach-end")]),
    (lambda p: (p["transitions"].pop(4), p["transitions"].append(arrow("grant", "accept"))),
     [("flow.transitions[1]", "cycle")]),
    (add_arrows(arrow("grant", "grant")), [("flow.steps[3]", "one-outgoing"), ("flow.transitions[6]", "cycle")]),
])
def test_each_rule_is_refused_with_its_slug(change, expected):
    assert errors_of(changed(change), committed_limit=3) == expected


def block(*arrows, extra_steps=()):
    payload = changed(parallel(*arrows, steps=extra_steps))
    return errors_of(payload, committed_limit=10)


def test_a_sound_parallel_block_is_accepted():
    assert block(arrow("split", "a"), arrow("split", "b"), arrow("split", "c"),
                 arrow("a", "join"), arrow("b", "join"), arrow("c", "join"), arrow("join", "decide")) == []


def test_nested_blocks_and_an_exclusive_inside_a_branch_are_accepted():
    errors = block(
        arrow("split", "a"), arrow("split", "inner"), arrow("a", "x"), arrow("x", "b", "需要复核"), arrow("x", "c", "无需复核"),
        arrow("b", "d"), arrow("c", "d"), arrow("d", "join"),
        arrow("inner", "e"), arrow("inner", "f"), arrow("e", "inner-join"), arrow("f", "inner-join"), arrow("inner-join", "join"),
        arrow("join", "decide"),
        extra_steps=[step("x", "复核?", "exclusive"), step("d", "汇总", post="review", limit=1),
                     step("inner", "内并联", "split"), step("e", "戊", post="review", limit=1),
                     step("f", "己", post="review", limit=1), step("inner-join", "内汇合", "join")],
    )
    assert errors == []


def test_a_split_whose_branches_end_apart_has_no_join():
    errors = block(arrow("split", "a"), arrow("split", "b"), arrow("split", "c"), arrow("a", "end"), arrow("b", "join"),
                   arrow("c", "join"), arrow("join", "decide"))
    assert errors == [("flow.steps[2]", "split-without-join"), ("flow.steps[6]", "join-without-split")]


def test_a_join_that_closes_an_exclusive_branch_has_no_split():
    payload = copy.deepcopy(BASE)
    payload["steps"].insert(5, step("join", "汇合", "join"))
    payload["transitions"][4:6] = [arrow("grant", "join"), arrow("refuse", "join"), arrow("join", "end")]
    assert errors_of(payload) == [("flow.steps[5]", "join-without-split")]


def test_two_splits_cannot_share_one_join():
    errors = block(arrow("split", "a"), arrow("split", "inner"), arrow("inner", "b"), arrow("inner", "c"),
                   arrow("a", "join"), arrow("b", "join"), arrow("c", "join"), arrow("join", "decide"),
                   extra_steps=[step("inner", "内并联", "split")])
    # the outer block is matched, but its second branch enters the join twice; the inner split has no join
    assert errors == [("flow.transitions[7]", "branch-enters-join-once"), ("flow.steps[7]", "split-without-join")]


def test_parallel_branches_may_not_run_together_before_the_join():
    errors = block(arrow("split", "a"), arrow("split", "b"), arrow("split", "d"), arrow("a", "c"), arrow("b", "c"),
                   arrow("c", "join"), arrow("d", "join"), arrow("join", "decide"),
                   extra_steps=[step("d", "丁", post="review", limit=1)])
    assert errors == [("flow.steps[5]", "branches-merge")]


def test_a_branch_enters_its_join_by_one_arrow():
    errors = block(arrow("split", "x"), arrow("split", "c"), arrow("x", "a", "需要"), arrow("x", "b", "不需要"),
                   arrow("a", "join"), arrow("b", "join"), arrow("c", "join"), arrow("join", "decide"),
                   extra_steps=[step("x", "是否复核", "exclusive")])
    assert errors == [("flow.transitions[6]", "branch-enters-join-once")]


def test_split_and_join_need_two_arms():
    errors = block(arrow("split", "a"), arrow("a", "join"), arrow("join", "decide"), arrow("b", "c"), arrow("c", "join"),
                   arrow("accept", "b"))
    assert errors == [("flow.steps[1]", "one-outgoing"), ("flow.steps[2]", "split-arms")]
    errors = block(arrow("split", "a"), arrow("split", "b"), arrow("a", "join"), arrow("b", "c"), arrow("c", "decide"),
                   arrow("join", "decide"))
    assert errors == [("flow.steps[6]", "join-arms")]


class TestLimits:
    def test_the_slowest_path_takes_the_slowest_branch_and_arm(self):
        flow, errors = domain.flow_clean(JOINT_APPROVAL)
        assert errors == []
        hours, path = domain.longest_path(flow)
        # 受理 1 + max(国土 5 + 专家 (not counted), 规划 4) + 决定 2 working days
        assert hours == 8 * 24
        assert path == ["start", "accept", "split", "land", "expert", "join", "decide", "end"]

    def test_limits_beyond_the_committed_one_are_refused(self):
        errors = domain.flow_errors(JOINT_APPROVAL, committed_limit=7, committed_unit="workday")
        assert [(e["field"], e["rule"]) for e in errors] == [("flow.steps", "limits-exceed-committed")]
        assert "一门受理 → 国土审查 → 决定" in str(errors[0]["detail"])

    def test_excluded_time_does_not_count(self):
        payload = copy.deepcopy(BASE)
        payload["steps"][1].update(kind="excluded", limit=100)
        assert errors_of(payload, committed_limit=2) == []

    @pytest.mark.parametrize(("unit", "limit", "committed", "committed_unit", "ok"), [
        ("hour", 24, 3, "workday", True),     # 24 h = 1 working day; 1 + 2 = 3
        ("hour", 25, 3, "workday", False),
        ("day", 1, 72, "hour", True),
        ("workday", 1, 71, "hour", False),
    ])
    def test_units_are_converted(self, unit, limit, committed, committed_unit, ok):
        payload = copy.deepcopy(BASE)
        payload["steps"][1].update(unit=unit, limit=limit)
        errors = errors_of(payload, committed_limit=committed, committed_unit=committed_unit)
        assert errors == ([] if ok else [("flow.steps", "limits-exceed-committed")])

    def test_without_a_committed_limit_nothing_is_compared(self):
        assert errors_of(BASE) == []

    def test_the_detail_reads_in_chinese(self):
        with translation.override("zh-hans"):
            (error,) = domain.flow_errors(BASE, committed_limit=2)
            assert "3 工作日" in str(error["detail"]) and "2 工作日" in str(error["detail"])


def test_every_error_is_reported_at_once():
    payload = changed(lambda p: (p["steps"][1].pop("post"), p["steps"][3].update(limit=0),
                                 p["transitions"][3].update(condition="准予")))
    assert errors_of(payload, committed_limit=3) == [
        ("flow.steps[1].post", "post-required"), ("flow.steps[3].limit", "limit-positive"),
        ("flow.transitions[3].condition", "condition-unique"),
    ]


def test_the_cleaned_flow_round_trips_to_the_payload():
    flow, _ = domain.flow_clean(LAND_PRE_REVIEW)
    expected = copy.deepcopy(LAND_PRE_REVIEW)
    for item in expected["steps"]:
        if item["kind"] in ("task", "excluded"):
            item.setdefault("unit", "workday")
    assert flow.as_payload() == expected
