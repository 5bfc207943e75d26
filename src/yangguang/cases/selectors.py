"""Readers of cases; every list goes through ``Case.objects.visible_to(user)``.

The green/yellow/red light of a case or step is computed here from its due and the clock,
never stored, so a page can never show a stale light.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from yangguang.org.models import Role
from yangguang.org.rules import department_filter, holds_for_department, scope_of
from yangguang.worktime.domain import format_due
from yangguang.worktime.selectors import calendar_held

from . import domain
from .errors import CaseNotFound
from .models import Case, Event, Extension, Suspension, Token, TokenState
from .services import flow_graph, query_code_matches


def yellow_share() -> float:
    """Share of a period used at which the light turns yellow (DOMAIN.md §4.3, a setting)."""
    return float(getattr(settings, "YANGGUANG_YELLOW_SHARE", 0.9))


def case_get_for(user, number: str) -> Case:
    case = (Case.objects.visible_to(user).select_related("power", "version", "department__region", "applicant_user")
            .filter(number=number).first())
    if case is None:
        raise CaseNotFound(_("No case %(number)s that you may see.") % {"number": number}, field="number")
    return case


def case_by_number(number: str) -> Case | None:
    """A case by its number, for linking (a complaint names the case it is about); no content."""
    return Case.objects.select_related("department__region").filter(number=(number or "").strip()).first()


def case_public_get(number: str, code: str) -> Case:
    """The case with ``number`` when ``code`` is its query code; the same error either way."""
    case = Case.objects.select_related("power", "version", "department").filter(number=(number or "").strip()).first()
    if case is None or not query_code_matches(case, code):
        raise CaseNotFound(_("No case matches this number and query code."), field="number")
    return case


def case_suspensions(case: Case) -> list[tuple[datetime, datetime | None]]:
    return [(s.began_at, s.ended_at) for s in case.suspensions.all()]


def case_light(case: Case, now: datetime | None = None, suspensions=None) -> str:
    """The case's light against its committed limit; red past the committed or statutory due."""
    now = now or timezone.now()
    if not case.is_open or case.clock_start is None:
        return domain.GREEN
    suspensions = case_suspensions(case) if suspensions is None else suspensions
    if case.statutory_due and now >= case.statutory_due:
        return domain.RED
    return domain.light(start=case.clock_start, amount=case.committed_limit, unit=case.committed_unit,
                        deadline=case.committed_due, now=now, calendar=calendar_held(), suspensions=suspensions,
                        yellow_share=yellow_share())


def token_light(token: Token, node: domain.Node, now: datetime | None = None, suspensions=()) -> str:
    if token.state != TokenState.ACTIVE or node.kind == "excluded" or not node.limit:
        return domain.GREEN
    if token.due_at is None:  # the clock is stopped: awaiting the applicant's correction, or a special procedure
        return domain.GREEN
    return domain.light(start=token.arrived_at, amount=node.limit, unit=node.unit, deadline=token.due_at,
                        now=now or timezone.now(), calendar=calendar_held(), suspensions=suspensions,
                        yellow_share=yellow_share())


@dataclass
class QueueItem:
    """One active step waiting for the officer (待办)."""

    token: Token
    case: Case
    step_name: str
    light: str


def queue_for(user, now: datetime | None = None) -> list[QueueItem]:
    """The active steps at the user's posts, not transferred to someone else, soonest due first."""
    scope = scope_of(user)
    if not scope.post_ids:
        return []
    tokens = (Token.objects.filter(state=TokenState.ACTIVE, step__post_id__in=scope.post_ids)
              .filter(Q(assignee__isnull=True) | Q(assignee=user))
              .select_related("case__power", "case__department", "step")
              .prefetch_related(Prefetch("case__suspensions", queryset=Suspension.objects.order_by("began_at")))
              .order_by("due_at", "arrived_at"))
    now = now or timezone.now()
    items = []
    for token in tokens:
        graph = flow_graph(token.case.flow_id)
        node = graph.nodes[token.step.key]
        light = token_light(token, node, now, case_suspensions(token.case))
        items.append(QueueItem(token, token.case, node.name, light))
    return items


def department_open_cases(user, department, now: datetime | None = None):
    """The open cases of a department, for its head (部门负责人) and supervisors."""
    if not (holds_for_department(user, Role.DEPARTMENT_HEAD, department)
            or holds_for_department(user, Role.SUPERVISOR, department)):
        return []
    cases = list(Case.objects.filter(department=department, state__in=domain.OPEN_STATES)
                 .filter(department_filter(user, Role.DEPARTMENT_HEAD) | department_filter(user, Role.SUPERVISOR))
                 .select_related("power").prefetch_related("suspensions").order_by("committed_due", "received_at"))
    now = now or timezone.now()
    for case in cases:
        case.light = case_light(case, now)
    return cases


