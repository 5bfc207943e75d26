"""Alert rules (预警规则, DOMAIN.md §4) as pure logic: which rules fire for a case at ``now`` and
the next instant any of them could fire. Nothing here touches the database or reads the clock.

Time rules shipped (thresholds are rule parameters, DOMAIN.md §4.3 [DERIVED]):

- ``T01`` step near its limit (提示): the step's elapsed counted time reaches ``share``
  (default 0.8) of its limit. Chosen over "one working day before the due" because it works the
  same for limits in working days, natural days and hours and needs one definition of "elapsed".
- ``T02`` step over its limit (环节超时, yellow): at the step's due.
- ``T03`` case at ``share`` (default 0.9) of its committed limit (yellow, Yulin rule): the same
  instant at which the case's light turns yellow (``cases.domain.light``).
- ``T04`` case over its committed limit (red): at the committed due.
- ``T05`` case over its statutory limit (red, always): at the statutory due.

Event rules: ``E01`` acceptance late (a correction notice 补正告知 on or after the end of the
fifth working day after receipt, yellow) and ``E02`` refusal without a legal reason (red).

Non-time rules: ``C01`` a fee off the catalog's standard (``fee_problems``) and ``P01`` a case
reported by a department's own system that leaves its flowchart (``conformance``).

Every instant is exact to the microsecond: a rule fires at ``now >= instant`` and not one
microsecond before. While the clock is stopped (a special procedure) no time rule can fire.
"""

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from yangguang.cases.domain import TASK_KINDS
from yangguang.worktime.domain import (
    DAY,
    UNIT_LENGTH,
    WORKDAY,
    WorkCalendar,
    count_start,
    due,
    local_date,
    midnight,
    net_counted_time,
)

PROMPT, YELLOW, RED = "prompt", "yellow", "red"
LEVEL_ORDER = {PROMPT: 0, YELLOW: 1, RED: 2}
DEPARTMENT, HIERARCHICAL, QUANTITATIVE = "department", "hierarchical", "quantitative"
ON_EVENT, SWEEP, MONTHLY = "on_event", "sweep", "monthly"

STEP_NEAR, STEP_OVER, CASE_SHARE, CASE_OVER_COMMITTED, CASE_OVER_STATUTORY = "T01", "T02", "T03", "T04", "T05"
ACCEPTANCE_LATE, REFUSAL_WITHOUT_REASON = "E01", "E02"
STEP_RULES = (STEP_NEAR, STEP_OVER)
CASE_RULES = (CASE_SHARE, CASE_OVER_COMMITTED, CASE_OVER_STATUTORY)
TIME_RULES = STEP_RULES + CASE_RULES
EVENT_RULES = (ACCEPTANCE_LATE, REFUSAL_WITHOUT_REASON)

ORDER_OVERDUE, COMPLAINT_ACCEPTANCE_LATE = "S01", "S02"
PROCESS_OUT_OF_ORDER, POWER_NOT_LISTED, FEE_OFF_STANDARD = "P01", "N01", "C01"
# Monthly quantitative rules (定量分析, DOMAIN.md §4.4): overdue rate, rejection rate, power usage
# rate, average licence duration and alarm rate against the average over departments.
OVERDUE_RATE, REJECTION_RATE, POWER_USAGE, LICENCE_DURATION, ALARM_RATE = "Q01", "Q02", "Q03", "Q04", "Q05"
MONTHLY_RULES = (OVERDUE_RATE, REJECTION_RATE, POWER_USAGE, LICENCE_DURATION, ALARM_RATE)

