"""Cases reported by a department's own system (数据接口): the conformance of their steps to the
published flowchart (rule P01 流程异常) and powers not in the catalog (rule N01 目录外权力), as pure
logic on the test flowcharts, through the service and through ``POST /api/v1/reported-cases``."""

import copy
import json
from datetime import timedelta

import pytest
from django.test import Client

from yangguang.cases.tests.conftest import at
from yangguang.cases.tests.test_domain import graph_of
from yangguang.catalog.models import Power, PowerVersion
from yangguang.core.services import token_create
from yangguang.flows.tests.conftest import (
    JOINT_APPROVAL,
    LAND_PRE_REVIEW,
    arrow,
    publish,
    step,
)

from .. import domain, services
from ..errors import NotResponsible
from ..models import Alert, Notification

LAND = graph_of(copy.deepcopy(LAND_PRE_REVIEW))
JOINT = graph_of(copy.deepcopy(JOINT_APPROVAL))


def _with_denial_notice():
    """The pre-review with a task on each arm of its exclusive branch: 制发预审意见 or 不予告知."""
    flow = copy.deepcopy(LAND_PRE_REVIEW)
    flow["steps"].insert(-1, step("notify-denial", "不予告知", post="window", limit=1))
    flow["transitions"] = [t for t in flow["transitions"] if (t["from"], t["to"]) != ("decide", "end")]
    flow["transitions"] += [arrow("decide", "notify-denial", "不予"), arrow("notify-denial", "end")]
    return graph_of(flow)


BRANCHED = _with_denial_notice()
BEFORE_SPLIT = ["accept", "first-review", "survey"]
GRANTED = BEFORE_SPLIT + ["examine", "planning", "approve", "issue"]

# (flow, steps reported in order, finished, the violation: (index, step, allowed, kind) or None)
CONFORMANCE = [
    # the whole pre-review, the planning bureau's opinion in parallel with the examination
    (LAND, GRANTED, True, None),
    # parallel arms in any order
    (LAND, BEFORE_SPLIT + ["planning", "examine", "approve", "issue"], True, None),
    # denied: the exclusive branch's 不予 arm goes straight to the end
    (LAND, BEFORE_SPLIT + ["examine", "planning", "approve"], True, None),
    # a case still running conforms so far
    (LAND, BEFORE_SPLIT + ["planning"], False, None),
    (LAND, [], False, None),
    # the join before all its arms: 审批 while 规划意见 is not done
    (LAND, BEFORE_SPLIT + ["examine", "approve"], False, (4, "approve", ("planning",), "order")),
    # a skipped step: 现场踏勘 before 初审
    (LAND, ["accept", "survey"], False, (1, "survey", ("first-review",), "order")),
    # a step twice with no return to explain it
    (LAND, BEFORE_SPLIT + ["examine", "examine"], False, (4, "examine", ("planning",), "order")),
    # a return (退回) from 现场踏勘 to 初审, which is then done again
    (LAND, ["accept", "first-review", "first-review", "survey"] + GRANTED[3:], True, None),
    # a return only to a step done before: 审查 cannot go back across the parallel split
    (LAND, BEFORE_SPLIT + ["examine", "survey"], False, (4, "survey", ("planning",), "order")),
    # an unknown step, and a gateway reported as a step
    (LAND, ["accept", "stamp"], False, (1, "stamp", ("first-review",), "unknown")),
    (LAND, ["accept", "first-review", "survey", "consult"], False,
     (3, "consult", ("examine", "planning"), "unknown")),  # no return across the split
    # finished early: skipped steps (a return to 初审 is also still possible)
    (LAND, ["accept", "first-review"], True, (2, "", ("first-review", "survey"), "skipped")),
    (LAND, BEFORE_SPLIT + ["examine"], True, (4, "", ("planning",), "skipped")),
    # a step after the end
    (LAND, GRANTED + ["approve"], False, (7, "approve", (), "order")),
    # both arms of an exclusive branch
    (BRANCHED, BEFORE_SPLIT + ["examine", "planning", "approve", "issue"], True, None),
    (BRANCHED, BEFORE_SPLIT + ["examine", "planning", "approve", "notify-denial"], True, None),
    (BRANCHED, BEFORE_SPLIT + ["examine", "planning", "approve", "issue", "notify-denial"], False,
     (7, "notify-denial", (), "order")),
    (BRANCHED, BEFORE_SPLIT + ["examine", "planning", "approve"], True,
     (6, "", ("approve", "issue", "notify-denial"), "skipped")),  # either arm, or a return from it to 审批
    # joint approval: the land arm has an expert review after it, the planning arm none
    (JOINT, ["accept", "land", "expert", "planning", "decide"], True, None),
    (JOINT, ["accept", "planning", "land", "expert", "decide"], True, None),
    (JOINT, ["accept", "land", "planning", "decide"], False, (3, "decide", ("land", "expert"), "order")),
    (JOINT, ["accept", "expert"], False, (1, "expert", ("land", "planning"), "order")),
    (JOINT, ["accept", "land", "planning", "expert"], True, (4, "", ("decide",), "skipped")),
]


