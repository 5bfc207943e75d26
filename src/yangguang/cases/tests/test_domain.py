"""The pure parts of case handling: when the clock starts, extensions, lights, routing and hashing.

Calendar facts used below (State Council notices): 2025 国庆+中秋 10/1–10/8 with make-up Sun 9/28
and Sat 10/11; 2026 元旦 1/1–1/3 with make-up Sun 1/4; 2026 劳动节 5/1–5/5 with make-up Sat 5/9.
"""

import copy
import random
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from yangguang.cases import domain
from yangguang.flows.tests.conftest import JOINT_APPROVAL, LAND_PRE_REVIEW
from yangguang.worktime.domain import SHANGHAI, due
from yangguang.worktime.official import official_calendar

CALENDAR = official_calendar()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


# (received, correction notice, materials complete, accepted, the clock counts from)
CLOCK_STARTS = [
    # accepted the same day: counts from acceptance
    ("2025-09-26 10:00", None, None, "2025-09-26 11:00", "2025-09-26 11:00"),
    # accepted on the 5th working day after receipt (9/28 make-up, 9/29, 9/30, 10/9, 10/10): still in time
    ("2025-09-26 10:00", None, None, "2025-10-10 23:59", "2025-10-10 23:59"),
    # accepted on Sat 10/11 (a make-up workday, the 6th): no notice in five working days → accepted on receipt
    ("2025-09-26 10:00", None, None, "2025-10-11 09:00", "2025-09-26 10:00"),
    # correction notice in time: counts from the day the materials were complete
    ("2026-04-30 16:00", "2026-04-30 17:00", "2026-05-06 09:00", "2026-05-07 10:00", "2026-05-06 09:00"),
    # notice on Mon 5/11, the 5th working day after Thu 4/30 (5/6, 5/7, 5/8, 5/9 make-up Sat, 5/11): in time
    ("2026-04-30 16:00", "2026-05-11 17:00", "2026-05-12 09:00", "2026-05-12 10:00", "2026-05-12 09:00"),
    # notice on Tue 5/12, the 6th working day: too late, the application counts as accepted on receipt
    ("2026-04-30 16:00", "2026-05-12 09:00", "2026-05-13 09:00", "2026-05-13 10:00", "2026-04-30 16:00"),
    # 元旦 2026: received Wed 12/31, accepted Sun 1/4 (make-up workday, the 1st) → from acceptance
    ("2025-12-31 15:00", None, None, "2026-01-04 09:00", "2026-01-04 09:00"),
]


@pytest.mark.parametrize(("received", "notice", "complete", "accepted", "expected"), CLOCK_STARTS)
def test_when_the_clock_starts(received, notice, complete, accepted, expected):
    start = domain.clock_start(
        received_at=at(received), accepted_at=at(accepted), correction_requested_at=notice and at(notice),
        materials_complete_at=complete and at(complete), calendar=CALENDAR,
    )
    assert start == at(expected)


# (counted from, limit, unit, extension in working days, due as an exclusive instant)
PERIODS = [
    ("2025-09-26 11:00", 15, "workday", 0, "2025-10-24 00:00"),  # over 国庆: 9/28, 9/29, 9/30, 10/9 … 10/23
    ("2025-09-26 11:00", 15, "workday", 10, "2025-11-07 00:00"),  # +10: 10/24, 27–31, 11/3–11/6
    ("2025-12-01 10:00", 15, "workday", 10, "2026-01-07 00:00"),  # 12/22 + 10: 12/23–26, 29–31, 1/4 (make-up), 1/5, 1/6
    ("2025-09-30 10:00", 7, "day", 0, "2025-10-10 00:00"),  # natural days end on 10/7, a holiday → next workday 10/9
    ("2025-09-30 10:00", 7, "day", 2, "2025-10-12 00:00"),  # then two working days: 10/10, 10/11 (make-up Sat)
    ("2025-09-30 10:00", 48, "hour", 0, "2025-10-02 10:00"),  # hours run through holidays
]


@pytest.mark.parametrize(("start", "amount", "unit", "extension", "expected"), PERIODS)
def test_period_with_extension(start, amount, unit, extension, expected):
    assert domain.period_due(at(start), amount, unit, extension, CALENDAR, ()) == at(expected)


@settings(max_examples=200, deadline=None)
@given(day=st.integers(0, 600), minute=st.integers(0, 24 * 60 - 1), amount=st.integers(1, 40), extra=st.integers(1, 15))
def test_an_extension_in_working_days_is_the_same_as_a_longer_period(day, minute, amount, extra):
    start = at("2025-01-01 00:00") + timedelta(days=day, minutes=minute)
    assert domain.period_due(start, amount, "workday", extra, CALENDAR, ()) == due(start, amount + extra, "workday", CALENDAR)


@settings(max_examples=200, deadline=None)
@given(day=st.integers(0, 700), hours=st.integers(0, 24 * 20), accept_after=st.integers(0, 24 * 20))
def test_the_clock_never_starts_after_acceptance_nor_before_receipt(day, hours, accept_after):
    received = at("2025-01-01 08:00") + timedelta(days=day, hours=hours % 24)
    accepted = received + timedelta(hours=accept_after)
    start = domain.clock_start(received_at=received, accepted_at=accepted, correction_requested_at=None,
                               materials_complete_at=None, calendar=CALENDAR)
    assert received <= start <= accepted
    assert start in (received, accepted)