# Parameters each rule takes, with their defaults and bounds: (default, low, high, kind).
PARAMS = {
    STEP_NEAR: {"share": (0.8, 0.0, 1.0, float)},
    CASE_SHARE: {"share": (0.9, 0.0, 1.0, float)},
    ACCEPTANCE_LATE: {"workdays": (5, 1, 60, int)},
    OVERDUE_RATE: {"yellow_above": (0.01, 0.0, 1.0, float), "red_above": (0.02, 0.0, 1.0, float)},
    REJECTION_RATE: {"red_above": (0.02, 0.0, 1.0, float)},
    POWER_USAGE: {"below_average_share": (0.8, 0.0, 1.0, float)},
    LICENCE_DURATION: {"above_average_share": (1.2, 1.0, 10.0, float)},
    ALARM_RATE: {"above_average_share": (1.2, 1.0, 10.0, float)},
}
# T05 is red whatever the configuration says (DOMAIN.md §4.3).
FIXED_LEVELS = {CASE_OVER_STATUTORY: RED}


@dataclass(frozen=True)
class Rule:
    """What evaluation needs of an ``AlertRule`` row."""

    id: int
    code: str
    level: str
    enabled: bool = True
    params: dict = field(default_factory=dict, hash=False, compare=False)

    def param(self, name: str):
        default, _low, _high, kind = PARAMS[self.code][name]
        value = self.params.get(name, default)
        return kind(value)


def param_errors(code: str, params) -> list[dict]:
    """Every parameter of rule ``code`` that is unknown, of the wrong kind or out of bounds."""
    if not isinstance(params, dict):
        return [{"field": "params", "rule": "object", "detail": "params must be an object."}]
    known = PARAMS.get(code, {})
    errors = []
    for name, value in params.items():
        if name not in known:
            errors.append({"field": f"params.{name}", "rule": "unknown", "detail": f"{code} has no parameter {name}."})
            continue
        _default, low, high, kind = known[name]
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and (kind is float or value == int(value))
        if not ok or not (low < value < high if kind is float else low <= value <= high):
            bounds = f"between {low} and {high} (exclusive)" if kind is float else f"a whole number from {low} to {high}"
            errors.append({"field": f"params.{name}", "rule": "range", "detail": f"{name} must be {bounds}."})
    return errors


# --- instants ----------------------------------------------------------------------------


def _spans(suspensions, floor: datetime) -> list[tuple[datetime, datetime | None]]:
    """Suspensions in UTC from ``floor`` on, sorted, overlapping ones joined."""
    spans = []
    for begin, end in sorted(((max(b.astimezone(UTC), floor), None if e is None else e.astimezone(UTC))
                              for b, e in suspensions), key=lambda span: span[0]):
        if end is not None and end <= begin:
            continue
        if spans and (spans[-1][1] is None or begin <= spans[-1][1]):
            last_begin, last_end = spans[-1]
            spans[-1] = (last_begin, None if end is None or last_end is None else max(last_end, end))
        else:
            spans.append((begin, end))
    return spans


def _advance(cursor: datetime, remaining: timedelta, until: datetime | None, unit: str, calendar: WorkCalendar):
    """(instant where ``remaining`` counted time is used up or None before ``until``; time used)."""
    if unit != WORKDAY:
        if until is None or cursor + remaining <= until:
            return cursor + remaining, remaining
        return None, until - cursor
    used, day = timedelta(), local_date(cursor)
    while until is None or midnight(day) < until:
        begin = max(cursor, midnight(day))
        end = midnight(day + timedelta(days=1))
        if until is not None:
            end = min(end, until)
        if begin < end and calendar.is_workday(day):
            if used + (end - begin) >= remaining:
                return begin + (remaining - used), remaining
            used += end - begin
        day += timedelta(days=1)
    return None, used


def counted_instant(start: datetime, unit: str, calendar: WorkCalendar, target: timedelta,
                    suspensions=()) -> datetime | None:
    """The first instant at which the counted time since ``start`` (less suspensions) reaches
    ``target``; None while an open suspension stops the clock before it."""
    cursor = count_start(start, unit)
    remaining = target
    if remaining <= timedelta():
        return cursor
    for begin, end in _spans(suspensions, cursor):
        found, used = _advance(cursor, remaining, begin, unit, calendar)
        if found is not None:
            return found
        remaining -= used
        if end is None:
            return None
        cursor = max(cursor, end)
    found, _used = _advance(cursor, remaining, None, unit, calendar)
    return found