@pytest.mark.parametrize(("graph", "steps", "finished", "expected"), CONFORMANCE)
def test_conformance(graph, steps, finished, expected):
    violation = domain.conformance(graph, steps, finished)
    found = None if violation is None else (violation.index, violation.step, violation.allowed, violation.kind)
    assert found == expected


def test_every_order_of_a_real_run_conforms():
    from random import Random

    from yangguang.cases.tests.test_domain import run

    for seed in range(50):
        for graph, branch in ((LAND, "准予"), (LAND, "不予"), (JOINT, ""), (BRANCHED, "不予")):
            assert domain.conformance(graph, run(graph, Random(seed), branch), finished=True) is None


# --- the service ----------------------------------------------------------------------------------


def reported(*keys, start="2025-10-09 09:00"):
    return [{"step": key, "done_at": at(start) + timedelta(hours=index)} for index, key in enumerate(keys)]


@pytest.fixture
def planning_power(planning_bureau):
    """A published power of the planning bureau (its flowchart does not matter here)."""
    power = Power.objects.create(code=f"{planning_bureau.full_code}-XK-0001", department=planning_bureau,
                                 category="XK", sequence=1)
    publish(PowerVersion.objects.create(power=power, number=1, name="建设项目选址意见书", statutory_limit=20,
                                        committed_limit=15))
    power.refresh_from_db()
    return power


@pytest.fixture
def head(officers):
    return officers["head"]


def check(actor, department, power_code, reference, steps, finished=False, now="2025-10-10 09:00"):
    return services.reported_case_check(actor=actor, department=department, power_code=power_code,
                                        reference=reference, steps=steps, finished=finished, now=at(now))


def test_a_power_not_in_the_catalog_raises_n01_once(land_bureau, land_power, officers, supervisor):
    found = check(officers["window"], land_bureau, "320100-012-XK-0999", "GT-2025-001", reported("accept"))
    assert found.result == "not_listed" and found.raised and found.violation is None
    [alert] = found.alerts
    assert (alert.rule.code, alert.level, alert.case_id, alert.reference) == ("N01", "red", None, "GT-2025-001")
    assert alert.department == land_bureau and "320100-012-XK-0999" in alert.detail and "GT-2025-001" in alert.detail
    assert alert.status == "notified" and alert.raised_at == at("2025-10-10 09:00")
    assert Notification.objects.filter(alert=alert, user=supervisor).exists()
    again = check(officers["window"], land_bureau, "320100-012-XK-0999", "GT-2025-001", reported("accept"),
                  now="2025-10-11 09:00")
    assert again.result == "not_listed" and not again.raised and [a.pk for a in again.alerts] == [alert.pk]
    assert Alert.objects.filter(rule__code="N01").count() == 1