def case_events(case: Case):
    return Event.objects.filter(case=case).select_related("actor", "post").order_by("seq")


def case_tokens(case: Case):
    return Token.objects.filter(case=case).select_related("step", "assignee", "done_by").order_by("arrived_at", "id")


def pending_extension(case: Case) -> Extension | None:
    return Extension.objects.filter(case=case, state=Extension.State.REQUESTED).first()


@dataclass
class LogCheck:
    """The outcome of checking every case's event chain (``yangguang verify-log``)."""

    cases: int = 0
    events: int = 0
    broken_case: str = ""
    broken_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


EVENT_FIELDS = ("case_id", "seq", "step_key", "action", "actor_id", "post_id", "at", "opinion", "data", "prev_hash", "hash")


def log_verify(progress=None, batch: int = 2000) -> LogCheck:
    """Recompute every event's hash in order and check each links to the one before and the
    case's head; stop at the first event that does not match."""
    check = LogCheck()
    heads = Case.objects.order_by("pk").values_list("pk", "number", "last_seq", "last_hash")
    total = Case.objects.count()
    last_pk = 0
    while True:
        chunk = list(heads.filter(pk__gt=last_pk)[:batch])
        if not chunk:
            return check
        numbers = {pk: (number, seq, head) for pk, number, seq, head in chunk}
        events = Event.objects.filter(case_id__in=numbers).order_by("case_id", "seq").values_list(*EVENT_FIELDS)
        expected = {pk: (1, domain.GENESIS) for pk in numbers}
        for row in events.iterator(chunk_size=5000):
            fields = dict(zip(EVENT_FIELDS, row))
            case_id = fields["case_id"]
            seq, prev = expected[case_id]
            check.events += 1
            problem = ""
            if fields["seq"] != seq:
                problem = _("event %(seq)s is missing") % {"seq": seq}
            elif fields["prev_hash"] != prev:
                problem = _("it does not link to the event before it")
            elif domain.event_hash(fields) != fields["hash"]:
                problem = _("its content does not match its hash")
            if problem:
                check.broken_case, check.broken_seq, check.problem = numbers[case_id][0], fields["seq"], problem
                return check
            expected[case_id] = (seq + 1, fields["hash"])
        for pk, (number, last_seq, last_hash) in numbers.items():
            seq, prev = expected[pk]
            if seq - 1 != last_seq or prev != last_hash:
                check.broken_case, check.broken_seq = number, seq - 1 if seq - 1 != last_seq else last_seq
                check.problem = _("the case's last event is not the end of its chain")
                return check
        check.cases += len(chunk)
        last_pk = chunk[-1][0]
        if progress:
            progress(check.cases, total)


# --- readers for the officer's workbench (HTML pages) ---------------------------------------


def department_pending_extensions(user, department) -> list[Extension]:
    """Extensions of a department's open cases waiting for its head (延期审批), oldest first."""
    if not holds_for_department(user, Role.DEPARTMENT_HEAD, department):
        return []
    return list(Extension.objects.filter(case__department=department, case__state__in=domain.OPEN_STATES,
                                         state=Extension.State.REQUESTED)
                .select_related("case__power", "case__version", "requested_by").order_by("requested_at", "id"))


def head_departments(user):
    """The departments the user heads (部门负责人)."""
    from yangguang.org.models import Department

    ids = scope_of(user).departments.get(Role.DEPARTMENT_HEAD, ())
    return Department.objects.filter(pk__in=list(ids)).select_related("region").order_by("region__code", "code")


def counter_powers_for(user) -> list:
    """Published powers whose acceptance step (受理) is at one of the user's posts: those a
    window officer may register counter applications for."""
    from yangguang.catalog.models import Disclosure, Power

    scope = scope_of(user)
    if not scope.post_ids:
        return []
    powers = (Power.objects.published().exclude(published_version__disclosure=Disclosure.FILED_ONLY)
              .filter(published_version__flow__steps__post_id__in=scope.post_ids).distinct()
              .select_related("published_version__flow", "department").order_by("code"))
    found = []
    for power in powers:
        graph = flow_graph(power.published_version.flow.pk)
        if graph.nodes[graph.acceptance].post_id in scope.post_ids:
            found.append(power)
    return found


