"""Pure flowchart rules (流程图校验): shape, graph structure, parallel blocks and time limits.

Everything here works on the interchange payload ``{"steps": [...], "transitions": [...]}``
and on plain data; looking posts and departments up is the services' business.

A flowchart is a directed acyclic graph. A parallel split (并联审批) opens a block whose
branches must run apart and meet again at one parallel join of its own: the join is the
split's immediate post-dominator and the split is the join's immediate dominator, the
branches share no step, and each branch reaches the join by exactly one arrow. Under these
rules every token a split creates arrives at its join, no step runs twice, and no case
ends while a branch is still open.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from yangguang.catalog.domain import HOURS
from yangguang.catalog.models import LimitUnit

from .models import StepKind

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
DEPARTMENT_PATTERN = re.compile(r"^[0-9]{6}-[0-9]{3}$")
KEY_LENGTH, NAME_LENGTH, POST_LENGTH, CONDITION_LENGTH = 40, 60, 30, 60
MAX_STEPS = 200
FLOW_FIELDS = frozenset({"steps", "transitions"})
STEP_FIELDS = frozenset({"key", "name", "kind", "post", "department", "limit", "unit", "legal_review"})
TRANSITION_FIELDS = frozenset({"from", "to", "condition"})
TIMED_KINDS = frozenset({StepKind.TASK, StepKind.EXCLUDED_TIME})
ONE_WAY_KINDS = frozenset({StepKind.START, StepKind.TASK, StepKind.EXCLUDED_TIME, StepKind.PARALLEL_JOIN})
EXIT = ""  # the virtual sink after every end; no valid key is empty
KINDS = frozenset(StepKind.values)
UNITS = frozenset(LimitUnit.values)

# What only task and special-procedure steps may carry.
UNTIMED_FIELDS = (
    ("post", "post-not-allowed", _("Only task and special-procedure steps are bound to a post.")),
    ("department", "department-not-allowed", _("Only task and special-procedure steps belong to a department.")),
    ("limit", "limit-not-allowed", _("Only task and special-procedure steps have a time limit.")),
    ("unit", "limit-not-allowed", _("Only task and special-procedure steps have a time limit.")),
)

UNIT_TEXT = {
    LimitUnit.WORKDAY: ngettext_lazy("%(count)s working day", "%(count)s working days", "count"),
    LimitUnit.DAY: ngettext_lazy("%(count)s day", "%(count)s days", "count"),
    LimitUnit.HOUR: ngettext_lazy("%(count)s hour", "%(count)s hours", "count"),
}


@dataclass(frozen=True)
class StepData:
    """One step as the payload gives it, cleaned; ``index`` is its place in the list."""

    index: int
    key: str
    name: str
    kind: str
    post: str | None = None
    department: str | None = None
    limit: int | None = None
    unit: str = LimitUnit.WORKDAY
    legal_review: bool = False  # the legal review (法制审核) a penalty decision needs (行政处罚法 第五十八条)

    @property
    def timed(self) -> bool:
        return self.kind in TIMED_KINDS

    @property
    def counted_hours(self) -> int:
        """Hours this step adds to the case's clock; special procedures add none."""
        return self.limit * HOURS[self.unit] if self.kind == StepKind.TASK and self.limit else 0


@dataclass(frozen=True)
class ArrowData:
    index: int
    source: str
    target: str
    condition: str = ""


@dataclass(frozen=True)
class FlowData:
    """A cleaned flowchart: steps in their order, arrows in theirs."""

    steps: tuple[StepData, ...]
    arrows: tuple[ArrowData, ...]

    def as_payload(self) -> dict:
        steps = []
        for step in self.steps:
            out = {"key": step.key, "name": step.name, "kind": step.kind}
            if step.timed:
                if step.department:
                    out["department"] = step.department
                out.update(post=step.post, limit=step.limit, unit=step.unit)
            if step.legal_review:
                out["legal_review"] = True
            steps.append(out)
        arrows = [
            {"from": a.source, "to": a.target, **({"condition": a.condition} if a.condition else {})} for a in self.arrows
        ]
        return {"steps": steps, "transitions": arrows}