def test_a_power_of_another_department_is_not_listed_for_this_one(land_bureau, planning_power, officers):
    found = check(officers["window"], land_bureau, planning_power.code, "GT-2025-002", [])
    assert found.result == "not_listed" and [a.rule.code for a in found.alerts] == ["N01"]


def test_a_revoked_power_is_not_listed(land_bureau, land_power, officers):
    land_power.revoked_at = at("2025-10-01 00:00")
    land_power.save(update_fields=["revoked_at"])
    assert check(officers["window"], land_bureau, land_power.code, "GT-2025-003", []).result == "not_listed"


def test_steps_out_of_order_raise_p01_once_naming_the_step_and_what_was_expected(land_bureau, land_power, officers):
    steps = reported("accept", "first-review", "survey", "examine", "approve")
    found = check(officers["window"], land_bureau, land_power.code, "GT-2025-010", steps)
    assert found.result == "violation" and found.raised
    assert (found.violation.index, found.violation.step, found.violation.allowed) == (4, "approve", ("planning",))
    [alert] = found.alerts
    assert (alert.rule.code, alert.level, alert.case_id, alert.reference) == ("P01", "yellow", None, "GT-2025-010")
    assert "审批（approve）" in alert.detail and "规划意见（planning）" in alert.detail and "2025-10-09 13:00:00" in alert.detail
    again = check(officers["window"], land_bureau, land_power.code, "GT-2025-010",
                  steps + reported("planning", start="2025-10-09 14:00"))
    assert not again.raised and [a.pk for a in again.alerts] == [alert.pk]
    # another reference of the same department is another case
    other = check(officers["window"], land_bureau, land_power.code, "GT-2025-011", reported("accept", "survey"))
    assert other.raised and Alert.objects.filter(rule__code="P01").count() == 2


def test_a_finish_before_the_end_raises_p01(land_bureau, land_power, head):
    found = check(head, land_bureau, land_power.code, "GT-2025-012", reported("accept", "first-review"), finished=True)
    assert found.violation.kind == "skipped" and "survey" in found.alerts[0].detail


def test_a_conforming_report_raises_nothing(land_bureau, land_power, officers, make_user):
    steps = reported("accept", "first-review", "survey", "planning", "examine", "approve", "issue")
    found = check(officers["window"], land_bureau, land_power.code, "GT-2025-020", steps, finished=True)
    assert (found.result, found.raised, found.alerts, found.violation) == ("conforms", False, [], None)
    superuser = make_user("root")
    superuser.is_superuser = True
    superuser.save(update_fields=["is_superuser"])
    assert check(superuser, land_bureau, land_power.code, "GT-2025-021", steps[:2]).result == "conforms"
    assert not Alert.objects.exists()


def test_only_the_departments_officers_and_head_report(land_bureau, land_power, officers, supervisor):
    for who in (officers["planning"], officers["applicant"], supervisor):
        with pytest.raises(NotResponsible) as error:
            check(who, land_bureau, land_power.code, "GT-2025-030", reported("accept"))
        assert error.value.status == 403 and error.value.field == "department"
    assert not Alert.objects.exists()


@pytest.mark.parametrize(("steps", "field", "rule"), [
    ("accept", "steps", "list"),
    ([{"step": "", "done_at": at("2025-10-09 09:00")}], "steps[0].step", "required"),
    ([{"step": "accept", "done_at": "2025-10-09 09:00"}], "steps[0].done_at", "instant"),  # no time zone
    ([{"step": "accept", "done_at": "yesterday"}], "steps[0].done_at", "instant"),
    (reported("accept") + reported("first-review", start="2025-10-08 09:00"), "steps[1].done_at", "chronological"),
    (["accept"], "steps[0]", "object"),
])
def test_reports_are_validated(land_bureau, land_power, officers, steps, field, rule):
    from yangguang.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as error:
        check(officers["window"], land_bureau, land_power.code, "GT-2025-040", steps)
    assert (error.value.field, error.value.rule) == (field, rule)