def counter_power_get_for(user, code: str):
    """One power of ``counter_powers_for``; the same error whether it is missing or not the user's."""
    from .errors import PowerNotOpen

    for power in counter_powers_for(user):
        if power.code == code:
            return power
    raise PowerNotOpen(_("Power %(code)s is not one you accept applications for.") % {"code": code}, field="power")


def material_get_for(user, number: str, pk: int):
    """A material of a case the user may see; a case they may not see is not found either way."""
    from .models import Material

    case = case_get_for(user, number)
    material = Material.objects.filter(case=case, pk=pk).first()
    if material is None:
        raise CaseNotFound(_("No such material in case %(number)s.") % {"number": number}, field="material")
    return material


def _reaches_end(graph: domain.Graph, key: str) -> bool:
    """Whether the flowchart can end right after ``key`` (through gateways only): where a decision is due."""
    seen, pending = set(), [target for target, _condition in graph.outgoing.get(key, ())]
    while pending:
        target = pending.pop()
        if target in seen:
            continue
        seen.add(target)
        kind = graph.nodes[target].kind
        if kind == "end":
            return True
        if kind not in domain.TASK_KINDS:
            pending.extend(next_key for next_key, _condition in graph.outgoing.get(target, ()))
    return False


@dataclass
class StepOptions:
    """One active step of a case with what the user may do there (an empty ``actions``: nothing)."""

    token: Token
    node: domain.Node
    light: str
    actions: list
    branches: list  # (value, label) of the exclusive gateway after the step
    return_targets: list  # (step key, name) of earlier steps the case went through
    transfer_to: list  # (username, display name) of other officers at the step's post
    post_name: str = ""


@dataclass
class CaseOptions:
    """The active steps of a case and the actions open to one user, as the services will judge them."""

    graph: domain.Graph
    steps: list
    case_actions: list  # actions not tied to a step: deliver, withdraw, the head's extension decision
    extension: Extension | None
    suspension: Suspension | None  # the open special procedure, if any
    extension_room: int = 0  # working days of extension still allowed


def _display_name(user) -> str:
    from yangguang.core.context import person_name

    return person_name(user)


def case_options_for(user, case: Case, now: datetime | None = None) -> CaseOptions:
    """What ``user`` may do on ``case`` now, step by step. The services stay the authority: this
    only decides which forms a page shows."""
    from django.contrib.auth import get_user_model

    now = now or timezone.now()
    scope = scope_of(user)
    graph = flow_graph(case.flow_id)
    suspensions = case_suspensions(case)
    tokens = list(Token.objects.filter(case=case, state=TokenState.ACTIVE).select_related("step__post", "assignee")
                  .order_by("arrived_at", "id"))
    done_steps = set(Token.objects.filter(case=case, state=TokenState.DONE).values_list("step_id", flat=True))
    extension = pending_extension(case)
    suspension = case.suspensions.filter(ended_at__isnull=True).first()
    room = max(case.version.extension_limit - case.extension_days, 0)
    steps = []
    for token in tokens:
        node = graph.nodes[token.step.key]
        options = StepOptions(token, node, token_light(token, node, now, suspensions), [], [], [], [],
                              post_name=token.step.post.name if token.step.post_id else "")
        steps.append(options)
        holds = node.post_id in scope.post_ids and token.assignee_id in (None, user.pk)
        if not holds:
            continue
        officers = (get_user_model().objects.filter(is_active=True, officer__posts=node.post_id).exclude(pk=user.pk)
                    .order_by("username"))
        options.transfer_to = [(officer.username, _display_name(officer)) for officer in officers]
        acceptance = node.key == graph.acceptance
        actions = options.actions
        if case.state == domain.SUBMITTED and acceptance:
            actions += ["accept"]
            if case.correction_requested_at is None:
                actions += ["request_correction"]
            actions += ["refuse"]
        elif case.state == domain.CORRECTING and acceptance:
            actions += ["supplement", "refuse"]
        elif case.state == domain.IN_PROGRESS and not acceptance:
            options.branches = [(condition or target, condition or graph.nodes[target].name)
                                for target, condition in graph.branches_after(node.key)]
            # A decision is due before the branch on it, or before the last step ends the flowchart;
            # a penalty's not before its legal review has passed (as ``services._decide`` rules).
            if (not case.decision and (options.branches or _reaches_end(graph, node.key))
                    and not domain.legal_review_missing(case.power.category, case.legal_reviewed_at)):
                actions.append("decide")
            actions.append("complete")
            options.return_targets = [(key, graph.nodes[key].name)
                                      for key in graph.return_targets(node.key, exclude=graph.acceptance)
                                      if graph.nodes[key].step_id in done_steps]
            if options.return_targets:
                actions.append("return")
            if suspension is None:
                actions.append("suspend")
            elif suspension.token_id is None:
                actions.append("resume")
            if extension is None and room and case.clock_start is not None:
                actions.append("request_extension")
        if options.transfer_to and case.state in domain.ACTIONS["transfer"].states:
            actions.append("transfer")
    case_actions = []
    if extension is not None and case.state == domain.IN_PROGRESS and holds_for_department(
            user, Role.DEPARTMENT_HEAD, case.department):
        case_actions.append("decide_extension")
    holds_any = any(s.node.post_id in scope.post_ids for s in steps)
    if (case.decision and not case.delivered_at and case.state in domain.ACTIONS["deliver"].states
            and (scope.officer_department_id == case.department_id or holds_any)):
        case_actions.append("deliver")
    if case.is_open and not case.decision:
        acceptance_post = graph.nodes[graph.acceptance].post_id
        if acceptance_post in scope.post_ids:
            case_actions.append("withdraw")
    return CaseOptions(graph, steps, case_actions, extension, suspension, room)


