"""Performance evaluation (绩效评估) as pure logic: evaluation periods, the KPIs of DOMAIN.md §5.4,
the score scheme of §5.1 (Huizhou 行政审批绩效量化测评), the Wilson interval used to rank
departments, and the thresholds of the monthly quantitative rules (定量分析, §4.4). Nothing here
touches the database or reads the clock; ``performance`` counts in SQL and calls these.

Rates are exact fractions (``Fraction``), so that a rate equal to its threshold compares as
equal, e.g. 2 overdue of 100 due is exactly the 2 % red line of rule Q01, and not above it.

Score scheme (defaults, overridable through the ``YANGGUANG_SCORE_SCHEME`` setting, a dict merged
over ``DEFAULT_SCHEME`` and validated by ``scheme``):

- base 100 (百分制基准分);
- each yellow warning (预警, 黄牌) −5, each red alarm (报警, 红牌) −10 (§5.1); a prompt (提示) 0;
  a card removed (摘牌) does not count;
- each complaint found confirmed (查实) −5: the sources leave the amount to detailed rules; a
  confirmed complaint is treated like a yellow card, a breach found by investigation rather
  than by the clock. A partly confirmed one (部分属实) −2, an unfounded one 0;
- early completion (提前办结): when the cases finished early are ≥ 10 % of the cases finished
  in the month, +1, then +1 for each further full 10 % (10 % → +1, 19 % → +1, 20 % → +2);
- commitment speed-up (承诺提速, 1 − Σ committed limits / Σ statutory limits of the listed
  powers): ≥ 30 % → +3, then +1 for each further full 10 % (30 % → +3, 40 % → +4);
- score = base + every line's points, then floored at 0 and capped at 100. Capping keeps every
  score on the same 100-point scale that the grades and the published results use: the bonuses
  make up for deductions but cannot lift a department above a clean record. Set ``cap`` to
  ``None`` to let bonuses go above 100 (the Huizhou formula adds 奖励分 on top).

A quarter's or a year's score is the mean of its monthly scores (Huizhou: 总分取月平均值).
"""

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from yangguang.worktime.domain import SHANGHAI

from . import domain

# --- periods -------------------------------------------------------------------------------------

MONTH, QUARTER, YEAR = "month", "quarter", "year"
FIRST_YEAR, LAST_YEAR = 2000, 2100


class PeriodError(ValueError):
    """A period that is not ``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``."""