def test_a_reference_and_a_power_code_are_required(land_bureau, officers):
    from yangguang.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as error:
        check(officers["window"], land_bureau, " ", "", [])
    assert [item["field"] for item in error.value.errors] == ["power_code", "reference"]


# --- the API ----------------------------------------------------------------------------------------


@pytest.fixture
def post(officers):
    client = Client()

    def request(who, body):
        user = officers[who] if isinstance(who, str) else who
        return client.post("/api/v1/reported-cases", json.dumps(body, default=str), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token_create(user=user)}")

    return request


def body(power_code, reference, keys, finished=False, **extra):
    return {"power_code": power_code, "reference": reference, "finished": finished,
            "steps": [{"step": item["step"], "done_at": item["done_at"].isoformat()} for item in reported(*keys)],
            **extra}


def test_the_api_answers_what_it_found(land_power, post):
    response = post("window", body(land_power.code, "GT-2025-050", ["accept", "first-review"]))
    assert response.status_code == 200
    assert response.json() == {
        "result": "conforms", "department": {"code": "320100-012", "name": land_power.department.name},
        "power_code": land_power.code, "reference": "GT-2025-050", "violation": None, "alerts": []}
    late = body(land_power.code, "GT-2025-051", ["accept", "survey"])
    response = post("window", late)
    assert response.status_code == 201
    answer = response.json()
    assert answer["result"] == "violation"
    assert answer["violation"] == {"index": 1, "step": "survey", "allowed": ["first-review"], "kind": "order"}
    [alert] = answer["alerts"]
    assert (alert["rule"], alert["level"], alert["case"], alert["reference"]) == ("P01", "yellow", None, "GT-2025-051")
    assert alert["department"]["code"] == "320100-012" and alert["status"] == "notified"
    response = post("window", late)  # sent again: nothing new
    assert response.status_code == 200 and response.json()["alerts"][0]["id"] == alert["id"]
    response = post("head", body("320100-012-XK-0999", "GT-2025-052", [], department="320100-012"))
    assert response.status_code == 201 and response.json()["result"] == "not_listed"
    assert response.json()["alerts"][0]["rule"] == "N01" and response.json()["alerts"][0]["level"] == "red"
    assert Alert.objects.count() == 2


def test_the_api_refuses_another_departments_report(land_power, post):
    response = post("planning", body(land_power.code, "GT-2025-060", ["accept"], department="320100-012"))
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == "department"
    # without a department, the planning officer reports for the planning bureau: not its power
    response = post("planning", body(land_power.code, "GT-2025-060", ["accept"]))
    assert response.status_code == 201 and response.json()["result"] == "not_listed"
    assert response.json()["department"]["code"] == "320100-015"
    assert not Alert.objects.filter(department=land_power.department).exists()


def test_the_api_validates_the_report(land_power, post, officers):
    response = post("window", body(land_power.code, "GT-2025-070", ["accept"], department="999999-001"))
    assert response.status_code == 422 and response.json()["field"] == "department"
    wrong = body(land_power.code, "GT-2025-070", ["accept", "first-review"])
    wrong["steps"][1]["done_at"] = "2025-10-01T09:00:00+08:00"
    response = post("window", wrong)
    assert response.status_code == 422 and response.json()["field"] == "steps[1].done_at"
    assert response.json()["rule"] == "chronological"
    response = post("window", body(land_power.code, "GT-2025-070", []) | {"unknown": 1})
    assert response.status_code == 422
    response = post("applicant", body(land_power.code, "GT-2025-070", []))  # no department, not an officer
    assert response.status_code == 422 and response.json()["field"] == "department"
    response = Client().post("/api/v1/reported-cases", json.dumps(body(land_power.code, "GT-2025-070", [])),
                             content_type="application/json")
    assert response.status_code == 401
    assert not Alert.objects.exists()
