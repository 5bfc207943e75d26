"""Performance scoring (绩效评估) as pure logic: periods, KPIs, the score scheme and its lines, the
Wilson interval and rank ranges, and the thresholds of the monthly quantitative rules Q01–Q05.
Every expected value is computed by hand in the row's comment."""

from datetime import date, datetime
from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yangguang.worktime.domain import SHANGHAI

from .. import domain, scoring
from ..scoring import MonthCounts, QuantitativeInput

# --- periods ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, months, start, end", [
    ("2026-11", [(2026, 11)], (2026, 11, 1), (2026, 12, 1)),
    ("2026-12", [(2026, 12)], (2026, 12, 1), (2027, 1, 1)),  # the year turns
    ("2026-Q4", [(2026, 10), (2026, 11), (2026, 12)], (2026, 10, 1), (2027, 1, 1)),
    ("2026-q1", [(2026, 1), (2026, 2), (2026, 3)], (2026, 1, 1), (2026, 4, 1)),
    (" 2026 ", [(2026, m) for m in range(1, 13)], (2026, 1, 1), (2027, 1, 1)),
])
def test_a_period_is_a_local_month_quarter_or_year(text, months, start, end):
    period = scoring.period_parse(text)
    assert [(m.year, m.month) for m in period.months] == months
    assert period.start == datetime(*start, tzinfo=SHANGHAI)  # 00:00 Asia/Shanghai, i.e. 16:00 UTC the day before
    assert period.end == datetime(*end, tzinfo=SHANGHAI)
    assert scoring.period_parse(period.label) == period


@pytest.mark.parametrize("text", ["", "2026-13", "2026-00", "2026-Q5", "2026-Q0", "26-11", "2026/11", "1999",
                                  "2101-01", "2026-1", "november"])
def test_anything_else_is_not_a_period(text):
    with pytest.raises(scoring.PeriodError):
        scoring.period_parse(text)


@pytest.mark.parametrize("text, steps, expected", [
    ("2026-01", -1, "2025-12"), ("2026-12", 1, "2027-01"), ("2026-Q1", -1, "2025-Q4"), ("2026-Q4", 1, "2027-Q1"),
    ("2026", -1, "2025"), ("2026-11", 0, "2026-11"),
])
def test_periods_shift_by_their_own_kind(text, steps, expected):
    assert scoring.period_parse(text).shifted(steps).label == expected


def test_the_period_of_a_day():
    assert scoring.period_of(date(2026, 11, 30)).label == "2026-11"
    assert scoring.period_of(date(2026, 11, 30), scoring.QUARTER).label == "2026-Q4"
    assert scoring.period_of(date(2026, 3, 31), scoring.QUARTER).label == "2026-Q1"
    assert scoring.period_of(date(2026, 4, 1), scoring.YEAR).label == "2026"


# --- KPIs ------------------------------------------------------------------------------------------


def test_kpis_divide_their_counts_exactly():
    counts = {"on_time": 3, "early": 2, "finished": 4, "overdue": 2, "over_statutory": 1, "due": 5, "rejected": 2,
              "decisions": 5, "alarmed": 1, "confirmed_complaints": 1, "handled": 7, "powers_used": 1,
              "powers_listed": 2}
    assert scoring.kpis(counts) == {"on_time": F(3, 4), "early": F(1, 2), "overdue": F(2, 5),
                                    "over_statutory": F(1, 5), "rejection": F(2, 5), "alarm": F(1, 7),
                                    "complaint": F(1, 7), "power_usage": F(1, 2)}
    assert set(scoring.kpis({}).values()) == {None}  # nothing to divide: no rate, not 0 %


def test_commitment_speed_up_and_averages():
    assert scoring.commitment_speedup(15 * 24, 20 * 24) == F(1, 4)  # 15 of 20 working days: 25 %
    assert scoring.commitment_speedup(45, 65) == F(20, 65)
    assert scoring.commitment_speedup(0, 0) is None
    assert scoring.average(1008, 4) == 252 and scoring.average(5, 0) is None


def test_a_rate_needs_hits_within_total():
    with pytest.raises(ValueError):
        scoring.rate(3, 2)
    assert scoring.complaint_rate(3, 2) == F(3, 2)  # complaints may outnumber a quiet month's cases


# --- the score scheme ----------------------------------------------------------------------------------


@pytest.mark.parametrize("early, finished, points", [
    (0, 10, 0),
    (9, 100, 0),  # 9 %: below the 10 % threshold
    (10, 100, 1),  # exactly 10 %: +1
    (19, 100, 1),  # a further 9 % is not a further full 10 %
    (20, 100, 2),  # 20 %: +1 +1
    (1, 3, 3),  # 33.3 %: +1, +2 for 20 more
    (2, 4, 5),  # 50 %: +1, +4
    (10, 10, 10),  # 100 %: +1, +9
])
def test_early_completion_bonus(early, finished, points):
    [line] = scoring.score(MonthCounts(finished=finished, early=early)).lines
    assert (line.key, line.count, line.share, line.points) == ("early_bonus", early, F(early, finished), points)