# --- the public progress of a case (办件查询) ------------------------------------------------------


def case_status(case: Case) -> tuple[str, str]:
    """The public status (办件状态): the state, with 特别程序中 while a special procedure runs."""
    if case.state == domain.IN_PROGRESS and case.suspended_since is not None:
        return "suspended", pgettext("case status", "In a special procedure")
    return case.state, {
        domain.SUBMITTED: pgettext("case status", "Awaiting acceptance"),
        domain.CORRECTING: pgettext("case status", "Being corrected"),
        domain.IN_PROGRESS: pgettext("case status", "Accepted, in progress"),
        domain.COMPLETED: pgettext("case status", "Completed"),
        domain.REFUSED: pgettext("case status", "Not accepted"),
        domain.WITHDRAWN: pgettext("case status", "Withdrawn"),
    }[case.state]


def case_public_view(case: Case, now: datetime | None = None) -> dict:
    """The public progress of a case (办件查询): only what DOMAIN.md §8.4 publishes — no applicant,
    no officer, no opinion. The API and the hall's query page both show this."""
    now = now or timezone.now()
    # One read of the suspensions (none for a case never in a special procedure) for the lights and the list.
    suspension_rows = list(case.suspensions.order_by("began_at", "id")) if case.has_suspensions else []
    suspensions = [(s.began_at, s.ended_at) for s in suspension_rows]
    graph = flow_graph(case.flow_id)
    status, status_name = case_status(case)
    current, done = [], []
    tokens = (case_tokens(case).filter(state__in=(TokenState.ACTIVE, TokenState.DONE))
              .select_related("step__post__department"))
    for token in tokens:
        node = graph.nodes[token.step.key]
        post = token.step.post
        if node.kind not in domain.TASK_KINDS or post is None:
            continue  # gateways and joins are no one's work
        step = {"name": node.name, "post": post.name, "department": post.department.name, "arrived_at": token.arrived_at}
        if token.state == TokenState.ACTIVE:
            current.append(dict(step, due_at=token.due_at, light=token_light(token, node, now, suspensions)))
        else:
            done.append(dict(step, done_at=token.done_at))
    done.sort(key=lambda step: step["done_at"])
    decision = None
    if case.decision:
        decision = {"decision": case.decision, "decision_name": str(case.get_decision_display()),
                    "document_no": case.document_no, "decided_at": case.decided_at}
    return {
        "number": case.number,
        "power": {"code": case.power.code, "name": case.version.name, "category": case.power.category},
        "department": case.department.name,
        "status": status, "status_name": status_name, "received_at": case.received_at, "accepted_at": case.accepted_at,
        "committed_limit": case.committed_limit, "committed_unit": case.committed_unit,
        "statutory_limit": case.statutory_limit, "statutory_unit": case.statutory_unit,
        "committed_due": case.committed_due,
        "committed_due_display": format_due(case.committed_due) if case.committed_due else "",
        "statutory_due": case.statutory_due,
        "statutory_due_display": format_due(case.statutory_due) if case.statutory_due else "",
        "light": case_light(case, now, suspensions),
        "current_steps": current, "done_steps": done,
        "suspensions": [
            {"kind": s.kind, "kind_name": str(s.get_kind_display()), "reason": s.reason, "began_at": s.began_at,
             "ended_at": s.ended_at}
            for s in suspension_rows
        ],
        "extensions": [
            {"days": e.days, "reason": e.reason, "decided_at": e.decided_at}
            for e in Extension.objects.filter(case=case, state=Extension.State.APPROVED)
        ],
        "decision": decision,
        "completed_at": case.completed_at,
    }