def share_instant(start: datetime, amount: int, unit: str, calendar: WorkCalendar, share: float,
                  suspensions=()) -> datetime | None:
    """The first instant at which ``worktime.domain.elapsed_fraction`` reaches ``share``, exactly
    (the same float comparison the light makes); None when the clock stops before it."""
    suspensions = tuple(suspensions)
    if unit == DAY:  # the period may run on to 24:00 of a working day (民法典 第二百零三条)
        deadline = due(start, amount, unit, calendar, suspensions)
        if deadline is None:
            return None
        total = net_counted_time(start, unit, calendar, deadline, suspensions)
    else:  # a due in working days or hours is where exactly ``amount`` units have been counted
        deadline, total = None, amount * UNIT_LENGTH[unit]
    total_us = total // timedelta(microseconds=1)
    if not total_us:
        return deadline if deadline is not None else due(start, amount, unit, calendar, suspensions)
    needed = max(0, math.ceil(share * total_us))
    while needed > 0 and (needed - 1) / total_us >= share:
        needed -= 1
    while needed / total_us < share:
        needed += 1
    return counted_instant(start, unit, calendar, timedelta(microseconds=needed), suspensions)


# --- what a case looks like to the rules ---------------------------------------------------


@dataclass(frozen=True)
class StepData:
    token_id: int
    name: str
    start: datetime  # where the step's period counts from
    limit: int
    unit: str
    due_at: datetime | None  # None: the step's clock is stopped


@dataclass(frozen=True)
class CaseData:
    is_open: bool
    clock_start: datetime | None
    committed_limit: int
    committed_unit: str
    committed_due: datetime | None
    statutory_due: datetime | None
    suspended: bool
    suspensions: tuple = ()
    steps: tuple = ()


@dataclass(frozen=True)
class Instant:
    code: str
    token_id: int | None
    at: datetime


def time_instants(case: CaseData, rules: dict, calendar: WorkCalendar, share_at=share_instant) -> list[Instant]:
    """The instant of every enabled time rule for ``case``; ``share_at`` may be a cached ``share_instant``."""
    if not case.is_open or case.suspended:
        return []
    found = []

    def on(code):
        rule = rules.get(code)
        return rule if rule is not None and rule.enabled else None

    if case.clock_start is not None and case.committed_due is not None:
        if rule := on(CASE_SHARE):
            at = share_at(case.clock_start, case.committed_limit, case.committed_unit, calendar,
                          rule.param("share"), case.suspensions)
            if at is not None:
                found.append(Instant(CASE_SHARE, None, at))
        if on(CASE_OVER_COMMITTED):
            found.append(Instant(CASE_OVER_COMMITTED, None, case.committed_due))
    if case.statutory_due is not None and on(CASE_OVER_STATUTORY):
        found.append(Instant(CASE_OVER_STATUTORY, None, case.statutory_due))
    for step in case.steps:
        if step.due_at is None or not step.limit:
            continue
        if rule := on(STEP_NEAR):
            at = share_at(step.start, step.limit, step.unit, calendar, rule.param("share"), case.suspensions)
            if at is not None:
                found.append(Instant(STEP_NEAR, step.token_id, at))
        if on(STEP_OVER):
            found.append(Instant(STEP_OVER, step.token_id, step.due_at))
    return found


def evaluate(case: CaseData, rules: dict, calendar: WorkCalendar, now: datetime,
             share_at=share_instant) -> tuple[list[Instant], datetime | None]:
    """(the time rules that have fired by ``now``, the next instant one could fire or None)."""
    fired, later = [], []
    for instant in time_instants(case, rules, calendar, share_at):
        (fired if now >= instant.at else later).append(instant)
    return fired, min((instant.at for instant in later), default=None)