@pytest.mark.parametrize("committed, statutory, points", [
    (15, 20, 0),  # 25 %
    (71, 100, 0),  # 29 %
    (70, 100, 3),  # exactly 30 %: +3
    (61, 100, 3),  # 39 %
    (60, 100, 4),  # 40 %: +3 +1
    (45, 65, 3),  # 30.8 %
    (0, 20, 10),  # 100 %: +3, +7
])
def test_commitment_speed_up_bonus(committed, statutory, points):
    [line] = scoring.score(MonthCounts(committed=committed, statutory=statutory)).lines
    assert (line.key, line.share, line.points) == ("speedup_bonus", 1 - F(committed, statutory), points)


@pytest.mark.parametrize("counts, total, lines", [
    # a clean month: 100, no line
    (MonthCounts(), 100, []),
    # 1 red −10, 3 yellow −15, 1 confirmed −5, 1 partly −2, early 2 of 4 (50 %) +5, speed-up 30.8 % +3 → 76
    (MonthCounts(red=1, yellow=3, confirmed_complaints=1, partly_complaints=1, finished=4, early=2,
                 committed=45, statutory=65), 76,
     [("red", 1, -10), ("yellow", 3, -15), ("confirmed_complaint", 1, -5), ("partly_confirmed_complaint", 1, -2),
      ("early_bonus", 2, 5), ("speedup_bonus", 0, 3)]),
    # prompts are shown but cost nothing
    (MonthCounts(prompt=4), 100, [("prompt", 4, 0)]),
    # 11 red: 100 − 110 = −10, floored at 0
    (MonthCounts(red=11), 0, [("red", 11, -110)]),
    # exactly 0 is not floored
    (MonthCounts(red=10), 0, [("red", 10, -100)]),
    # all finished early (+10) on a clean record: 110, capped at 100
    (MonthCounts(finished=5, early=5), 100, [("early_bonus", 5, 10)]),
    # bonuses make up for deductions: 100 − 5 + 3 = 98
    (MonthCounts(yellow=1, finished=3, early=1), 98, [("yellow", 1, -5), ("early_bonus", 1, 3)]),
])
def test_a_score_is_its_lines(counts, total, lines):
    result = scoring.score(counts)
    assert result.total == total
    assert [(line.key, line.count, line.points) for line in result.lines] == lines
    assert result.floored == (counts.red == 11)
    assert result.capped == (counts.finished == 5)


def test_quarter_and_year_scores_are_the_mean_of_the_monthly_scores():
    months = [scoring.score(MonthCounts()), scoring.score(MonthCounts(red=1)), scoring.score(MonthCounts(red=2))]
    assert scoring.mean_score(months) == 90  # (100 + 90 + 80) / 3
    assert scoring.mean_score([F(75), F(80)]) == F(155, 2)
    assert scoring.mean_score([]) is None


def test_the_scheme_is_merged_over_the_defaults():
    rules = scoring.scheme({"red": -15, "confirmed_complaint": -3.5, "cap": None})
    assert (rules["red"], rules["yellow"], rules["confirmed_complaint"], rules["cap"]) == (-15, -5, F(-7, 2), None)
    assert rules["early_threshold"] == F(1, 10)  # 0.1 as the decimal it was written as, exactly
    result = scoring.score(MonthCounts(red=1, confirmed_complaints=1, finished=1, early=1), rules)
    assert result.total == F(100 - 15 - 7 / 2 + 10)  # uncapped: 91.5
    assert scoring.score(MonthCounts(finished=1, early=1), rules).total == 110


@pytest.mark.parametrize("overrides, message", [
    ({"orange": -3}, "has no key 'orange'"),
    ({"red": 10}, "'red'] is a deduction and must be 0 or negative"),
    ({"early_points": -1}, "'early_points'] is a bonus and must be 0 or positive"),
    ({"early_threshold": 0}, "'early_threshold'] is a share and must be above 0 and at most 1"),
    ({"speedup_step": 1.5}, "'speedup_step'] is a share"),
    ({"yellow": "five"}, "'yellow'] must be a number, not 'five'"),
    ({"yellow": True}, "'yellow'] must be a number"),
    ({"base": float("nan")}, "'base'] must be a number"),
    ({"floor": 100}, "'floor'] (100) must be below 'cap' (100)"),
    ({"base": 120}, "'base'] (120) must lie between 'floor' and 'cap'"),
    ([("red", -1)], "must be a dict"),
])
def test_a_bad_scheme_names_its_key_and_rule(overrides, message):
    with pytest.raises(scoring.SchemeError) as error:
        scoring.scheme(overrides)
    assert message in str(error.value)
    assert "YANGGUANG_SCORE_SCHEME" in str(error.value)


