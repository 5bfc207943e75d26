"""Fixtures of the performance and quantitative tests: cases made by the case services and then
set to the exact instants a test needs (the readers only read those fields), alerts and
complaints written directly, and the land bureau's November 2025 worked out by hand."""

from datetime import date

import pytest

from yangguang.cases.models import Case
from yangguang.cases.tests.conftest import _published, at
from yangguang.flows.tests.conftest import arrow, step

from ..models import Alert, AlertRule, Complaint

__all__ = ["NOVEMBER_NOW", "make_alert", "make_case", "make_complaint", "november", "planning_power"]

NOVEMBER_NOW = "2025-12-03 06:00"  # the monthly run: 06:00 on the 3rd (DOMAIN.md §4.5)

PLANNING_FLOW = {
    "steps": [step("start", "申请", "start"), step("accept", "受理", post="review", limit=1),
              step("decide", "决定", post="review", limit=2), step("end", "办结", "end")],
    "transitions": [arrow("start", "accept"), arrow("accept", "decide"), arrow("decide", "end")],
}


@pytest.fixture
def planning_power(planning_bureau):
    return _published(planning_bureau, 1, PLANNING_FLOW, name="建设项目选址意见书", statutory_limit=20,
                      committed_limit=10)


@pytest.fixture
def make_case(apply):
    """make_case(power, received, **fields): applied at ``received`` (Shanghai wall clock), then
    every field given set as is (strings ending in a time are read with ``at``)."""

    def make(power, received, **fields):
        case = apply(power, received)
        values = {name: at(value) if isinstance(value, str) and name.endswith(("_at", "_due", "_start")) else value
                  for name, value in fields.items()}
        Case.objects.filter(pk=case.pk).update(**values)
        case.refresh_from_db()
        return case

    return make


def make_alert(code, level, raised, *, case=None, department=None, token=None, status="notified", period=None):
    return Alert.objects.create(rule=AlertRule.objects.get(code=code), case=case, token=token,
                                department=department or case.department, level=level, raised_at=at(raised),
                                status=status, period=period, detail="test")


_numbers = iter(range(1, 10_000))


def make_complaint(department, finding, replied, *, officer=None, status="replied"):
    number = f"TS2025{next(_numbers):06d}"
    return Complaint.objects.create(
        number=number, code_hash="x", kind="efficiency", region=department.region, department=department,
        officer=officer, complainant_name="李四", subject="办理拖延", text="…", received_at=at("2025-10-01 09:00"),
        acceptance_due=at("2025-10-09 00:00"), status=status, finding=finding, reply="已查", replied_at=at(replied))


@pytest.fixture
def november(land_power, joint_power, make_case):
    """The land bureau's November 2025 (seen at 2025-12-03 06:00), counted by hand:

    c1 finished 11-10 10:00, committed due 11-20 00:00: on time and early; granted
    c2 finished 11-19 00:00, exactly a day before its due: on time, not early; granted
    c3 finished 11-20 00:00, exactly at its due: late, overdue; granted
    c4 open, committed due 11-25, statutory due 12-01 00:00 (24:00 of 11-30): overdue, over statutory
    c5 refused 11-05: a decision, rejected
    c6 denied 11-12, committed due 12-10: finished early, rejected, due in December
    c7 finished 10-30 on time, committed due 11-05: due in November, not handled in it
    c8 received 12-01: not in November;  c9 withdrawn 11-20, due 11-28: handled, not due
    → received 7, handled 7, finished 4 (on time 3, early 2), due 5 (overdue 2, over statutory 1),
      decisions 5 (rejected 2); licences c1 168 h, c2 360 h, c3 360 h, c6 120 h → 10.5 days.
    Alerts: T03 yellow on c3 and c4, T04 red on c4 in November, a removed T05 red (not counted), a
    T03 in October (not counted), a Q01 yellow for November raised in December → 3 yellow, 1 red.
    Complaints replied in November: 1 confirmed, 1 partly, 1 unfounded; 1 confirmed in October.
    Powers: the pre-review (15/20 working days) and the joint approval (30/45) → speed-up 1 − 45/65."""
    joint_power.versions.update(published_at=at("2025-01-02 09:00"))
    power = land_power
    granted = {"state": "completed", "decision": "granted"}
    cases = {
        "c1": make_case(power, "2025-11-03 09:00", **granted, clock_start="2025-11-03 10:00",
                        committed_due="2025-11-20 00:00", statutory_due="2025-11-27 00:00",
                        decided_at="2025-11-10 09:00", completed_at="2025-11-10 10:00"),
        "c2": make_case(power, "2025-11-04 09:00", **granted, clock_start="2025-11-04 00:00",
                        committed_due="2025-11-20 00:00", statutory_due="2025-11-27 00:00",
                        decided_at="2025-11-18 09:00", completed_at="2025-11-19 00:00"),
        "c3": make_case(power, "2025-11-05 09:00", **granted, clock_start="2025-11-05 00:00",
                        committed_due="2025-11-20 00:00", statutory_due="2025-11-27 00:00",
                        decided_at="2025-11-19 09:00", completed_at="2025-11-20 00:00"),
        "c4": make_case(power, "2025-11-06 09:00", state="in_progress", clock_start="2025-11-06 10:00",
                        committed_due="2025-11-25 00:00", statutory_due="2025-12-01 00:00"),
        "c5": make_case(power, "2025-11-03 10:00", state="refused", completed_at="2025-11-05 10:00",
                        closing_reason="不属于本机关职权范围"),
        "c6": make_case(power, "2025-11-07 09:00", state="completed", decision="denied", decision_reason="不符合规划",
                        clock_start="2025-11-07 00:00", committed_due="2025-12-10 00:00",
                        statutory_due="2025-12-20 00:00", decided_at="2025-11-12 00:00",
                        completed_at="2025-11-12 00:00"),
        "c7": make_case(power, "2025-10-20 09:00", **granted, clock_start="2025-10-20 10:00",
                        committed_due="2025-11-05 00:00", statutory_due="2025-11-12 00:00",
                        decided_at="2025-10-30 09:00", completed_at="2025-10-30 10:00"),
        "c8": make_case(power, "2025-12-01 09:00"),
        "c9": make_case(power, "2025-11-10 09:00", state="withdrawn", clock_start="2025-11-10 10:00",
                        committed_due="2025-11-28 00:00", statutory_due="2025-12-05 00:00",
                        completed_at="2025-11-20 10:00", closing_reason="申请人撤回"),
    }
    cases["alerts"] = [
        make_alert("T03", "yellow", "2025-11-18 12:00", case=cases["c3"]),
        make_alert("T03", "yellow", "2025-11-22 12:00", case=cases["c4"]),
        make_alert("T04", "red", "2025-11-25 00:00", case=cases["c4"]),
        make_alert("T05", "red", "2025-11-27 00:00", case=cases["c3"], status="removed"),
        make_alert("T03", "yellow", "2025-10-29 12:00", case=cases["c7"]),
        make_alert("Q01", "yellow", "2025-12-03 06:00", department=power.department, period=date(2025, 11, 1)),
    ]
    department = power.department
    cases["complaints"] = [
        make_complaint(department, "confirmed", "2025-11-15 10:00"),
        make_complaint(department, "partly", "2025-11-16 10:00"),
        make_complaint(department, "unfounded", "2025-11-17 10:00"),
        make_complaint(department, "confirmed", "2025-10-15 10:00"),
    ]
    return cases