def test_lights():
    start = at("2025-12-01 10:00")
    deadline = due(start, 10, "workday", CALENDAR)  # 24:00 of 12-15
    def light(now):
        return domain.light(start=start, amount=10, unit="workday", deadline=deadline, now=at(now), calendar=CALENDAR)
    assert light("2025-12-12 12:00") == "green"  # 8.5 of 10 working days
    assert light("2025-12-15 09:00") == "yellow"  # 9.375 of 10: past 90 %
    assert light("2025-12-16 00:00") == "red"  # the due instant itself is overdue
    assert domain.light(start=None, amount=10, unit="workday", deadline=None, now=at("2030-01-01 00:00"),
                        calendar=CALENDAR) == "green"


def graph_of(payload: dict) -> domain.Graph:
    nodes = {step["key"]: domain.Node(step["key"], step["name"], step["kind"], index, None, step.get("limit"))
             for index, step in enumerate(payload["steps"])}
    outgoing, incoming = {}, {}
    for arrow in payload["transitions"]:
        outgoing.setdefault(arrow["from"], []).append((arrow["to"], arrow.get("condition", "")))
        incoming.setdefault(arrow["to"], []).append(arrow["from"])
    return domain.Graph(nodes, {k: tuple(v) for k, v in outgoing.items()}, {k: tuple(v) for k, v in incoming.items()})


def run(graph: domain.Graph, rng: random.Random, branch: str) -> list[str]:
    """Complete active steps in a random order until the flow ends; the steps done, in order."""
    active = graph.route(graph.start, {}).tasks
    waiting: dict[str, int] = {}
    done, ended = [], False
    while active:
        step = active.pop(rng.randrange(len(active)))
        routing = graph.route(step, waiting, branch)
        done.append(step)
        for join in routing.arrivals:
            waiting[join] = waiting.get(join, 0) + 1
        for join in routing.joined:
            waiting[join] = 0
        active += routing.tasks
        ended = ended or routing.ended
    assert ended and not any(waiting.values())
    return done


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 10_000), granted=st.booleans())
def test_every_order_of_parallel_work_runs_each_step_once(seed, granted):
    graph = graph_of(copy.deepcopy(LAND_PRE_REVIEW))
    done = run(graph, random.Random(seed), "准予" if granted else "不予")
    expected = {"accept", "first-review", "survey", "examine", "planning", "approve"} | ({"issue"} if granted else set())
    assert sorted(done) == sorted(expected)
    assert done.index("approve") > max(done.index("examine"), done.index("planning"))  # the join waits for both


def test_joint_approval_and_acceptance_step():
    graph = graph_of(copy.deepcopy(JOINT_APPROVAL))
    assert graph.acceptance == "accept"
    assert graph.route("accept", {}).tasks == ["land", "planning"]
    first = graph.route("planning", {})
    assert first.arrivals == ["join"] and not first.joined
    second = graph.route("expert", {"join": 1})
    assert second.joined == ["join"] and second.tasks == ["decide"]


def test_an_exclusive_branch_must_be_chosen():
    graph = graph_of(copy.deepcopy(LAND_PRE_REVIEW))
    with pytest.raises(domain.RoutingError) as error:
        graph.route("approve", {}, "")
    assert error.value.field == "branch" and "准予" in str(error.value.detail)
    assert graph.route("approve", {}, "issue").tasks == ["issue"]  # by key as well as by condition
    assert graph.branches_after("approve") == [("issue", "准予"), ("end", "不予")]


def test_return_targets_stay_inside_one_stretch_of_the_flow():
    graph = graph_of(copy.deepcopy(LAND_PRE_REVIEW))
    assert graph.return_targets("survey", exclude="accept") == ["first-review"]
    assert graph.return_targets("examine", exclude="accept") == []  # not across the parallel split
    assert graph.return_targets("approve", exclude="accept") == []  # not across the join


EVENT = {"case_id": 7, "seq": 3, "step_key": "review", "action": "complete", "actor_id": 12, "post_id": 4,
         "at": at("2025-11-04 11:00:00.123456"), "opinion": "材料齐全", "data": {"to": ["survey"]}, "prev_hash": "a" * 64}


@pytest.mark.parametrize(("name", "value"), [
    ("case_id", 8), ("seq", 4), ("step_key", "survey"), ("action", "return"), ("actor_id", 13), ("post_id", None),
    ("at", at("2025-11-04 11:00:00.123457")), ("opinion", "材料不全"), ("data", {"to": ["approve"]}), ("prev_hash", "b" * 64),
])
def test_every_field_is_in_the_hash(name, value):
    assert domain.event_hash(EVENT | {name: value}) != domain.event_hash(EVENT)


def test_the_hash_does_not_depend_on_the_time_zone_an_instant_is_read_in():
    utc = EVENT["at"].astimezone(datetime.now().astimezone().tzinfo)
    assert domain.event_hash(EVENT | {"at": utc}) == domain.event_hash(EVENT)
