"""The rules' pure functions: exact instants on the 2025 calendar (National Day 10-01..08,
make-up workdays Sun 09-28 and Sat 10-11), event rules, parameters."""

from datetime import timedelta

import pytest

from yangguang.cases import domain as case_domain
from yangguang.cases.tests.conftest import at
from yangguang.worktime.domain import elapsed_fraction
from yangguang.worktime.selectors import calendar_load

from .. import domain

US = timedelta(microseconds=1)


@pytest.fixture
def calendar(db):
    return calendar_load()


@pytest.mark.parametrize(("start", "amount", "unit", "share", "expected"), [
    # 15 working days from Fri 09-26: the 13.5th counted day is noon of Wed 10-22
    ("2025-09-26 11:00", 15, "workday", 0.9, "2025-10-22 12:00"),
    # 2 working days from Fri 09-26: Sun 09-28 (make-up), Mon 09-29; 1.6 days → 09-29 14:24
    ("2025-09-26 11:00", 2, "workday", 0.8, "2025-09-29 14:24"),
    # 1 working day from Tue 09-30: the holiday runs to 10-08, so 0.8 day → Thu 10-09 19:12
    ("2025-09-30 09:00", 1, "workday", 0.8, "2025-10-09 19:12"),
    # 10 natural days from 09-26 end on 10-06 (holiday) → run on to 24:00 of 10-09: 13 days counted
    ("2025-09-26 11:00", 10, "day", 0.9, "2025-10-08 16:48"),
    # hours count from the start itself
    ("2025-09-26 11:00", 10, "hour", 0.9, "2025-09-26 20:00"),
])
def test_share_instant_is_exact_and_agrees_with_the_light(calendar, start, amount, unit, share, expected):
    instant = domain.share_instant(at(start), amount, unit, calendar, share)
    assert instant == at(expected)
    assert elapsed_fraction(at(start), amount, unit, calendar, instant) >= share
    assert elapsed_fraction(at(start), amount, unit, calendar, instant - US) < share
    deadline = case_domain.period_due(at(start), amount, unit, 0, calendar, ())
    kwargs = {"start": at(start), "amount": amount, "unit": unit, "deadline": deadline, "calendar": calendar,
              "yellow_share": share}
    assert case_domain.light(now=instant, **kwargs) == case_domain.YELLOW
    assert case_domain.light(now=instant - US, **kwargs) == case_domain.GREEN


def test_a_suspension_pushes_the_share_instant_and_an_open_one_stops_it(calendar):
    start = at("2025-09-26 11:00")
    # 11 days and 10 hours counted by Mon 10-20 10:00, then suspended until Mon 12-01 10:00:
    # 2 days 2 hours remain to 13.5 days → 14 h on 12-01, 24 h on 12-02, 12 h on 12-03
    spans = ((at("2025-10-20 10:00"), at("2025-12-01 10:00")),)
    assert domain.share_instant(start, 15, "workday", calendar, 0.9, spans) == at("2025-12-03 12:00")
    assert domain.share_instant(start, 15, "workday", calendar, 0.9, ((at("2025-10-20 10:00"), None),)) is None
    # a suspension beginning after the instant changes nothing
    late = ((at("2025-10-22 12:00"), None),)
    assert domain.share_instant(start, 15, "workday", calendar, 0.9, late) == at("2025-10-22 12:00")


def _case(**fields):
    values = {"is_open": True, "clock_start": at("2025-09-26 11:00"), "committed_limit": 15,
              "committed_unit": "workday", "committed_due": at("2025-10-24 00:00"),
              "statutory_due": at("2025-10-31 00:00"), "suspended": False}
    values.update(fields)
    return domain.CaseData(**values)


RULES = {code: domain.Rule(number, code, level) for number, (code, level) in enumerate(
    [("T01", "prompt"), ("T02", "yellow"), ("T03", "yellow"), ("T04", "red"), ("T05", "red")], start=1)}


def test_evaluate_fires_each_rule_at_its_instant(calendar):
    step = domain.StepData(7, "初审", at("2025-09-26 11:00"), 2, "workday", at("2025-09-30 00:00"))
    case = _case(steps=(step,))
    expected = [("T01", 7, "2025-09-29 14:24"), ("T02", 7, "2025-09-30 00:00"), ("T03", None, "2025-10-22 12:00"),
                ("T04", None, "2025-10-24 00:00"), ("T05", None, "2025-10-31 00:00")]
    for number, (code, token, when) in enumerate(expected):
        before, next_at = domain.evaluate(case, RULES, calendar, at(when) - timedelta(seconds=1))
        assert {(i.code, i.token_id) for i in before} == {(c, t) for c, t, _w in expected[:number]}
        assert next_at == at(when)
        fired, _next = domain.evaluate(case, RULES, calendar, at(when))
        assert (code, token) in [(i.code, i.token_id) for i in fired]
    assert domain.evaluate(case, RULES, calendar, at("2026-01-01 00:00"))[1] is None


def test_nothing_fires_on_a_stopped_clock_a_closed_case_or_a_disabled_rule(calendar):
    assert domain.time_instants(_case(suspended=True), RULES, calendar) == []
    assert domain.time_instants(_case(is_open=False), RULES, calendar) == []
    rules = dict(RULES, T03=domain.Rule(3, "T03", "yellow", enabled=False))
    assert "T03" not in [i.code for i in domain.time_instants(_case(), rules, calendar)]
    assert [i.code for i in domain.time_instants(_case(), {}, calendar)] == []


def test_acceptance_late_from_the_end_of_the_fifth_working_day(calendar):
    # five working days after Fri 09-26: 09-28 (make-up), 29, 30, 10-09, 10 → notice due by 24:00 of 10-10
    received = at("2025-09-26 10:00")
    assert not domain.acceptance_late(received_at=received, notice_at=at("2025-10-10 23:59:59"), calendar=calendar)
    assert domain.acceptance_late(received_at=received, notice_at=at("2025-10-11 00:00"), calendar=calendar)
    assert not domain.acceptance_late(received_at=received, notice_at=at("2025-10-11 00:00"), calendar=calendar,
                                      workdays=6)


def test_refusal_without_a_legal_reason():
    assert domain.refusal_without_reason(action="refuse", reason="")
    assert domain.refusal_without_reason(action="refuse", reason="   ")
    assert not domain.refusal_without_reason(action="refuse", reason="不属于本机关职权范围（《行政许可法》第三十二条）")
    assert domain.refusal_without_reason(action="decide", reason="", decision="denied")
    assert not domain.refusal_without_reason(action="decide", reason="", decision="granted")
    assert not domain.refusal_without_reason(action="complete", reason="")


def test_parameters_are_checked():
    assert domain.param_errors("T03", {"share": 0.85}) == []
    assert [e["rule"] for e in domain.param_errors("T03", {"share": 1.5})] == ["range"]
    assert [e["rule"] for e in domain.param_errors("T03", {"share": True})] == ["range"]
    assert [e["rule"] for e in domain.param_errors("T03", {"days": 1})] == ["unknown"]
    assert [e["rule"] for e in domain.param_errors("E01", {"workdays": 2.5})] == ["range"]
    assert domain.param_errors("E01", {"workdays": 5}) == []
    assert [e["rule"] for e in domain.param_errors("T04", [])] == ["object"]