@given(st.builds(MonthCounts, yellow=st.integers(0, 30), red=st.integers(0, 30), prompt=st.integers(0, 30),
                 confirmed_complaints=st.integers(0, 10), partly_complaints=st.integers(0, 10),
                 finished=st.integers(0, 200), early=st.integers(0, 200), committed=st.integers(0, 1000),
                 statutory=st.integers(0, 1000)).filter(lambda c: c.early <= c.finished and c.committed <= c.statutory))
def test_a_score_stays_on_the_scale_and_a_card_never_raises_it(counts):
    result = scoring.score(counts)
    assert 0 <= result.total <= 100
    assert result.total == max(0, min(100, 100 + sum(line.points for line in result.lines)))
    worse = scoring.score(MonthCounts(**{**counts.__dict__, "red": counts.red + 1}))
    assert worse.total <= result.total
    assert scoring.score(MonthCounts(**{**counts.__dict__, "yellow": counts.yellow + 1})).total <= result.total


@given(st.integers(1, 1000), st.data())
def test_the_early_bonus_never_falls_as_the_share_rises(finished, data):
    early = data.draw(st.integers(0, finished - 1))
    now = scoring.score(MonthCounts(finished=finished, early=early)).total
    assert scoring.score(MonthCounts(finished=finished, early=early + 1)).total >= now


# --- Wilson interval and rank ranges ----------------------------------------------------------------------


@pytest.mark.parametrize("hits, total, low, high", [
    (8, 10, 0.4902, 0.9433),  # p = .8; centre (.8 + 1.9208/10)/1.38415 = .7167, half .2266
    (0, 10, 0.0, 0.2775),  # none: the upper end is still 27.8 %
    (10, 10, 0.7225, 1.0),  # all: not certain from ten cases
    (50, 100, 0.4038, 0.5962),
    (1, 1, 0.2065, 1.0),
])
def test_the_wilson_interval(hits, total, low, high):
    found = scoring.wilson(hits, total)
    assert found == (pytest.approx(low, abs=5e-5), pytest.approx(high, abs=5e-5))


def test_no_interval_without_cases():
    assert scoring.wilson(0, 0) is None


@given(st.integers(1, 10_000), st.data())
def test_the_wilson_interval_holds_its_rate_inside_zero_and_one(total, data):
    hits = data.draw(st.integers(0, total))
    low, high = scoring.wilson(hits, total)
    assert 0 <= low <= hits / total <= high <= 1


def test_rank_ranges_only_separate_intervals_that_do_not_overlap():
    intervals = [(0.80, 0.95), (0.70, 0.85), (0.30, 0.50), None, (0.96, 1.0)]
    # A is surely below E and surely above C: places 2–3; B the same; C below all three: 4; D unranked; E above A,B,C
    assert scoring.rank_ranges(intervals) == [(2, 3), (2, 3), (4, 4), None, (1, 1)]
    assert scoring.rank_ranges([(0.5, 0.6), (0.6, 0.7)]) == [(1, 2), (1, 2)]  # touching intervals overlap


@given(st.lists(st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))), min_size=1,
                max_size=12))
def test_a_rank_range_holds_the_place_by_the_rate_itself(rows):
    intervals = [scoring.wilson(hits, total) for hits, total in rows]
    ranges = scoring.rank_ranges(intervals)
    order = sorted(range(len(rows)), key=lambda i: -F(*rows[i]))
    for place, i in enumerate(order, start=1):  # whatever the order among equal rates
        first, last = ranges[i]
        assert first <= place <= last


# --- the monthly quantitative rules -------------------------------------------------------------------------


@pytest.mark.parametrize("overdue, due, level", [
    (0, 100, None),
    (1, 100, None),  # exactly 1 %: not above the yellow line
    (101, 10000, "yellow"),  # 1.01 %
    (2, 100, "yellow"),  # exactly 2 %: yellow (above 1 %, not above 2 %)
    (201, 10000, "red"),  # 2.01 %
    (3, 100, "red"),
    (0, 0, None),  # nothing due
])
def test_q01_overdue_rate(overdue, due, level):
    assert scoring.overdue_level(scoring.overdue_rate(overdue, due), 0.01, 0.02) == level


@pytest.mark.parametrize("rejected, decisions, level", [
    (2, 100, None),  # exactly 2 %
    (201, 10000, "red"), (3, 100, "red"), (0, 0, None),
])
def test_q02_rejection_rate(rejected, decisions, level):
    assert scoring.rejection_level(scoring.rejection_rate(rejected, decisions), 0.02) == level