def next_at(case: CaseData, rules: dict, calendar: WorkCalendar, share_at=share_instant) -> datetime | None:
    """When the sweep should next look at ``case``: its earliest time-rule instant, past or not
    (the sweep raises what is past, idempotently, then moves on to the next one)."""
    return min((instant.at for instant in time_instants(case, rules, calendar, share_at)), default=None)


# --- event rules ---------------------------------------------------------------------------


def acceptance_late(*, received_at: datetime, notice_at: datetime, calendar: WorkCalendar, workdays: int = 5) -> bool:
    """A correction notice (补正告知) at or after 24:00 of the ``workdays``-th working day after receipt
    (行政许可法 第三十二条: five working days)."""
    return notice_at >= due(received_at, workdays, WORKDAY, calendar)


def refusal_without_reason(*, action: str, reason: str, decision: str = "") -> bool:
    """A refusal to accept, or a denial, that gives no reason or legal basis (未依法说明理由)."""
    if action == "refuse" or (action == "decide" and decision == "denied"):
        return not (reason or "").strip()
    return False


# --- the alert lifecycle (预警纠错) ----------------------------------------------------------------

RAISED, NOTIFIED, EXPLAINED, CORRECTED = "raised", "notified", "explained", "corrected"
CONFIRMED, REJECTED, REMOVAL_REQUESTED, REMOVED = "confirmed", "rejected", "removal_requested", "removed"
DEPARTMENT_SIDE, SUPERVISOR_SIDE = "department", "supervisor"
OPEN_ALERT_STATES = (RAISED, NOTIFIED, REJECTED)  # awaiting the department's explanation or correction
FINAL_ALERT_STATES = (CONFIRMED, REMOVED)

# action: (who acts, the statuses it may start from, the status it leads to; None: back to the
# status before the removal request, needs text)
ALERT_TRANSITIONS = {
    "explain": (DEPARTMENT_SIDE, OPEN_ALERT_STATES, EXPLAINED, True),
    "correct": (DEPARTMENT_SIDE, OPEN_ALERT_STATES, CORRECTED, True),
    "confirm": (SUPERVISOR_SIDE, (EXPLAINED, CORRECTED), CONFIRMED, False),
    "reject": (SUPERVISOR_SIDE, (EXPLAINED, CORRECTED), REJECTED, True),
    "request_removal": (DEPARTMENT_SIDE, OPEN_ALERT_STATES + (EXPLAINED, CORRECTED), REMOVAL_REQUESTED, True),
    "approve_removal": (SUPERVISOR_SIDE, (REMOVAL_REQUESTED,), REMOVED, False),
    "refuse_removal": (SUPERVISOR_SIDE, (REMOVAL_REQUESTED,), None, True),
}


def alert_transition(action: str, status: str) -> tuple[str, str | None, bool] | None:
    """(side, next status or None for "back", text required) of ``action`` from ``status``;
    None when the action does not apply there. KeyError for an unknown action."""
    side, sources, target, needs_text = ALERT_TRANSITIONS[action]
    if status not in sources:
        return None
    return side, target, needs_text


# --- complaints (投诉) -----------------------------------------------------------------------------

RECEIVED_COMPLAINT, ACCEPTED_COMPLAINT, REFUSED_COMPLAINT, REPLIED_COMPLAINT = "received", "accepted", "refused", "replied"
EFFICIENCY, REPORT = "efficiency", "report"
FINDINGS = ("confirmed", "partly", "unfounded")

# action: (the status it starts from, the status it leads to, what the action needs besides the actor)
COMPLAINT_TRANSITIONS = {
    "accept": (RECEIVED_COMPLAINT, ACCEPTED_COMPLAINT, ()),
    "refuse": (RECEIVED_COMPLAINT, REFUSED_COMPLAINT, ("text",)),
    "reply": (ACCEPTED_COMPLAINT, REPLIED_COMPLAINT, ("text", "finding")),
}


# --- fees off the catalog's standard (不按标准收费, C01) ------------------------------------------