@dataclass(frozen=True, order=True)
class Period:
    """A month, a quarter or a year, in Asia/Shanghai local time: [start, end)."""

    year: int
    kind: str
    index: int = 0  # month 1–12, quarter 1–4, 0 for a year

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return f"{self.year:04d}-{self.index:02d}"
        if self.kind == QUARTER:
            return f"{self.year:04d}-Q{self.index}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.label

    @property
    def months(self) -> tuple[date, ...]:
        """The first day of every month in the period."""
        if self.kind == MONTH:
            return (date(self.year, self.index, 1),)
        if self.kind == QUARTER:
            return tuple(date(self.year, 3 * (self.index - 1) + m, 1) for m in (1, 2, 3))
        return tuple(date(self.year, m, 1) for m in range(1, 13))

    @property
    def first_day(self) -> date:
        return self.months[0]

    @property
    def end_day(self) -> date:
        """The day after the period (exclusive)."""
        last = self.months[-1]
        return date(last.year + 1, 1, 1) if last.month == 12 else date(last.year, last.month + 1, 1)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time.min, SHANGHAI)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.end_day, time.min, SHANGHAI)

    def shifted(self, steps: int) -> "Period":
        """The period ``steps`` periods of the same kind later (earlier when negative)."""
        if self.kind == YEAR:
            return Period(self.year + steps, YEAR)
        size = 12 if self.kind == MONTH else 4
        n = self.year * size + self.index - 1 + steps
        return Period(n // size, self.kind, n % size + 1)


_PATTERNS = (
    (re.compile(r"(\d{4})-(\d{2})"), MONTH),
    (re.compile(r"(\d{4})-[Qq]([1-4])"), QUARTER),
    (re.compile(r"(\d{4})"), YEAR),
)


def period_parse(text: str) -> Period:
    """``2026-11`` (a month), ``2026-Q4`` (a quarter) or ``2026`` (a year)."""
    value = (text or "").strip()
    for pattern, kind in _PATTERNS:
        match = pattern.fullmatch(value)
        if match is None:
            continue
        year, index = int(match.group(1)), int(match.group(2)) if kind != YEAR else 0
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise PeriodError(f"the year must be from {FIRST_YEAR} to {LAST_YEAR}")
        if kind == MONTH and not 1 <= index <= 12:
            raise PeriodError("the month must be from 01 to 12")
        return Period(year, kind, index)
    raise PeriodError("give a month (2026-11), a quarter (2026-Q4) or a year (2026)")


def period_of(day: date, kind: str = MONTH) -> Period:
    """The period of ``kind`` that contains ``day``."""
    if kind == MONTH:
        return Period(day.year, MONTH, day.month)
    if kind == QUARTER:
        return Period(day.year, QUARTER, (day.month - 1) // 3 + 1)
    return Period(day.year, YEAR)


PERIOD_KINDS = ((MONTH, _("Month")), (QUARTER, _("Quarter")), (YEAR, _("Year")))


def period_links(period: Period, today: date) -> dict:
    """What a page of ``period`` offers to go to: the previous and next period of its kind, and the
    month, quarter and year around ``today`` when the period holds it (else around its end or
    start), each as (kind, its name, the period's label, whether it is ``period``'s kind)."""
    inside = today if period.first_day <= today < period.end_day else (
        period.months[-1] if period.end_day <= today else period.first_day)
    return {"previous": period.shifted(-1).label, "next": period.shifted(1).label,
            "kinds": [(kind, label, period_of(inside, kind).label, kind == period.kind)
                      for kind, label in PERIOD_KINDS]}


def month_period(month: date) -> Period:
    return Period(month.year, MONTH, month.month)


# --- KPIs (DOMAIN.md §5.4) ---------------------------------------------------------------------------


def rate(hits: int, total: int) -> Fraction | None:
    """hits / total exactly; None when there is nothing to divide by."""
    if hits < 0 or total < 0 or hits > total:
        raise ValueError(f"a rate needs 0 <= hits <= total, not {hits}/{total}")
    return Fraction(hits, total) if total else None


def on_time_rate(on_time: int, finished: int) -> Fraction | None:
    """按时办结率: cases finished by their committed due / cases finished."""
    return rate(on_time, finished)


def early_rate(early: int, finished: int) -> Fraction | None:
    """提前办结率: cases finished before the last day of their committed period began / finished."""
    return rate(early, finished)


def overdue_rate(overdue: int, due: int) -> Fraction | None:
    """超期率: cases due in the period finished after, or still open past, their committed due / due."""
    return rate(overdue, due)


def over_statutory_rate(over: int, due: int) -> Fraction | None:
    """超法定时限率: cases due in the period that went past their statutory due / due."""
    return rate(over, due)


def rejection_rate(rejected: int, decisions: int) -> Fraction | None:
    """否定率: (不予受理 + 不予许可) / decisions (refusals to accept and decisions)."""
    return rate(rejected, decisions)


def alarm_rate(alarmed: int, cases: int) -> Fraction | None:
    """报警率: cases with a red alarm raised in the period / cases handled in it."""
    return rate(alarmed, cases)


def complaint_rate(confirmed: int, cases: int) -> Fraction | None:
    """投诉率: complaints found confirmed / cases handled (may exceed 1 in a quiet month)."""
    return Fraction(confirmed, cases) if cases else None


def power_usage_rate(used: int, listed: int) -> Fraction | None:
    """权力运行率: listed powers with at least one case received in the period / listed powers."""
    return rate(used, listed)


def commitment_speedup(committed: Fraction | int, statutory: Fraction | int) -> Fraction | None:
    """承诺提速率: 1 − Σ committed limits / Σ statutory limits (both in the same unit, e.g. hours)."""
    if not statutory:
        return None
    return 1 - Fraction(committed) / Fraction(statutory)


def average(total, count: int) -> Fraction | None:
    """total / count (e.g. the mean licence duration in hours); None for no case."""
    return Fraction(total) / count if count else None


# The KPIs shown for a department: key, its function, and the names of the two counts it divides.
KPIS = (
    ("on_time", on_time_rate, "on_time", "finished", _("On-time rate (按时办结率)")),
    ("early", early_rate, "early", "finished", _("Early-completion rate (提前办结率)")),
    ("overdue", overdue_rate, "overdue", "due", _("Overdue rate (超期率)")),
    ("over_statutory", over_statutory_rate, "over_statutory", "due", _("Over-statutory rate (超法定时限率)")),
    ("rejection", rejection_rate, "rejected", "decisions", _("Rejection rate (否定率)")),
    ("alarm", alarm_rate, "alarmed", "handled", _("Alarm rate (报警率)")),
    ("complaint", complaint_rate, "confirmed_complaints", "handled", _("Complaint rate (投诉率)")),
    ("power_usage", power_usage_rate, "powers_used", "powers_listed", _("Power usage rate (权力运行率)")),
)
KPI_LABELS = {key: label for key, _f, _n, _d, label in KPIS}


def kpis(counts: Mapping[str, int]) -> dict[str, Fraction | None]:
    """Every rate of ``KPIS`` from a mapping of counts (missing counts are 0)."""
    return {key: function(counts.get(hits, 0), counts.get(total, 0)) for key, function, hits, total, _l in KPIS}


# --- the Wilson score interval and rankings -----------------------------------------------------------

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution


def wilson(hits: int, total: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval (95 % by default) of a proportion hits/total; None for total 0.

    Unlike the normal approximation it stays inside [0, 1] and is honest for small counts:
    10 of 10 on time gives [0.722, 1], not [1, 1]."""
    if total <= 0:
        return None
    if not 0 <= hits <= total:
        raise ValueError(f"a rate needs 0 <= hits <= total, not {hits}/{total}")
    p = hits / total
    z2 = z * z
    denominator = 1 + z2 / total
    centre = (p + z2 / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / denominator
    low, high = max(0.0, centre - half), min(1.0, centre + half)
    if hits == 0:
        low = 0.0
    if hits == total:
        high = 1.0
    return low, high


def rank_ranges(intervals: Sequence[tuple[float, float] | None]) -> list[tuple[int, int] | None]:
    """The places each entry may hold when entries are ranked by their intervals (higher is better).

    An entry is placed above another only when its whole interval lies above the other's
    (``low > other's high``); entries whose intervals overlap are not told apart. Entry i's range
    is [1 + how many are surely better, n − how many are surely worse], where n counts the
    entries with an interval; an entry without one (None, e.g. no case finished) is not ranked."""
    ranked = [interval for interval in intervals if interval is not None]
    n = len(ranked)
    ranges = []
    for interval in intervals:
        if interval is None:
            ranges.append(None)
            continue
        low, high = interval
        better = sum(1 for other_low, _other_high in ranked if other_low > high)
        worse = sum(1 for _other_low, other_high in ranked if other_high < low)
        ranges.append((1 + better, n - worse))
    return ranges


# --- the score scheme (§5.1) ---------------------------------------------------------------------------

SETTING = "YANGGUANG_SCORE_SCHEME"

DEFAULT_SCHEME = {
    "base": 100,
    "floor": 0,
    "cap": 100,  # None: no cap
    # points per card or complaint (≤ 0)
    "prompt": 0,
    "yellow": -5,
    "red": -10,
    "confirmed_complaint": -5,
    "partly_confirmed_complaint": -2,
    # 提前办结: +early_points at early_threshold of the finished cases, +early_step_points per further early_step
    "early_threshold": 0.10,
    "early_points": 1,
    "early_step": 0.10,
    "early_step_points": 1,
    # 承诺提速: +speedup_points at speedup_threshold, +speedup_step_points per further speedup_step
    "speedup_threshold": 0.30,
    "speedup_points": 3,
    "speedup_step": 0.10,
    "speedup_step_points": 1,
}
DEDUCTIONS = ("prompt", "yellow", "red", "confirmed_complaint", "partly_confirmed_complaint")
BONUS_POINTS = ("early_points", "early_step_points", "speedup_points", "speedup_step_points")
SHARES = ("early_threshold", "early_step", "speedup_threshold", "speedup_step")


class SchemeError(ValueError):
    """A score scheme that cannot be used; the message names the key and the rule it breaks."""


def _number(key: str, value) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)) or (
            isinstance(value, float) and not math.isfinite(value)):
        raise SchemeError(f"{SETTING}[{key!r}] must be a number, not {value!r}.")
    return Fraction(str(value)) if isinstance(value, float) else Fraction(value)


@dataclass(frozen=True)
class Scheme:
    """A validated score scheme: every value an exact fraction (``cap`` None: uncapped)."""

    values: dict = field(hash=False)

    def __getitem__(self, key: str):
        return self.values[key]


def scheme(overrides: Mapping | None = None) -> Scheme:
    """``DEFAULT_SCHEME`` with ``overrides`` merged over it, checked key by key."""
    if overrides is None:
        overrides = {}
    if not isinstance(overrides, Mapping):
        raise SchemeError(f"{SETTING} must be a dict, not {type(overrides).__name__}.")
    unknown = sorted(set(overrides) - set(DEFAULT_SCHEME), key=str)
    if unknown:
        raise SchemeError(f"{SETTING} has no key {unknown[0]!r}; the keys are {', '.join(DEFAULT_SCHEME)}.")
    merged = {**DEFAULT_SCHEME, **overrides}
    values = {}
    for key, value in merged.items():
        if key == "cap" and value is None:
            values[key] = None
            continue
        values[key] = _number(key, value)
    for key in DEDUCTIONS:
        if values[key] > 0:
            raise SchemeError(f"{SETTING}[{key!r}] is a deduction and must be 0 or negative, not {merged[key]}.")
    for key in BONUS_POINTS:
        if values[key] < 0:
            raise SchemeError(f"{SETTING}[{key!r}] is a bonus and must be 0 or positive, not {merged[key]}.")
    for key in SHARES:
        if not 0 < values[key] <= 1:
            raise SchemeError(f"{SETTING}[{key!r}] is a share and must be above 0 and at most 1, not {merged[key]}.")
    if values["cap"] is not None and values["floor"] >= values["cap"]:
        raise SchemeError(f"{SETTING}['floor'] ({merged['floor']}) must be below 'cap' ({merged['cap']}).")
    if values["base"] < values["floor"] or (values["cap"] is not None and values["base"] > values["cap"]):
        raise SchemeError(f"{SETTING}['base'] ({merged['base']}) must lie between 'floor' and 'cap'.")
    return Scheme(values)


def stepped_bonus(share: Fraction | None, threshold: Fraction, points: Fraction, step: Fraction,
                  step_points: Fraction) -> Fraction:
    """``points`` once ``share`` reaches ``threshold``, plus ``step_points`` for each further full ``step``."""
    if share is None or share < threshold:
        return Fraction(0)
    return points + step_points * math.floor((share - threshold) / step)


# Lines of a score, in the order they are shown.
YELLOW_LINE, RED_LINE, PROMPT_LINE = "yellow", "red", "prompt"
CONFIRMED_LINE, PARTLY_LINE = "confirmed_complaint", "partly_confirmed_complaint"
EARLY_LINE, SPEEDUP_LINE = "early_bonus", "speedup_bonus"
LINE_LABELS = {
    RED_LINE: _("Red alarms (报警, 红牌)"),
    YELLOW_LINE: _("Yellow warnings (预警, 黄牌)"),
    PROMPT_LINE: _("Prompts (提示)"),
    CONFIRMED_LINE: _("Complaints confirmed (投诉查实)"),
    PARTLY_LINE: _("Complaints partly confirmed (部分属实)"),
    EARLY_LINE: _("Early completion bonus (提前办结)"),
    SPEEDUP_LINE: _("Commitment speed-up bonus (承诺提速)"),
}


@dataclass(frozen=True)
class MonthCounts:
    """What one month's score is computed from, for a department or an officer."""

    yellow: int = 0
    red: int = 0
    prompt: int = 0
    confirmed_complaints: int = 0
    partly_complaints: int = 0
    finished: int = 0  # cases (or, for an officer, steps) finished
    early: int = 0  # of which early
    committed: Fraction | int = 0  # Σ committed limits of the listed powers (hours); 0: no speed-up line
    statutory: Fraction | int = 0  # Σ statutory limits (hours)


@dataclass(frozen=True)
class Line:
    """One deduction or bonus: what (``key``), how many, the share behind a bonus, the points."""

    key: str
    count: int
    points: Fraction
    share: Fraction | None = None

    @property
    def label(self):
        return LINE_LABELS[self.key]


@dataclass(frozen=True)
class Score:
    total: Fraction
    base: Fraction
    lines: tuple[Line, ...]
    floored: bool = False  # the lines would take it below the floor
    capped: bool = False  # the lines would lift it above the cap


def score(counts: MonthCounts, rules: Scheme | None = None) -> Score:
    """One month's score (§5.1), with every line that applies: a card or complaint line when
    there is at least one, a bonus line when there is something to take a share of."""
    rules = rules or scheme()
    lines = []
    for key, count in ((RED_LINE, counts.red), (YELLOW_LINE, counts.yellow), (PROMPT_LINE, counts.prompt),
                       (CONFIRMED_LINE, counts.confirmed_complaints), (PARTLY_LINE, counts.partly_complaints)):
        if count < 0:
            raise ValueError(f"{key}: a count cannot be negative")
        if count:
            lines.append(Line(key, count, rules[key] * count))
    if counts.finished:
        share = early_rate(counts.early, counts.finished)
        lines.append(Line(EARLY_LINE, counts.early, stepped_bonus(
            share, rules["early_threshold"], rules["early_points"], rules["early_step"], rules["early_step_points"]),
            share))
    speedup = commitment_speedup(counts.committed, counts.statutory)
    if speedup is not None:
        lines.append(Line(SPEEDUP_LINE, 0, stepped_bonus(
            speedup, rules["speedup_threshold"], rules["speedup_points"], rules["speedup_step"],
            rules["speedup_step_points"]), speedup))
    raw = rules["base"] + sum((line.points for line in lines), Fraction(0))
    total = max(raw, rules["floor"])
    if rules["cap"] is not None:
        total = min(total, rules["cap"])
    return Score(total, rules["base"], tuple(lines), floored=raw < rules["floor"],
                 capped=rules["cap"] is not None and raw > rules["cap"])


def mean_score(scores: Iterable[Score | Fraction]) -> Fraction | None:
    """A quarter's or a year's score: the mean of its monthly scores (总分取月平均值)."""
    totals = [s.total if isinstance(s, Score) else Fraction(s) for s in scores]
    return sum(totals, Fraction(0)) / len(totals) if totals else None


# --- the monthly quantitative rules (定量分析, §4.4) --------------------------------------------------


def _param(params: Mapping, code: str, name: str) -> Fraction:
    default = domain.PARAMS[code][name][0]
    return Fraction(str(params.get(name, default)))


def overdue_level(value: Fraction | None, yellow_above, red_above) -> str | None:
    """Q01 超期率: red above ``red_above``; yellow above ``yellow_above`` and at most ``red_above``."""
    if value is None:
        return None
    if value > Fraction(str(red_above)):
        return domain.RED
    if value > Fraction(str(yellow_above)):
        return domain.YELLOW
    return None


def rejection_level(value: Fraction | None, red_above) -> str | None:
    """Q02 否定率: red above ``red_above``."""
    return domain.RED if value is not None and value > Fraction(str(red_above)) else None


def below_average_level(value: Fraction | None, mean: Fraction | None, share) -> str | None:
    """Q03 权力运行率: red below ``share`` × the average over departments."""
    if value is None or mean is None:
        return None
    return domain.RED if value < Fraction(str(share)) * mean else None


def above_average_level(value: Fraction | None, mean: Fraction | None, share) -> str | None:
    """Q04 许可时效, Q05 报警率: red above ``share`` × the average over departments."""
    if value is None or mean is None:
        return None
    return domain.RED if value > Fraction(str(share)) * mean else None


def mean(values: Iterable[Fraction | None]) -> Fraction | None:
    """The plain mean of the values that exist (each department counts once)."""
    present = [Fraction(value) for value in values if value is not None]
    return sum(present, Fraction(0)) / len(present) if present else None


@dataclass(frozen=True)
class QuantitativeInput:
    """One department's month as the quantitative rules see it."""

    key: object  # the department
    overdue: int = 0
    due: int = 0
    rejected: int = 0
    decisions: int = 0
    powers_used: int = 0
    powers_listed: int = 0
    licence_hours: Fraction | int = 0  # Σ durations of the licences finished in the month
    licences: int = 0
    alarmed: int = 0
    handled: int = 0


@dataclass(frozen=True)
class Verdict:
    """A quantitative rule that fires for a department: the value and the threshold it crossed."""

    key: object
    code: str
    level: str
    value: Fraction
    threshold: Fraction
    mean: Fraction | None = None  # the average over departments, for Q03–Q05


def quantitative(rows: Sequence[QuantitativeInput], params: Mapping[str, Mapping]) -> list[Verdict]:
    """The rules of ``params`` (code → the rule's parameters; a code left out is disabled) that
    fire for each of ``rows``, departments compared with one another (peers: one region)."""
    verdicts = []
    values = {
        domain.OVERDUE_RATE: {row.key: overdue_rate(row.overdue, row.due) for row in rows},
        domain.REJECTION_RATE: {row.key: rejection_rate(row.rejected, row.decisions) for row in rows},
        domain.POWER_USAGE: {row.key: power_usage_rate(row.powers_used, row.powers_listed) for row in rows},
        domain.LICENCE_DURATION: {row.key: average(row.licence_hours, row.licences) for row in rows},
        domain.ALARM_RATE: {row.key: alarm_rate(row.alarmed, row.handled) for row in rows},
    }
    for code in domain.MONTHLY_RULES:
        if code not in params:
            continue
        given = params[code] or {}
        by_key = values[code]
        mean_value = mean(by_key.values()) if code in (domain.POWER_USAGE, domain.LICENCE_DURATION,
                                                       domain.ALARM_RATE) else None
        for row in rows:
            value = by_key[row.key]
            if code == domain.OVERDUE_RATE:
                yellow_above, red_above = _param(given, code, "yellow_above"), _param(given, code, "red_above")
                level = overdue_level(value, yellow_above, red_above)
                threshold = red_above if level == domain.RED else yellow_above
            elif code == domain.REJECTION_RATE:
                threshold = _param(given, code, "red_above")
                level = rejection_level(value, threshold)
            elif code == domain.POWER_USAGE:
                share = _param(given, code, "below_average_share")
                level = below_average_level(value, mean_value, share)
                threshold = share * mean_value if mean_value is not None else None
            else:
                share = _param(given, code, "above_average_share")
                level = above_average_level(value, mean_value, share)
                threshold = share * mean_value if mean_value is not None else None
            if level is not None:
                verdicts.append(Verdict(row.key, code, level, value, threshold, mean_value))
    return verdicts