@dataclass(frozen=True)
class ChartStep:
    """A step as a chart shows it: names instead of codes."""

    key: str
    name: str
    kind: str
    post: str = ""
    post_code: str = ""
    department: str = ""
    department_code: str = ""
    other_department: bool = False
    limit: int | None = None
    unit: str = LimitUnit.WORKDAY


@dataclass(frozen=True)
class Chart:
    """What a drawing or an export of one flowchart needs."""

    code: str
    version: int
    title: str
    steps: tuple[ChartStep, ...]
    arrows: tuple[ArrowData, ...]


def limit_text(count: int, unit: str) -> str:
    """``5 working days`` (``5 工作日``)."""
    return UNIT_TEXT[unit] % {"count": count}


def duration_text(hours: int, unit: str) -> str:
    """Hours shown in ``unit`` when they divide evenly, else in hours."""
    per = HOURS[unit]
    return limit_text(hours // per, unit) if hours % per == 0 else limit_text(hours, LimitUnit.HOUR)


def _error(field: str, rule: str, detail) -> dict:
    return {"field": field, "rule": rule, "detail": detail}


class _Errors(list):
    """The error list; fields are paths into the payload, such as ``flow.steps[3].post``."""

    def step(self, index: int, field: str | None, rule: str, detail) -> None:
        suffix = f".{field}" if field else ""
        self.append(_error(f"flow.steps[{index}]{suffix}", rule, detail))

    def arrow(self, index: int, field: str | None, rule: str, detail) -> None:
        suffix = f".{field}" if field else ""
        self.append(_error(f"flow.transitions[{index}]{suffix}", rule, detail))

    def flow(self, field: str | None, rule: str, detail) -> None:
        self.append(_error(f"flow.{field}" if field else "flow", rule, detail))


def _text(value, max_length: int) -> str | None:
    """The stripped string, or None when ``value`` is not a string of that length."""
    if not isinstance(value, str) or len(value.strip()) > max_length:
        return None
    return value.strip()


def _clean_step(index: int, raw, errors: _Errors) -> tuple[StepData | None, str | None]:
    """The cleaned step (None when its kind is unknown) and its key (None when malformed)."""
    if not isinstance(raw, dict):
        errors.step(index, None, "step-shape", _("A step must be an object with key, name and kind."))
        return None, None
    for field in sorted(set(raw) - STEP_FIELDS):
        errors.step(index, field, "unknown-field", _("A step has no field “%(field)s”.") % {"field": field})
    key = raw.get("key")
    key_ok = isinstance(key, str) and len(key) <= KEY_LENGTH and bool(KEY_PATTERN.match(key))
    if not key_ok:
        errors.step(index, "key", "key-format", _(
            "The key must be 1 to 40 letters, digits, hyphens or underscores, starting with a letter or digit."
        ))
    name = _text(raw.get("name"), NAME_LENGTH)
    if not name:
        errors.step(index, "name", "name-required", _("Give the step a name of at most 60 characters."))
    kind = raw.get("kind")
    if kind not in KINDS:
        errors.step(index, "kind", "kind-valid", _("The kind must be one of: %(kinds)s.") % {"kinds": ", ".join(StepKind.values)})
        return None, key if key_ok else None
    if kind in TIMED_KINDS:
        post, department, limit, unit = _clean_timing(index, raw, errors)
    else:
        post = department = limit = None
        unit = LimitUnit.WORKDAY
        for field, rule, detail in UNTIMED_FIELDS:
            if raw.get(field) not in (None, ""):
                errors.step(index, field, rule, detail)
    legal_review = raw.get("legal_review", False)
    if not isinstance(legal_review, bool):
        errors.step(index, "legal_review", "boolean", _("“legal_review” is true or false."))
        legal_review = False
    elif legal_review and kind != StepKind.TASK:
        errors.step(index, "legal_review", "legal-review-task", _("Only a task step can be the legal review."))
    step = StepData(index, key if key_ok else "", name or "", kind, post, department, limit, unit, legal_review)
    return step, key if key_ok else None


def _clean_timing(index: int, raw: dict, errors: _Errors):
    post = _text(raw.get("post"), POST_LENGTH)
    if not post:
        errors.step(index, "post", "post-required", _("A task or special-procedure step needs the code of the post that handles it."))
    department = raw.get("department")
    if department is not None and not (isinstance(department, str) and DEPARTMENT_PATTERN.match(department)):
        errors.step(index, "department", "department-format", _("A department is given by its full code, e.g. 320100-015."))
        department = None
    limit = raw.get("limit")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        errors.step(index, "limit", "limit-positive", _("A task or special-procedure step needs a time limit of at least 1."))
        limit = None
    unit = raw.get("unit")
    if unit is None:
        unit = LimitUnit.WORKDAY
    elif unit not in UNITS:
        errors.step(index, "unit", "unit-valid", _("The unit must be one of: %(units)s.") % {"units": ", ".join(LimitUnit.values)})
        unit = LimitUnit.WORKDAY
    return post, department, limit, unit


def _clean_arrow(index: int, raw, keys: set, errors: _Errors) -> ArrowData | None:
    if not isinstance(raw, dict):
        errors.arrow(index, None, "transition-shape", _("A transition must be an object with “from” and “to”."))
        return None
    for field in sorted(set(raw) - TRANSITION_FIELDS):
        errors.arrow(index, field, "unknown-field", _("A transition has no field “%(field)s”.") % {"field": field})
    usable = True
    for field in ("from", "to"):
        value = raw.get(field)
        if not isinstance(value, str) or value not in keys:
            errors.arrow(index, field, "unknown-step", _("“%(value)s” is not the key of a step of this flowchart.") % {"value": value})
            usable = False
    condition = _text(raw.get("condition") or "", CONDITION_LENGTH)
    if condition is None:
        errors.arrow(index, "condition", "condition-format", _("A condition is a text of at most 60 characters."))
    return ArrowData(index, raw["from"], raw["to"], condition or "") if usable else None


def flow_clean(payload, *, committed_limit: int | None = None, committed_unit: str = LimitUnit.WORKDAY,
               penalty: bool = False) -> tuple[FlowData | None, list[dict]]:
    """The cleaned flowchart (None when it has no usable shape) and every error in it.

    Errors are {field, rule, detail}. Without ``committed_limit`` the steps' limits are not
    compared with the power's. A ``penalty``'s flowchart needs a legal review step (法制审核):
    its cases cannot be decided without one.
    """
    errors = _Errors()
    flow, graph_ok = _clean(payload, errors)
    if graph_ok:
        _check_graph(flow, errors, committed_limit, committed_unit)
    if penalty and flow is not None and not any(step.legal_review for step in flow.steps):
        errors.flow("steps", "legal-review-required", _(
            "A penalty's flowchart needs a legal review step (法制审核) before the decision: mark it with “legal_review”."))
    return flow, list(errors)


def flow_shape(payload) -> tuple[FlowData | None, list[dict]]:
    """Like ``flow_clean`` but only the shape of each step and arrow: for payloads validated before."""
    errors = _Errors()
    flow, _graph_ok = _clean(payload, errors)
    return flow, list(errors)


def flow_errors(payload, *, committed_limit: int | None = None, committed_unit: str = LimitUnit.WORKDAY,
                penalty: bool = False) -> list[dict]:
    """Every error in a flowchart payload; empty when it is valid."""
    return flow_clean(payload, committed_limit=committed_limit, committed_unit=committed_unit, penalty=penalty)[1]


def _clean(payload, errors: _Errors) -> tuple[FlowData | None, bool]:
    """Shape checks of the payload, its steps and arrows; also whether the graph can be built from them."""
    if not isinstance(payload, dict):
        errors.flow(None, "flow-shape", _("A flowchart is an object with “steps” and “transitions”."))
        return None, False
    for field in sorted(set(payload) - FLOW_FIELDS):
        errors.flow(field, "unknown-field", _("A flowchart has no field “%(field)s”.") % {"field": field})
    raw_steps, raw_arrows = payload.get("steps"), payload.get("transitions", [])
    if not isinstance(raw_steps, list) or not raw_steps:
        errors.flow("steps", "flow-shape", _("“steps” must be a non-empty list."))
        return None, False
    if not isinstance(raw_arrows, list):
        errors.flow("transitions", "flow-shape", _("“transitions” must be a list."))
        return None, False
    if len(raw_steps) > MAX_STEPS:
        errors.flow("steps", "too-many-steps", _("A flowchart has at most %(max)s steps.") % {"max": MAX_STEPS})
        return None, False

    steps, graph_ok, seen = [], True, {}
    for index, raw in enumerate(raw_steps):
        step, key = _clean_step(index, raw, errors)
        graph_ok = graph_ok and step is not None and key is not None
        if key is not None and key in seen:
            errors.step(index, "key", "key-unique", _("Key “%(key)s” is already used by step %(other)s.") % {
                "key": key, "other": seen[key] + 1})
            graph_ok = False
        elif key is not None:
            seen[key] = index
        if step is not None:
            steps.append(step)
    keys = set(seen)
    arrows, pairs = [], {}
    for index, raw in enumerate(raw_arrows):
        arrow = _clean_arrow(index, raw, keys, errors)
        if arrow is None:
            graph_ok = False
            continue
        if (arrow.source, arrow.target) in pairs:
            errors.arrow(index, None, "transition-unique", _("The arrow from “%(source)s” to “%(target)s” is drawn twice.") % {
                "source": arrow.source, "target": arrow.target})
            continue
        pairs[(arrow.source, arrow.target)] = index
        arrows.append(arrow)
    return FlowData(tuple(steps), tuple(arrows)), graph_ok


class Graph:
    """Adjacency of a cleaned flowchart, by step key."""

    def __init__(self, flow: FlowData):
        self.steps = {s.key: s for s in flow.steps}
        self.succ = {s.key: [] for s in flow.steps}
        self.pred = {s.key: [] for s in flow.steps}
        self.out_arrows = {s.key: [] for s in flow.steps}
        for arrow in flow.arrows:
            self.succ[arrow.source].append(arrow.target)
            self.pred[arrow.target].append(arrow.source)
            self.out_arrows[arrow.source].append(arrow)

    def of_kind(self, *kinds) -> list[StepData]:
        return [s for s in self.steps.values() if s.kind in kinds]

    def reach(self, roots, edges) -> set:
        seen, stack = set(roots), list(roots)
        while stack:
            for nxt in edges[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    def topological_order(self) -> tuple[list[str], set]:
        """Steps in an order where every arrow points forward, and the steps left on cycles."""
        indegree = {k: len(p) for k, p in self.pred.items()}
        ready = [k for k in self.steps if indegree[k] == 0]
        order = []
        while ready:
            key = ready.pop(0)
            order.append(key)
            for nxt in self.succ[key]:
                indegree[nxt] -= 1
                if indegree[nxt] == 0:
                    ready.append(nxt)
        return order, set(self.steps) - set(order)


def _check_graph(flow: FlowData, errors: _Errors, committed_limit, committed_unit) -> None:
    graph = Graph(flow)
    starts = graph.of_kind(StepKind.START)
    ends = graph.of_kind(StepKind.END)
    if not starts:
        errors.flow("steps", "one-start", _("A flowchart has exactly one start step; there is none."))
    for extra in starts[1:]:
        errors.step(extra.index, "kind", "one-start", _("A flowchart has exactly one start step; “%(name)s” is another.") % {"name": extra.name})
    if not ends:
        errors.flow("steps", "end-required", _("A flowchart needs at least one end step."))
    arrows_ok = _check_arrows(flow, graph, errors)
    order, cyclic = graph.topological_order()
    if cyclic:
        _report_cycles(flow, graph, cyclic, errors)
        return
    if len(starts) != 1 or not ends or not _check_connected(flow, graph, starts[0], ends, errors):
        return
    if arrows_ok:
        _check_parallel_blocks(graph, order, errors)
    if committed_limit is not None:
        _check_limits(flow, graph, order, errors, committed_limit, committed_unit)


def _check_connected(flow: FlowData, graph: Graph, start: StepData, ends: list[StepData], errors: _Errors) -> bool:
    """Every step lies on a way from the start to an end."""
    before = len(errors)
    reached = graph.reach([start.key], graph.succ)
    finishing = graph.reach([e.key for e in ends], graph.pred)
    for step in flow.steps:
        if step.key not in reached:
            errors.step(step.index, None, "unreachable-step", _("Step “%(name)s” cannot be reached from the start.") % {"name": step.name})
        elif step.key not in finishing:
            errors.step(step.index, None, "cannot-reach-end", _("From step “%(name)s” no path leads to an end.") % {"name": step.name})
    return len(errors) == before


def _check_arrows(flow: FlowData, graph: Graph, errors: _Errors) -> bool:
    """Arrow counts and conditions by kind of step; True when none is wrong."""
    before = len(errors)
    for arrow in flow.arrows:
        source, target = graph.steps[arrow.source], graph.steps[arrow.target]
        if target.kind == StepKind.START:
            errors.arrow(arrow.index, "to", "start-incoming", _("No arrow may lead into the start step."))
        if source.kind == StepKind.END:
            errors.arrow(arrow.index, "from", "end-outgoing", _("No arrow may leave an end step."))
        if arrow.condition and source.kind != StepKind.EXCLUSIVE:
            errors.arrow(arrow.index, "condition", "condition-not-allowed", _("Only the arms of an exclusive branch carry a condition."))
    for step in flow.steps:
        outgoing = graph.out_arrows[step.key]
        if step.kind in ONE_WAY_KINDS and len(outgoing) > 1:
            errors.step(step.index, None, "one-outgoing", _(
                "Step “%(name)s” has %(count)s outgoing arrows; use an exclusive branch or a parallel split to fork."
            ) % {"name": step.name, "count": len(outgoing)})
        if step.kind == StepKind.EXCLUSIVE:
            _check_exclusive(step, outgoing, errors)
        elif step.kind == StepKind.PARALLEL_SPLIT and len(outgoing) < 2:
            errors.step(step.index, None, "split-arms", _("Parallel split “%(name)s” needs at least two outgoing arrows.") % {"name": step.name})
        elif step.kind == StepKind.PARALLEL_JOIN and len(graph.pred[step.key]) < 2:
            errors.step(step.index, None, "join-arms", _("Parallel join “%(name)s” needs at least two incoming arrows.") % {"name": step.name})
    return len(errors) == before


def _check_exclusive(step: StepData, outgoing: list[ArrowData], errors: _Errors) -> None:
    if len(outgoing) < 2:
        errors.step(step.index, None, "exclusive-arms", _("Exclusive branch “%(name)s” needs at least two outgoing arrows.") % {"name": step.name})
    seen = set()
    for arrow in outgoing:
        if not arrow.condition:
            errors.arrow(arrow.index, "condition", "condition-required", _(
                "Each arm of exclusive branch “%(name)s” needs a condition."
            ) % {"name": step.name})
        elif arrow.condition in seen:
            errors.arrow(arrow.index, "condition", "condition-unique", _(
                "Condition “%(condition)s” appears twice on the arms of “%(name)s”."
            ) % {"condition": arrow.condition, "name": step.name})
        seen.add(arrow.condition)


def _report_cycles(flow: FlowData, graph: Graph, cyclic: set, errors: _Errors) -> None:
    """One error per cycle (strongly connected group of steps), on its first arrow."""
    remaining = set(cyclic)
    for step in flow.steps:
        if step.key not in remaining:
            continue
        ahead = graph.reach([step.key], {k: [n for n in graph.succ[k] if n in cyclic] for k in cyclic})
        behind = graph.reach([step.key], {k: [p for p in graph.pred[k] if p in cyclic] for k in cyclic})
        group = ahead & behind
        remaining -= group
        if len(group) == 1 and step.key not in graph.succ[step.key]:
            continue  # lies between cycles without being on one
        arrow = next(a for a in flow.arrows if a.source in group and a.target in group)
        names = "、".join(s.name for s in flow.steps if s.key in group)
        errors.arrow(arrow.index, None, "cycle", _(
            "Steps %(names)s form a cycle; a flowchart runs one way (returns are handled by the case, not drawn)."
        ) % {"names": names})


def immediate_dominators(order: list[str], pred: dict) -> dict:
    """``idom`` of every node of a DAG given in topological order from its single root."""
    idom, depth = {order[0]: None}, {order[0]: 0}
    for node in order[1:]:
        parents = pred[node]
        common = parents[0]
        for other in parents[1:]:
            a, b = common, other
            while a != b:
                while depth[a] > depth[b]:
                    a = idom[a]
                while depth[b] > depth[a]:
                    b = idom[b]
                if a != b:
                    a, b = idom[a], idom[b]
            common = a
        idom[node], depth[node] = common, depth[common] + 1
    return idom


def _check_parallel_blocks(graph: Graph, order: list[str], errors: _Errors) -> None:
    """Splits and joins pair up into blocks (see the module docstring)."""
    idom = immediate_dominators(order, graph.pred)
    # Post-dominators are the dominators of the reversed graph, rooted at a virtual exit.
    successors = {k: graph.succ[k] or [EXIT] for k in graph.steps}
    ipdom = immediate_dominators([EXIT, *reversed(order)], successors)
    kind = {k: s.kind for k, s in graph.steps.items()}
    for split in graph.of_kind(StepKind.PARALLEL_SPLIT):
        join = ipdom[split.key]
        if join == EXIT or kind[join] != StepKind.PARALLEL_JOIN or idom[join] != split.key:
            errors.step(split.index, None, "split-without-join", _(
                "The branches of parallel split “%(name)s” must all meet again at one parallel join of its own."
            ) % {"name": split.name})
        else:
            _check_branches(graph, split, graph.steps[join], errors)
    for join in graph.of_kind(StepKind.PARALLEL_JOIN):
        opener = idom[join.key]
        if kind[opener] != StepKind.PARALLEL_SPLIT or ipdom[opener] != join.key:
            errors.step(join.index, None, "join-without-split", _(
                "Parallel join “%(name)s” must close the branches of exactly one parallel split."
            ) % {"name": join.name})


def _check_branches(graph: Graph, split: StepData, join: StepData, errors: _Errors) -> None:
    """The branches of a matched block share no step and enter the join by one arrow each."""
    until_join = {k: ([] if k == join.key else v) for k, v in graph.succ.items()}
    regions = {}
    for arm in graph.out_arrows[split.key]:
        region = set() if arm.target == join.key else graph.reach([arm.target], until_join) - {join.key}
        regions[arm.target] = region
        entries = len([p for p in graph.pred[join.key] if p in region]) if region else 1
        if entries > 1:
            errors.arrow(arm.index, None, "branch-enters-join-once", _(
                "The branch of “%(split)s” starting here reaches join “%(join)s” by %(count)s arrows; "
                "merge its alternatives before the join."
            ) % {"split": split.name, "join": join.name, "count": entries})
    shared = {k for k in graph.steps if sum(k in region for region in regions.values()) > 1}
    for key in sorted(shared, key=lambda k: graph.steps[k].index):
        if any(p not in shared for p in graph.pred[key]):  # where the branches run together
            step = graph.steps[key]
            errors.step(step.index, None, "branches-merge", _(
                "Step “%(name)s” is reached from two branches of parallel split “%(split)s” before their join."
            ) % {"name": step.name, "split": split.name})


def longest_path(flow: FlowData, order: list[str] | None = None) -> tuple[int, list[str]]:
    """The hours of the slowest way through the chart and its steps.

    Parallel branches run at once and exclusive arms are alternatives, so both take the
    slowest one; special-procedure steps (特别程序) stop the clock and add nothing.
    """
    graph = Graph(flow)
    order = order or graph.topological_order()[0]
    best, via = {}, {}
    for key in order:
        came = max(graph.pred[key], key=lambda p: best[p], default=None)
        best[key] = graph.steps[key].counted_hours + (best[came] if came is not None else 0)
        via[key] = came
    last = max((k for k in order if graph.steps[k].kind == StepKind.END), key=lambda k: best[k])
    path = []
    while last is not None:
        path.append(last)
        last = via[last]
    return best[path[0]], path[::-1]


def _check_limits(flow: FlowData, graph: Graph, order, errors: _Errors, committed_limit: int, committed_unit: str) -> None:
    if any(s.timed and s.limit is None for s in flow.steps):
        return
    hours, path = longest_path(flow, order)
    committed = committed_limit * HOURS[committed_unit]
    if hours > committed:
        names = " → ".join(graph.steps[k].name for k in path if graph.steps[k].kind == StepKind.TASK)
        errors.flow("steps", "limits-exceed-committed", _(
            "The slowest path (%(path)s) takes %(total)s, more than the committed limit of %(committed)s."
        ) % {"path": names, "total": duration_text(hours, committed_unit), "committed": limit_text(committed_limit, committed_unit)})