# An amount of yuan stated in a fee standard: "10元/证", "9.50 元", "1,000元", "0.5万元".
YUAN = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(万)?\s*元")
UNLISTED_FEE, FEE_AMOUNT_OFF = "unlisted", "amount"


@dataclass(frozen=True)
class FeeProblem:
    """One fee charged against the catalog: not listed (擅自收费) or an amount off its standard."""

    index: int  # position in the fees charged
    name: str
    amount: Decimal
    kind: str  # UNLISTED_FEE or FEE_AMOUNT_OFF
    standard: str = ""
    expected: tuple[Decimal, ...] = ()  # the amounts the standard states


def fee_name_key(name) -> str:
    """A fee's name as compared with the catalog: NFKC, without any white space."""
    return "".join(unicodedata.normalize("NFKC", str(name or "")).split())


def standard_amounts(standard) -> tuple[Decimal, ...]:
    """The amounts of yuan a fee standard states, in order, without repeats; () when it states none
    ("按核定标准征收" constrains only the fee's name)."""
    found = []
    for whole, fraction, wan in YUAN.findall(unicodedata.normalize("NFKC", str(standard or ""))):
        amount = Decimal(whole.replace(",", "") + (f".{fraction}" if fraction else ""))
        if wan:
            amount *= 10_000
        amount = amount.quantize(Decimal("0.01"))
        if amount not in found:
            found.append(amount)
    return tuple(found)


def fee_problems(charged, listed) -> list[FeeProblem]:
    """Every fee in ``charged`` ([{name, amount}], amount a Decimal) that breaks the power's
    ``listed`` fees ([{name, standard, basis}]; empty: the power is free): a fee the power does not
    list, or an amount other than the one (or every one) its standard states in yuan."""
    standards = {}
    for fee in listed or ():
        standards.setdefault(fee_name_key(fee.get("name")), str(fee.get("standard") or ""))
    problems = []
    for index, fee in enumerate(charged or ()):
        name, amount = str(fee.get("name") or ""), Decimal(str(fee.get("amount")))
        key = fee_name_key(name)
        if key not in standards:
            problems.append(FeeProblem(index, name, amount, UNLISTED_FEE))
            continue
        expected = standard_amounts(standards[key])
        if expected and amount.quantize(Decimal("0.01")) not in expected:
            problems.append(FeeProblem(index, name, amount, FEE_AMOUNT_OFF, standards[key], expected))
    return problems


# --- conformance of a reported case to its flowchart (流程异常, P01) ------------------------------
# A token game on ``cases.domain.Graph``: tokens wait at task steps (enabled), at exclusive
# gateways (a choice still open: any one arm may be taken) and at parallel joins (counted until
# every incoming arm has arrived).

STEP_UNKNOWN, STEP_OUT_OF_ORDER, STEPS_SKIPPED = "unknown", "order", "skipped"


@dataclass(frozen=True)
class Violation:
    """The first place a reported sequence of done steps leaves the flowchart."""

    index: int  # position of the step in the report; len(steps) for a finish before the end
    step: str  # the step reported there ("" for the finish)
    allowed: tuple[str, ...]  # the steps the flowchart allowed there, in its order
    kind: str  # STEP_UNKNOWN, STEP_OUT_OF_ORDER or STEPS_SKIPPED (reported finished too early)


@dataclass
class _Marking:
    tasks: dict = field(default_factory=dict)  # task key -> tokens enabling it
    choices: dict = field(default_factory=dict)  # exclusive gateway key -> open choices
    arrivals: dict = field(default_factory=dict)  # join key -> arms arrived
    ended: int = 0

    def copy(self) -> "_Marking":
        return _Marking(dict(self.tasks), dict(self.choices), dict(self.arrivals), self.ended)


def _take(counts: dict, key: str) -> None:
    counts[key] -= 1
    if not counts[key]:
        del counts[key]