def rows(**columns):
    names = list(columns)
    return [QuantitativeInput(key=key, **dict(zip(names, values, strict=True)))
            for key, values in enumerate(zip(*columns.values(), strict=True))]


@pytest.mark.parametrize("code, peers, params, expected", [
    # Q01/Q02 need no peers; parameters from the rule
    ("Q01", rows(overdue=[1, 2, 3], due=[100, 100, 100]), {}, [(1, "yellow", F(1, 50), F(1, 100)),
                                                             (2, "red", F(3, 100), F(1, 50))]),
    ("Q01", rows(overdue=[3], due=[100]), {"yellow_above": 0.02, "red_above": 0.03}, [(0, "yellow", F(3, 100), F(1, 50))]),
    ("Q02", rows(rejected=[2, 3], decisions=[100, 100]), {}, [(1, "red", F(3, 100), F(1, 50))]),
    # Q03 usage 2/5 and 3/5: mean 1/2, red below 80 % of it = 2/5 → exactly at the line, not red
    ("Q03", rows(powers_used=[2, 3], powers_listed=[5, 5]), {}, []),
    # usage 1/5 and 4/5: mean 1/2, line 2/5 → 1/5 red
    ("Q03", rows(powers_used=[1, 4], powers_listed=[5, 5]), {}, [(0, "red", F(1, 5), F(2, 5))]),
    # a department with no listed power has no rate and is left out of the mean
    ("Q03", rows(powers_used=[1, 4, 0], powers_listed=[5, 5, 0]), {}, [(0, "red", F(1, 5), F(2, 5))]),
    # Q04 12 h and 8 h per licence: mean 10, red above 120 % = 12 → exactly at it, not red
    ("Q04", rows(licence_hours=[12, 8], licences=[1, 1]), {}, []),
    # 13 h and 8 h: mean 10.5, line 12.6 → red
    ("Q04", rows(licence_hours=[26, 8], licences=[2, 1]), {}, [(0, "red", F(13), F(63, 5))]),
    ("Q04", rows(licence_hours=[26, 8], licences=[2, 1]), {"above_average_share": 1.3}, []),  # line 13.65
    # Q05 6 % and 4 %: mean 5 %, line 6 % → at it; 7 % and 3 %: red
    ("Q05", rows(alarmed=[6, 4], handled=[100, 100]), {}, []),
    ("Q05", rows(alarmed=[7, 3], handled=[100, 100]), {}, [(0, "red", F(7, 100), F(6, 100))]),
    ("Q05", rows(alarmed=[0, 0], handled=[100, 100]), {}, []),  # no alarm anywhere: nothing above the mean
])
def test_quantitative_rules_fire_above_their_line_and_not_at_it(code, peers, params, expected):
    verdicts = scoring.quantitative(peers, {code: params})
    assert [(v.key, v.level, v.value, v.threshold) for v in verdicts] == expected
    assert all(v.code == code for v in verdicts)


def test_a_rule_left_out_is_disabled():
    peers = rows(overdue=[5], due=[10], rejected=[5], decisions=[10])
    assert {v.code for v in scoring.quantitative(peers, {"Q02": {}})} == {domain.REJECTION_RATE}
    assert scoring.quantitative(peers, {}) == []


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 50)), min_size=1, max_size=10))
def test_the_average_rules_never_flag_every_department(values):
    peers = [QuantitativeInput(key=i, alarmed=min(a, h), handled=h) for i, (a, h) in enumerate(values)]
    flagged = scoring.quantitative(peers, {"Q05": {}})
    assert len(flagged) < len(peers)  # nobody can be above 120 % of a mean that includes everybody


@pytest.mark.parametrize(("period", "today", "previous", "following", "month", "quarter", "year"), [
    # the quarter holding today: the month and quarter around today
    ("2026-Q4", date(2026, 11, 20), "2026-Q3", "2027-Q1", "2026-11", "2026-Q4", "2026"),
    # a past year: around its last month
    ("2025", date(2026, 11, 20), "2024", "2026", "2025-12", "2025-Q4", "2025"),
    # a future month: around its first day
    ("2027-02", date(2026, 11, 20), "2027-01", "2027-03", "2027-02", "2027-Q1", "2027"),
    # a month's last day still belongs to it (Shanghai date)
    ("2026-11", date(2026, 11, 30), "2026-10", "2026-12", "2026-11", "2026-Q4", "2026"),
])
def test_period_links(period, today, previous, following, month, quarter, year):
    links = scoring.period_links(scoring.period_parse(period), today)
    assert (links["previous"], links["next"]) == (previous, following)
    assert [value for _kind, _label, value, _chosen in links["kinds"]] == [month, quarter, year]
    assert [chosen for *_rest, chosen in links["kinds"]] == [kind == scoring.period_parse(period).kind
                                                               for kind in (scoring.MONTH, scoring.QUARTER, scoring.YEAR)]
