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

from yangguang.org.models import Role
from yangguang.org.rules import department_filter, holds_for_department, scope_of
from yangguang.worktime.selectors import calendar_load

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
                        deadline=case.committed_due, now=now, calendar=calendar_load(), suspensions=suspensions,
                        yellow_share=yellow_share())


def token_light(token: Token, node: domain.Node, now: datetime | None = None, suspensions=()) -> str:
    if token.state != TokenState.ACTIVE or node.kind == "excluded" or not node.limit:
        return domain.GREEN
    return domain.light(start=token.arrived_at, amount=node.limit, unit=node.unit, deadline=token.due_at,
                        now=now or timezone.now(), calendar=calendar_load(), suspensions=suspensions,
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