def _enter(graph, marking: _Marking, key: str) -> None:
    """A token arrives at ``key`` and moves on through every gateway it does not stop at."""
    kind = graph.nodes[key].kind
    if kind in TASK_KINDS:
        marking.tasks[key] = marking.tasks.get(key, 0) + 1
    elif kind == "end":
        marking.ended += 1
    elif kind == "exclusive":
        marking.choices[key] = marking.choices.get(key, 0) + 1
    elif kind == "join":
        marking.arrivals[key] = marking.arrivals.get(key, 0) + 1
        if marking.arrivals[key] >= len(graph.incoming.get(key, ())):
            del marking.arrivals[key]
            _leave(graph, marking, key)
    else:  # start, split: every arm
        _leave(graph, marking, key)


def _leave(graph, marking: _Marking, key: str) -> None:
    for target, _condition in graph.outgoing.get(key, ()):
        _enter(graph, marking, target)


def _options(graph, marking: _Marking):
    """Each marking reached by taking one arm of one open exclusive choice."""
    for key in list(marking.choices):
        for target, _condition in graph.outgoing.get(key, ()):
            option = marking.copy()
            _take(option.choices, key)
            _enter(graph, option, target)
            yield option


def _fire(graph, marking: _Marking, step: str, done: set, depth: int) -> _Marking | None:
    """The marking once ``step`` is done, or None when the flowchart does not allow it here: it is
    enabled, enabled by taking arms of open choices, or a return (退回) from an enabled step."""
    if step in marking.tasks:
        after = marking.copy()
        _take(after.tasks, step)
        _leave(graph, after, step)
        return after
    if depth > 0:
        for option in _options(graph, marking):
            after = _fire(graph, option, step, done, depth - 1)
            if after is not None:
                return after
    if step in done:
        for enabled in marking.tasks:
            if step in graph.return_targets(enabled, exclude=graph.acceptance):
                after = marking.copy()
                _take(after.tasks, enabled)
                _leave(graph, after, step)
                return after
    return None


def _allowed(graph, marking: _Marking, done: set, depth: int) -> set:
    found = set(marking.tasks)
    for enabled in marking.tasks:
        found |= {key for key in graph.return_targets(enabled, exclude=graph.acceptance) if key in done}
    if depth > 0:
        for option in _options(graph, marking):
            found |= _allowed(graph, option, done, depth - 1)
    return found


def _finishes(graph, marking: _Marking, depth: int) -> bool:
    """Whether the case may end here: nothing enabled or half-joined, every open choice closable
    by an arm that leads to the end, and the end reached."""
    if marking.tasks or marking.arrivals:
        return False
    if not marking.choices:
        return marking.ended > 0
    return depth > 0 and any(_finishes(graph, option, depth - 1) for option in _options(graph, marking))


def conformance(graph, steps, finished: bool = False) -> Violation | None:
    """Replay ``steps`` (the keys of the steps done, in order) on the flowchart ``graph``: parallel
    arms in any order, a join only once all its arms are done, one arm of an exclusive gateway, a
    return (退回) to an earlier step of an enabled one. The first violation, or None; a report
    ``finished`` while the flowchart has not reached its end is a violation (skipped steps)."""
    # Taking an arm closes one open choice; only exclusive gateways open new ones.
    depth = sum(node.kind == "exclusive" for node in graph.nodes.values())
    order = {key: position for position, key in enumerate(graph.nodes)}

    def allowed(marking, done):
        return tuple(sorted(_allowed(graph, marking, done, depth), key=order.__getitem__))

    marking, done = _Marking(), set()
    _enter(graph, marking, graph.start)
    for index, step in enumerate(steps):
        node = graph.nodes.get(step)
        if node is None or node.kind not in TASK_KINDS:
            return Violation(index, step, allowed(marking, done), STEP_UNKNOWN)
        after = _fire(graph, marking, step, done, depth)
        if after is None:
            return Violation(index, step, allowed(marking, done), STEP_OUT_OF_ORDER)
        marking = after
        done.add(step)
    if finished and not _finishes(graph, marking, depth):
        return Violation(len(steps), "", allowed(marking, done), STEPS_SKIPPED)
    return None
