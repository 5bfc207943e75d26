"""The only writers of cases: each action is one transaction that changes the case, moves its
tokens, recomputes every due time and appends one hash-chained event.

``case_apply`` takes an application in; ``case_act`` takes every later action by its name
(the names and who may take them are ``domain.ACTIONS``).
"""

import copy
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from yangguang.catalog.models import Disclosure
from yangguang.core import statements
from yangguang.core.fields import money
from yangguang.discretion.services import decision_check
from yangguang.flows.models import Step, Transition
from yangguang.org.models import Officer, Role
from yangguang.org.rules import holds_for_department, scope_of
from yangguang.org.services import certificate_refusal_record
from yangguang.worktime.domain import SHANGHAI
from yangguang.worktime.selectors import (
    calendar_held,
)

from . import domain, uploads
from .errors import (
    ActionRefused,
    CaseNotFound,
    InvalidCase,
    NotApplicant,
    NotDepartmentHead,
    NotStepHolder,
    PowerNotOpen,
    StaleCase,
    StepNotActive,
    UncertifiedAction,
)
from .hooks import case_observers
from .models import (
    Case,
    CaseNumberCounter,
    CaseState,
    Channel,
    Event,
    Extension,
    IdType,
    PartyKind,
    Suspension,
    Token,
    TokenState,
)

QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 8
# Powers a department exercises on its own initiative (依职权): no one applies for them.
EX_OFFICIO_CATEGORIES = ("CF", "QZ", "ZY")
PHONE = re.compile(r"^[0-9+\-() ]{7,20}$")
ID_CARD = re.compile(r"^[0-9]{17}[0-9X]$")
# Words in a special-procedure step's name that say which legal reason (行政许可法 第四十五条) it is.
SUSPENSION_WORDS = (("听证", "hearing"), ("专家", "expert_review"), ("检验", "inspection"), ("检测", "testing"),
                    ("鉴定", "appraisal"), ("检疫", "quarantine"), ("招标", "tender"), ("拍卖", "auction"))
CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")


# --- reading a flowchart as a graph -------------------------------------------------------


@lru_cache(maxsize=4096)
def flow_graph(flow_id: int) -> domain.Graph:
    """The engine's view of a flowchart; published flowcharts never change, so it is cached."""
    nodes, enforcement, legal_review = {}, set(), set()
    for step in Step.objects.filter(flow_id=flow_id).select_related("post").order_by("order", "id"):
        nodes[step.key] = domain.Node(step.key, step.name, step.kind, step.pk, step.post_id, step.limit, step.limit_unit)
        if step.post_id and step.post.is_enforcement:
            enforcement.add(step.key)
        if step.legal_review:
            legal_review.add(step.key)
    outgoing, incoming = {}, {}
    for source, target, condition in (
        Transition.objects.filter(flow_id=flow_id).order_by("order", "id").values_list("source__key", "target__key", "condition")
    ):
        outgoing.setdefault(source, []).append((target, condition))
        incoming.setdefault(target, []).append(source)
    graph = domain.Graph(
        nodes=nodes,
        outgoing={key: tuple(arms) for key, arms in outgoing.items()},
        incoming={key: tuple(sources) for key, sources in incoming.items()},
    )
    object.__setattr__(graph, "enforcement", frozenset(enforcement))
    object.__setattr__(graph, "legal_review", frozenset(legal_review))
    object.__setattr__(graph, "keys", {node.step_id: key for key, node in nodes.items()})
    return graph


# --- what does not change between actions ---------------------------------------------------

_calendar = calendar_held


def _officer(user) -> Officer | None:
    """The user's officer record (for the enforcement certificate), read once per user object."""
    if "_yangguang_officer" not in user.__dict__:
        user.__dict__["_yangguang_officer"] = Officer.objects.filter(user=user).first()
    return user.__dict__["_yangguang_officer"]


# The statements every action runs, compiled once (see ``statements``).
_CASE_FOR_UPDATE = statements.Select(
    lambda pk: Case.objects.select_for_update(of=("self",)).filter(pk=pk).order_by())
_OPEN_TOKENS = statements.Select(lambda case_id, *states: Token.objects.filter(case_id=case_id, state__in=states))
_SUSPENSION_SPANS = statements.Select(
    lambda case_id: Suspension.objects.filter(case_id=case_id).values_list("began_at", "ended_at"))


@lru_cache(maxsize=16384)
def _period_due(start, amount, unit, extension, calendar, suspensions: tuple):
    """``domain.period_due``, remembered: a case's periods are recomputed on every action, and
    mostly from the same start, limits and suspensions as on the action before."""
    return domain.period_due(start, amount, unit, extension, calendar, suspensions)


_CASE_FIELDS: list = []


def _case_fields() -> list:
    if not _CASE_FIELDS:
        _CASE_FIELDS.extend(f.attname for f in Case._meta.concrete_fields if not f.primary_key)
    return _CASE_FIELDS


def _snapshot(case: Case) -> dict:
    """The case's stored values, to write back only those an action changes."""
    return {name: copy.deepcopy(value) if isinstance(value, (dict, list)) else value
            for name in _case_fields() for value in (getattr(case, name),)}


# --- small helpers ------------------------------------------------------------------------


def _now(now):
    return (now or timezone.now()).astimezone(SHANGHAI)


def _invalid(errors: list[dict]):
    first = errors[0]
    return InvalidCase(first["detail"], field=first["field"], rule=first["rule"], errors=errors)


def _one(field_name: str, rule: str, detail) -> InvalidCase:
    return InvalidCase.one(field_name, rule, detail)


def _text(fields: dict, name: str, *, required: bool, max_length: int = 2000) -> str:
    value = fields.get(name) or ""
    if not isinstance(value, str):
        raise _one(name, "text", _("Must be text."))
    value = value.strip()
    if required and not value:
        raise _one(name, "required", _("This field is required."))
    if len(value) > max_length:
        raise _one(name, "max-length", _("At most %(n)s characters.") % {"n": max_length})
    return value


def query_code_hash(number: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{number}:{code.strip().upper()}".encode(), hashlib.sha256).hexdigest()


def query_code_matches(case: Case, code: str) -> bool:
    return hmac.compare_digest(case.query_code_hash, query_code_hash(case.number, code or ""))


def _next_number(case: Case, now) -> str:
    """Region code, date and a daily sequence: 320100-20261201-000001 (办件编号)."""
    day = now.date()
    where = {"region_id": case.region_id, "day": day}
    if connection.features.can_return_rows_from_update:  # one statement in the usual case
        last = statements.increment(CaseNumberCounter, "last", where)
        if last is None:  # the region's first case of the day
            try:
                with transaction.atomic():
                    statements.insert(CaseNumberCounter, [CaseNumberCounter(**where, last=1)])
                last = 1
            except IntegrityError:  # someone else's first case of the day
                last = statements.increment(CaseNumberCounter, "last", where)
        return f"{case.region.code}-{day:%Y%m%d}-{last:06d}"
    counters = CaseNumberCounter.objects.filter(**where)
    if not counters.update(last=F("last") + 1):
        try:
            with transaction.atomic():
                CaseNumberCounter.objects.create(region_id=case.region_id, day=day, last=1)
        except IntegrityError:
            counters.update(last=F("last") + 1)
    last = counters.values_list("last", flat=True).get()
    return f"{case.region.code}-{day:%Y%m%d}-{last:06d}"


# --- applicants ---------------------------------------------------------------------------


def applicant_errors(applicant: dict) -> tuple[dict, list[dict]]:
    """The cleaned applicant (申请人) fields and every error among them."""
    errors, clean = [], {}

    def text(name, max_length, required=True):
        value = applicant.get(name) or ""
        value = value.strip() if isinstance(value, str) else value
        if not isinstance(value, str):
            errors.append({"field": f"applicant.{name}", "rule": "text", "detail": _("Must be text.")})
        elif required and not value:
            errors.append({"field": f"applicant.{name}", "rule": "required", "detail": _("This field is required.")})
        elif len(value) > max_length:
            errors.append({"field": f"applicant.{name}", "rule": "max-length",
                           "detail": _("At most %(n)s characters.") % {"n": max_length}})
        clean[name] = value if isinstance(value, str) else ""

    for name, max_length, required in (("kind", 12, True), ("name", 100, True), ("id_type", 12, True),
                                       ("id_number", 30, True), ("phone", 30, True), ("address", 200, False),
                                       ("contact", 50, False)):
        text(name, max_length, required)
    unknown = sorted(set(applicant) - {"kind", "name", "id_type", "id_number", "phone", "address", "contact"})
    if unknown:
        errors.append({"field": "applicant", "rule": "unknown-field", "detail": _("Unknown fields: %(names)s.") % {
            "names": ", ".join(unknown)}})
    kind, id_type, number = clean["kind"], clean["id_type"], clean["id_number"].upper()
    clean["id_number"] = number
    if kind and kind not in PartyKind.values:
        errors.append({"field": "applicant.kind", "rule": "choice", "detail": _("Choose a natural person or an organisation.")})
    if id_type and id_type not in IdType.values:
        errors.append({"field": "applicant.id_type", "rule": "choice", "detail": _("Not a known ID type.")})
    if kind == PartyKind.ORGANISATION and id_type and id_type != IdType.CREDIT_CODE:
        errors.append({"field": "applicant.id_type", "rule": "organisation-credit-code",
                       "detail": _("An organisation is identified by its unified social credit code.")})
    if kind == PartyKind.PERSON and id_type == IdType.CREDIT_CODE:
        errors.append({"field": "applicant.id_type", "rule": "person-id",
                       "detail": _("A natural person is identified by an identity document.")})
    id_card_ok = ID_CARD.match(number) and domain.id_card_check(number[:17]) == number[17]
    if number and id_type == IdType.ID_CARD and not id_card_ok:
        errors.append({"field": "applicant.id_number", "rule": "id-card",
                       "detail": _("Not a valid 18-digit resident identity card number (GB 11643).")})
    credit_code_ok = CREDIT_CODE.match(number) and domain.credit_code_check(number[:17]) == number[17]
    if number and id_type == IdType.CREDIT_CODE and not credit_code_ok:
        errors.append({"field": "applicant.id_number", "rule": "credit-code",
                       "detail": _("Not a valid unified social credit code (GB 32100).")})
    if clean["phone"] and not PHONE.match(clean["phone"]):
        errors.append({"field": "applicant.phone", "rule": "phone", "detail": _("Not a phone number.")})
    return clean, errors


# --- the working context of one action ------------------------------------------------------


@dataclass
class _Work:
    """What one action reads and writes inside its transaction."""

    case: Case
    graph: domain.Graph
    tokens: list  # active and waiting tokens
    actor: object
    now: object
    calendar: object
    new_tokens: list = field(default_factory=list)
    changed_tokens: list = field(default_factory=list)
    new_suspensions: list = field(default_factory=list)  # of tokens arriving at special-procedure steps
    suspensions_changed: bool = False
    stored: dict = field(default_factory=dict)  # the case's values as last written (``_snapshot``)

    def active(self) -> list[Token]:
        return [token for token in self.tokens if token.state == TokenState.ACTIVE]

    def node(self, token: Token) -> domain.Node:
        return self.graph.nodes[token.step_key]


def _token_for(work: _Work, step_key: str) -> Token:
    active = work.active()
    if step_key:
        for token in active:
            if token.step_key == step_key:
                return token
        raise StepNotActive(_("Step %(step)s is not active in case %(number)s; it may just have been done by someone else.")
                            % {"step": step_key, "number": work.case.number}, field="step")
    mine = [token for token in active if _holds(work, token)]
    if len(mine) == 1:
        return mine[0]
    if not active:
        raise StepNotActive(_("Case %(number)s has no active step.") % {"number": work.case.number}, field="step")
    if not mine:
        _require_holder(work, active[0])
    raise _one("step", "step-required", _("Name the step: %(steps)s.") % {"steps": "、".join(t.step_key for t in mine)})


def _holds(work: _Work, token: Token) -> bool:
    node = work.node(token)
    scope = scope_of(work.actor)
    if node.post_id not in scope.post_ids:
        return False
    return token.assignee_id is None or token.assignee_id == work.actor.pk


def _require_holder(work: _Work, token: Token) -> None:
    """Only an officer holding the step's post (and, for enforcement posts, a valid certificate)."""
    node = work.node(token)
    if node.post_id not in scope_of(work.actor).post_ids:
        raise NotStepHolder(_("Only an officer holding the post of step %(step)s in its department may act on it.")
                            % {"step": node.name})
    if token.assignee_id is not None and token.assignee_id != work.actor.pk:
        raise NotStepHolder(_("Step %(step)s was transferred to another officer.") % {"step": node.name})
    if node.key in work.graph.enforcement:
        officer = _officer(work.actor)
        if officer is None or not officer.has_valid_certificate(timezone.localdate(work.now)):
            detail = _("Step %(step)s is an enforcement step: it needs a valid enforcement certificate.") % {
                "step": node.name}
            if officer is None:
                raise NotStepHolder(detail, rule="enforcement-certificate")
            raise UncertifiedAction(detail, officer=officer, case_number=work.case.number, step=node.name,
                                    at=work.now)


def _require_applicant(work: _Work) -> None:
    """The applicant, or an officer at the case's acceptance post (on the applicant's written request)."""
    case, actor = work.case, work.actor
    if case.applicant_user_id is not None and case.applicant_user_id == actor.pk:
        return
    acceptance = work.graph.nodes[work.graph.acceptance]
    if acceptance.post_id in scope_of(actor).post_ids:
        return
    raise NotApplicant(_("Only the applicant or the accepting window may do this."))


def _require_head(work: _Work) -> None:
    if not holds_for_department(work.actor, Role.DEPARTMENT_HEAD, work.case.department):
        raise NotDepartmentHead(_("Only the head of %(department)s may decide on an extension.")
                                % {"department": work.case.department.name})


def _require_department(work: _Work) -> None:
    scope = scope_of(work.actor)
    if scope.officer_department_id == work.case.department_id:
        return
    if any(_holds(work, token) for token in work.active()):
        return
    raise NotStepHolder(_("Only an officer of %(department)s may do this.") % {"department": work.case.department.name})


# --- tokens, clock and log ------------------------------------------------------------------


def _arrive(work: _Work, keys: list[str]) -> None:
    for key in keys:
        node = work.graph.nodes[key]
        token = Token(case=work.case, step_id=node.step_id, arrived_at=work.now)
        token.step_key = key
        work.tokens.append(token)
        work.new_tokens.append(token)
        if node.kind == "excluded":
            work.new_suspensions.append(token)


def _wait_at_joins(work: _Work, joins: list[str]) -> None:
    for key in joins:
        token = Token(case=work.case, step_id=work.graph.nodes[key].step_id, arrived_at=work.now, state=TokenState.WAITING)
        token.step_key = key
        work.tokens.append(token)
        work.new_tokens.append(token)


def _finish(work: _Work, token: Token, state: str = TokenState.DONE) -> None:
    token.state = state
    token.done_at = work.now
    token.done_by = work.actor if state == TokenState.DONE else None
    work.tokens.remove(token)
    if token.pk:
        work.changed_tokens.append(token)


def _move_on(work: _Work, token: Token, branch: str) -> domain.Routing:
    """Complete ``token`` and send the case on along the flowchart."""
    waiting = {}
    for other in work.tokens:
        if other.state == TokenState.WAITING:
            waiting[other.step_key] = waiting.get(other.step_key, 0) + 1
    try:
        routing = work.graph.route(token.step_key, waiting, branch)
    except domain.RoutingError as exc:
        raise _one(exc.field, exc.rule, exc.detail) from exc
    _finish(work, token)
    for join in routing.joined:  # the branches waiting there go on as one
        for other in [t for t in work.tokens if t.state == TokenState.WAITING and t.step_key == join]:
            _finish(work, other)
    fired = set(routing.joined)
    _wait_at_joins(work, [join for join in routing.arrivals if join not in fired])
    _arrive(work, routing.tasks)
    return routing


def _suspensions(case: Case) -> list[tuple]:
    return [tuple(row) for row in _SUSPENSION_SPANS.rows(case.pk)]


def _recompute(work: _Work, suspensions: list[tuple]) -> None:
    """Every due time of the case from its clock start, limits, extension and suspensions."""
    case, calendar, suspensions = work.case, work.calendar, tuple(suspensions)
    if case.clock_start is not None and case.is_open:
        case.committed_due = _period_due(case.clock_start, case.committed_limit, case.committed_unit,
                                         case.extension_days, calendar, suspensions)
        case.statutory_due = _period_due(case.clock_start, case.statutory_limit, case.statutory_unit,
                                         case.extension_days, calendar, suspensions)
    for token in work.active():
        node = work.node(token)
        start = token.arrived_at
        if token.step_key == work.graph.acceptance and case.materials_complete_at:
            start = max(start, case.materials_complete_at)  # counted again once the materials are complete
        if node.kind == "excluded":  # a special procedure's own time does not count
            due_at = None
        elif case.state == CaseState.CORRECTING and token.step_key == work.graph.acceptance:
            due_at = None  # the applicant's time to correct is not the department's
        else:
            due_at = _period_due(start, node.limit, node.unit, 0, calendar, suspensions)
        if due_at != token.due_at:
            token.due_at = due_at
            if token.pk and token not in work.changed_tokens:
                work.changed_tokens.append(token)
    case.current_steps = "、".join(work.node(token).name for token in work.active())[:200]


def _append(case: Case, *, action: str, actor, now, step_key: str = "", post_id=None, opinion: str = "",
            data: dict | None = None) -> Event:
    fields = {
        "case_id": case.pk, "seq": case.last_seq + 1, "step_key": step_key, "action": action,
        "actor_id": actor.pk if actor is not None and actor.is_authenticated else None, "post_id": post_id,
        "at": now, "opinion": opinion, "data": data or {}, "prev_hash": case.last_hash,
    }
    event = Event(**fields, hash=domain.event_hash(fields))
    case.last_seq, case.last_hash = event.seq, event.hash
    return event


def _save(work: _Work, events: list[Event], suspensions: list[tuple]) -> None:
    """Start the special procedures of steps just reached, recompute the clock, write it all:
    new tokens, changed tokens, the events and the case's changed fields."""
    case, rows = work.case, []
    for token in work.new_suspensions:
        if case.suspended_since is not None:
            continue  # the clock is already stopped; one procedure at a time
        node = work.node(token)
        kind = next((kind for word, kind in SUSPENSION_WORDS if word in node.name), "other")
        case.suspended_since = work.now
        case.has_suspensions = True
        suspensions.append((work.now, None))
        rows.append(Suspension(case=case, kind=kind, reason=node.name, token=token, began_at=work.now, begun_by=work.actor))
        events.append(_append(case, action="suspend", actor=work.actor, now=work.now, step_key=node.key,
                              post_id=node.post_id, opinion=node.name, data={"kind": kind, "automatic": True}))
    _recompute(work, suspensions)
    statements.insert(Token, work.new_tokens, returning_pk=True)
    if rows:
        Suspension.objects.bulk_create(rows)
    for token in work.changed_tokens:  # usually one
        statements.update(Token, token.pk, {"state": token.state, "due_at": token.due_at, "done_at": token.done_at,
                                            "assignee_id": token.assignee_id, "done_by_id": token.done_by_id})
    statements.insert(Event, events)
    statements.update(Case, case.pk, {name: getattr(case, name) for name, value in work.stored.items()
                                      if getattr(case, name) != value})
    for observer in case_observers():  # supervision's on-event rules and watch, same transaction
        observer.case_saved(case, work.active(), events, suspensions)


# --- intake -------------------------------------------------------------------------------


def application_refusal(power, channel: str = Channel.ONLINE) -> PowerNotOpen | InvalidCase | None:
    """Why ``power`` takes in no application by ``channel``, checked before anything else about the
    application: the error ``case_apply`` raises, or None. The portal asks it before showing the
    form. Reads ``power.published_version``, its ``flow`` and, for the not-online refusal,
    ``power.department``: one query each unless the caller's queryset selected them."""
    version = power.published_version
    if power.revoked_at is not None or version is None:
        return PowerNotOpen(_("Power %(code)s is not published: it cannot be exercised.") % {"code": power.code},
                            field="power")
    if channel == Channel.ONLINE and power.category in EX_OFFICIO_CATEGORIES:
        return PowerNotOpen(_("The department opens these cases on its own initiative; they are not applied for."),
                            field="power", rule="ex-officio")
    if version.disclosure == Disclosure.FILED_ONLY:
        return PowerNotOpen(_("Power %(code)s is filed only (报备): it is not applied for here.") % {"code": power.code},
                            field="power", rule="filed-only")
    if channel not in (Channel.ONLINE, Channel.COUNTER):
        return _one("channel", "choice", _("Apply online or at the counter."))
    if channel == Channel.ONLINE and not version.online:
        return PowerNotOpen(_("%(name)s is not applied for online: apply at %(where)s.") % {
            "name": version.name, "where": version.handling_place or power.department.name},
            field="channel", rule="not-online")
    if getattr(version, "flow", None) is None:
        return PowerNotOpen(_("Power %(code)s has no flowchart.") % {"code": power.code}, field="power", rule="no-flow")
    return None


def case_apply(*, actor, power, applicant: dict, title: str = "", particulars: dict | None = None, materials=(),
               channel: str = Channel.ONLINE, now=None) -> Case:
    """Take in an application (申请) for a published power; the case gets its number and a query
    code (查询密码), which is on the returned case as ``query_code`` and stored only as a hash.

    ``materials`` are (name, uploaded file) pairs. Online applications are made by the
    applicant's account; counter applications by an officer at the power's acceptance post.
    """
    now = _now(now)
    refusal = application_refusal(power, channel)
    if refusal is not None:
        raise refusal
    version = power.published_version
    flow = version.flow  # there is one: application_refusal checked
    graph = flow_graph(flow.pk)
    clean, errors = applicant_errors(applicant or {})
    if not isinstance(title, str) or len(title) > 200:
        errors.append({"field": "title", "rule": "max-length", "detail": _("At most %(n)s characters.") % {"n": 200}})
    if particulars is not None and not isinstance(particulars, dict):
        errors.append({"field": "particulars", "rule": "object", "detail": _("Must be an object of named values.")})
    files, file_errors = uploads.check_all(materials, field_name="materials")
    errors += file_errors
    if not actor.is_authenticated:
        raise NotApplicant(_("Log in to apply."))
    acceptance_post = graph.nodes[graph.acceptance].post_id
    if channel == Channel.COUNTER and acceptance_post not in scope_of(actor).post_ids:
        raise NotStepHolder(_("Only an officer at the accepting window of %(department)s may register a counter application.")
                            % {"department": power.department.name})
    if errors:
        raise _invalid(errors)
    department = power.department
    with transaction.atomic(durable=True):
        case = Case(
            power=power, version=version, flow=flow, department=department, region=department.region, channel=channel,
            title=(title or "").strip(), particulars=particulars or {},
            applicant_user=actor if channel == Channel.ONLINE else None,
            applicant_kind=clean["kind"], applicant_name=clean["name"], applicant_id_type=clean["id_type"],
            applicant_id_number=clean["id_number"], applicant_phone=clean["phone"], applicant_address=clean["address"],
            applicant_contact=clean["contact"], received_at=now,
            committed_limit=version.committed_limit, committed_unit=version.committed_unit,
            statutory_limit=version.statutory_limit, statutory_unit=version.statutory_unit,
        )
        case.number = _next_number(case, now)
        case.query_code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _i in range(QUERY_CODE_LENGTH))
        case.query_code_hash = query_code_hash(case.number, case.query_code)
        statements.insert(Case, [case], returning_pk=True)
        work = _Work(case, graph, [], actor, now, _calendar(), stored=_snapshot(case))
        routing = graph.route(graph.start, {})
        _arrive(work, routing.tasks)
        stored = uploads.store(case, files, actor=actor, now=now, for_correction=False)
        event = _append(case, action="apply", actor=actor, now=now, data={
            "channel": channel, "materials": [m.name for m in stored], "steps": routing.tasks,
        })
        _save(work, [event], [])
    return case


# --- actions --------------------------------------------------------------------------------


def case_act(*, actor, case: Case, action: str, step: str = "", seq: int | None = None, now=None, **fields) -> Case:
    """Take ``action`` on ``case`` (a row the caller may see); ``step`` names the active step
    acted on and ``seq`` the last event the actor saw, so a stale form is refused."""
    spec = domain.ACTIONS.get(action)
    if spec is None:
        raise _one("action", "choice", _("Unknown action %(action)s.") % {"action": action})
    handler = _HANDLERS[action]
    now = _now(now)
    try:
        return _act(actor, case, action, spec, handler, step, seq, now, fields)
    except UncertifiedAction as refused:
        certificate_refusal_record(officer=refused.officer, case_number=refused.case_number, step=refused.step,
                                   at=refused.at)
        raise


def _act(actor, case: Case, action: str, spec, handler, step: str, seq, now, fields: dict) -> Case:
    with transaction.atomic(durable=True):
        found = _CASE_FOR_UPDATE.objects(case.pk)
        if not found:
            raise CaseNotFound(_("No such case."))
        case = found[0]
        if seq is not None and seq != case.last_seq:
            raise StaleCase(_("Case %(number)s changed while you were looking at it; reload and try again.")
                            % {"number": case.number}, field="seq")
        if case.state not in spec.states:
            raise ActionRefused(_("%(action)s is not possible while the case is %(state)s.") % {
                "action": spec.label, "state": case.get_state_display()}, field="action", rule=f"state-{case.state}")
        tokens = _OPEN_TOKENS.objects(case.pk, TokenState.ACTIVE.value, TokenState.WAITING.value)
        graph = flow_graph(case.flow_id)
        for token in tokens:
            token.step_key = graph.keys[token.step_id]
        work = _Work(case, graph, tokens, actor, now, _calendar(), stored=_snapshot(case))
        token = None
        if spec.actor == domain.STEP:
            token = _token_for(work, step)
            _require_holder(work, token)
        elif spec.actor == domain.APPLICANT:
            _require_applicant(work)
        elif spec.actor == domain.HEAD:
            _require_head(work)
        else:
            _require_department(work)
        opinion, data = handler(work, token, fields)
        # Suspensions are read only for a case that ever had one (most never do).
        suspensions = (_suspensions(case) if case.has_suspensions and (case.accepted_at or work.suspensions_changed)
                       else [])
        if spec.target:
            case.state = spec.target
        post_id = work.graph.nodes[token.step_key].post_id if token is not None else None
        events = [_append(case, action=action, actor=actor, now=now, step_key=token.step_key if token else "",
                          post_id=post_id, opinion=opinion, data=data)]
        if case.state == CaseState.IN_PROGRESS and not work.tokens:
            case.state = CaseState.COMPLETED
            case.completed_at = now
            case.current_steps = ""
            events.append(_append(case, action="complete_case", actor=actor, now=now))
        _save(work, events, suspensions)
    return case


def _no_extra(fields: dict, allowed: tuple) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise _one(unknown[0], "unknown-field", _("Not a field of this action."))


def _accept(work, token, fields):
    _no_extra(fields, ("opinion",))
    case = work.case
    if token.step_key != work.graph.acceptance:
        raise ActionRefused(_("Acceptance is decided at the acceptance step."), field="step", rule="acceptance-step")
    case.accepted_at = work.now
    case.clock_start = domain.clock_start(
        received_at=case.received_at, accepted_at=work.now, correction_requested_at=case.correction_requested_at,
        materials_complete_at=case.materials_complete_at, calendar=work.calendar,
    )
    _move_on(work, token, "")
    return _text(fields, "opinion", required=False), {"counted_from": domain.local(case.clock_start)}


def _refuse(work, token, fields):
    _no_extra(fields, ("reason",))
    if token.step_key != work.graph.acceptance:
        raise ActionRefused(_("Acceptance is decided at the acceptance step."), field="step", rule="acceptance-step")
    reason = _text(fields, "reason", required=True)
    _close(work)
    work.case.closing_reason = reason
    return reason, {}


def _request_correction(work, token, fields):
    _no_extra(fields, ("items", "opinion"))
    case = work.case
    if token.step_key != work.graph.acceptance:
        raise ActionRefused(_("Corrections are requested at the acceptance step."), field="step", rule="acceptance-step")
    if case.correction_requested_at is not None:
        raise ActionRefused(_("Everything to correct must be told at once (一次性告知); a second notice is not allowed."),
                            field="items", rule="one-notice")
    items = fields.get("items")
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
        raise _one("items", "required", _("List every item to correct, one per entry."))
    case.correction_requested_at = work.now
    case.correction_items = [item.strip() for item in items]
    return _text(fields, "opinion", required=False), {"items": case.correction_items}


def _supplement(work, token, fields):
    _no_extra(fields, ("materials", "note"))
    files, errors = uploads.check_all(fields.get("materials") or (), field_name="materials")
    note = _text(fields, "note", required=False)
    if errors:
        raise _invalid(errors)
    if not files and not note:
        raise _one("materials", "required", _("Hand in the missing materials (or say how they were handed in)."))
    stored = uploads.store(work.case, files, actor=work.actor, now=work.now, for_correction=True)
    work.case.materials_complete_at = work.now
    return note, {"materials": [m.name for m in stored]}


def _complete(work, token, fields):
    _no_extra(fields, ("opinion", "branch"))
    case = work.case
    if token.step_key == work.graph.acceptance:
        raise ActionRefused(_("Accept, refuse or request a correction at the acceptance step."), field="action",
                            rule="acceptance-step")
    branch = _text(fields, "branch", required=False, max_length=60)
    routing = _move_on(work, token, branch)
    if routing.ended and not [t for t in work.tokens if t.state == TokenState.ACTIVE] and not case.decision:
        raise _one("decision", "decision-required", _("Record the decision before completing the last step."))
    node = work.graph.nodes[token.step_key]
    if node.kind == "excluded":
        _end_suspension(work, token=token)
    if node.key in work.graph.legal_review:
        case.legal_reviewed_at = work.now
    data = {"to": routing.tasks}
    if branch:
        data["branch"] = branch
    return _text(fields, "opinion", required=False), data


def _return(work, token, fields):
    _no_extra(fields, ("to", "reason"))
    target = _text(fields, "to", required=True, max_length=40)
    reason = _text(fields, "reason", required=True)
    allowed = work.graph.return_targets(token.step_key, exclude=work.graph.acceptance)
    done = set(
        Token.objects.filter(case=work.case, state=TokenState.DONE, step_id__in=[work.graph.nodes[k].step_id for k in allowed])
        .values_list("step_id", flat=True)
    )
    if target not in allowed or work.graph.nodes[target].step_id not in done:
        names = "、".join(work.graph.nodes[k].name for k in allowed if work.graph.nodes[k].step_id in done) or "—"
        raise _one("to", "return-target", _("A case goes back only to an earlier step it went through: %(steps)s.")
                   % {"steps": names})
    if work.graph.nodes[token.step_key].kind == "excluded":
        _end_suspension(work, token=token)
    _finish(work, token, TokenState.CANCELLED)
    _arrive(work, [target])
    if work.graph.leads_to(target, work.graph.legal_review):
        work.case.legal_reviewed_at = None  # the legal review is held again on the way back
    return reason, {"to": target}


def _transfer(work, token, fields):
    _no_extra(fields, ("to", "opinion"))
    username = _text(fields, "to", required=True, max_length=150)
    node = work.graph.nodes[token.step_key]
    target = get_user_model().objects.filter(username=username, is_active=True, officer__posts=node.post_id).first()
    if target is None or target.pk == work.actor.pk:
        raise _one("to", "same-post", _("Transfer only to another officer holding the post of step %(step)s.")
                   % {"step": node.name})
    token.assignee = target
    if token not in work.changed_tokens:
        work.changed_tokens.append(token)
    return _text(fields, "opinion", required=False), {"to": username}


def _suspend(work, token, fields):
    _no_extra(fields, ("kind", "reason"))
    kind = _text(fields, "kind", required=True, max_length=16)
    if kind not in domain.SUSPENSION_KINDS:
        raise _one("kind", "choice", _("Not one of the legal reasons for a special procedure."))
    reason = _text(fields, "reason", required=True)
    if work.case.suspended_since is not None:
        raise ActionRefused(_("The case is already in a special procedure."), field="action", rule="already-suspended")
    work.case.suspended_since = work.now
    work.case.has_suspensions = True
    Suspension.objects.create(case=work.case, kind=kind, reason=reason, began_at=work.now, begun_by=work.actor)
    work.suspensions_changed = True
    return reason, {"kind": kind}


def _end_suspension(work, *, token=None) -> None:
    rows = Suspension.objects.filter(case=work.case, ended_at__isnull=True)
    rows = rows.filter(token=token) if token is not None else rows.filter(token__isnull=True)
    if rows.update(ended_at=work.now, ended_by=work.actor):
        work.case.suspended_since = None
        work.suspensions_changed = True


def _resume(work, token, fields):
    _no_extra(fields, ("opinion",))
    if work.case.suspended_since is None:
        raise ActionRefused(_("The case is not in a special procedure."), field="action", rule="not-suspended")
    _end_suspension(work)
    if work.case.suspended_since is not None:
        raise ActionRefused(_("This special procedure is a step of the flowchart: complete that step to end it."),
                            field="action", rule="procedure-step")
    return _text(fields, "opinion", required=False), {}


def _request_extension(work, token, fields):
    _no_extra(fields, ("days", "reason"))
    case = work.case
    days = fields.get("days")
    if isinstance(days, str) and days.strip().isdigit():
        days = int(days)
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise _one("days", "positive-integer", _("Give the extension in whole working days, at least 1."))
    reason = _text(fields, "reason", required=True)
    _check_cap(case, days)
    if case.clock_start is None:
        raise ActionRefused(_("Only an accepted case can be extended."), field="action", rule="not-accepted")
    if Extension.objects.filter(case=case, state=Extension.State.REQUESTED).exists():
        raise ActionRefused(_("An extension is already waiting for the head's decision."), field="action",
                            rule="extension-pending")
    Extension.objects.create(case=case, days=days, reason=reason, requested_by=work.actor, requested_at=work.now)
    return reason, {"days": days}


def _check_cap(case: Case, days: int) -> None:
    cap = case.version.extension_limit
    if case.extension_days + days > cap:
        raise _one("days", "extension-cap", _(
            "The power allows at most %(cap)s working days of extension; %(used)s are already granted."
        ) % {"cap": cap, "used": case.extension_days})


def _decide_extension(work, approve: bool, fields):
    _no_extra(fields, ("opinion",))
    extension = Extension.objects.filter(case=work.case, state=Extension.State.REQUESTED).first()
    if extension is None:
        raise ActionRefused(_("No extension is waiting for a decision."), field="action", rule="no-extension")
    opinion = _text(fields, "opinion", required=not approve)
    if approve:
        _check_cap(work.case, extension.days)
        work.case.extension_days += extension.days
    extension.state = Extension.State.APPROVED if approve else Extension.State.REFUSED
    extension.decided_by, extension.decided_at, extension.opinion = work.actor, work.now, opinion
    extension.save()
    return opinion, {"days": extension.days, "reason": extension.reason}


FEE_MAX = Decimal("9999999999.99")


def fees_charged_errors(fees) -> tuple[list[dict], list[dict]]:
    """The fees charged with a decision (收费), cleaned to [{name, amount}] with the amount in yuan as
    text with two decimals, and every error among them, named like ``fees[0].amount``."""
    if not isinstance(fees, (list, tuple)):
        return [], [{"field": "fees", "rule": "list", "detail": _("List the fees charged as [{name, amount}].")}]
    clean, errors = [], []
    for index, fee in enumerate(fees):
        where = f"fees[{index}]"
        if not isinstance(fee, dict):
            errors.append({"field": where, "rule": "object", "detail": _("A fee is an object {name, amount}.")})
            continue
        unknown = sorted(set(fee) - {"name", "amount"})
        if unknown:
            errors.append({"field": f"{where}.{unknown[0]}", "rule": "unknown-field",
                           "detail": _("Not a field of a fee.")})
        name = fee.get("name")
        name = name.strip() if isinstance(name, str) else name
        if not isinstance(name, str) or not name:
            errors.append({"field": f"{where}.name", "rule": "required", "detail": _("Name the fee.")})
        elif len(name) > 100:
            errors.append({"field": f"{where}.name", "rule": "max-length",
                           "detail": _("At most %(n)s characters.") % {"n": 100}})
        amount = money(fee.get("amount"), f"{where}.amount", errors, required=True, exact=True, maximum=FEE_MAX)
        if amount is not None and isinstance(name, str) and name:
            clean.append({"name": name, "amount": str(amount)})
    return clean, errors


DISCRETION_FIELDS = ("violation", "facts", "discretion_reason")  # a penalty's benchmark check (裁量基准)


def _discretion_check(work, decision: str, given: dict) -> dict:
    """Check a penalty decision against its power's benchmark in force, in this transaction;
    what the decide event records of it (the deviation is what supervision's D01 reads)."""
    case = work.case
    if case.power.category != "CF":
        if given:
            raise _one(sorted(given)[0], "unknown-field", _("Not a field of this action."))
        return {}
    checked = decision_check(
        power=case.power, now=work.now, actor=work.actor, case_id=case.pk, case_number=case.number,
        department_id=case.department_id, decision=decision, penalty_kind=case.penalty_kind,
        penalty_amount=case.penalty_amount, **given)
    return {"discretion": checked} if checked else {}


def _decide(work, token, fields):
    discretion = {name: fields.pop(name) for name in DISCRETION_FIELDS if name in fields}
    _no_extra(fields, ("decision", "reason", "document_no", "penalty_kind", "penalty_amount", "fees"))
    case = work.case
    if case.decision:
        raise ActionRefused(_("The decision is already made."), field="decision", rule="already-decided")
    decision = _text(fields, "decision", required=True, max_length=8)
    if decision not in (domain.GRANTED, domain.DENIED):
        raise _one("decision", "choice", _("Decide to grant (准予) or to deny (不予)."))
    reason = _text(fields, "reason", required=decision == domain.DENIED)
    document_no = _text(fields, "document_no", required=True, max_length=60)
    data = {"decision": decision, "document_no": document_no}
    if domain.legal_review_missing(case.power.category, case.legal_reviewed_at):
        raise ActionRefused(_("A penalty is decided only after its legal review (法制审核) has passed."),
                            field="action", rule="legal-review-required")
    if case.power.category == "CF" and decision == domain.GRANTED:
        case.penalty_kind = _text(fields, "penalty_kind", required=True, max_length=60)
        errors = []
        amount = money(fields.get("penalty_amount"), "penalty_amount", errors)  # rounded to the fen
        if errors:
            raise _invalid(errors)
        if amount is not None:
            case.penalty_amount = amount
            data["penalty_amount"] = str(amount)
        data["penalty_kind"] = case.penalty_kind
    if fields.get("fees") is not None:  # recorded for supervision rule C01 (不按标准收费)
        fees, errors = fees_charged_errors(fields["fees"])
        if errors:
            raise _invalid(errors)
        case.fees_charged = fees
        data["fees"] = [dict(fee) for fee in fees]
    data.update(_discretion_check(work, decision, discretion))
    case.decision, case.decision_reason, case.document_no, case.decided_at = decision, reason, document_no, work.now
    return reason, data


def _deliver(work, token, fields):
    _no_extra(fields, ("method", "opinion"))
    case = work.case
    if not case.decision:
        raise ActionRefused(_("Only a decision can be delivered."), field="action", rule="not-decided")
    if case.delivered_at:
        raise ActionRefused(_("The decision was already delivered."), field="action", rule="already-delivered")
    method = _text(fields, "method", required=True, max_length=12)
    if method not in domain.DELIVERY_METHODS:
        raise _one("method", "choice", _("Not a method of delivery."))
    case.delivered_at, case.delivery_method = work.now, method
    return _text(fields, "opinion", required=False), {"method": method}


def _withdraw(work, token, fields):
    _no_extra(fields, ("reason",))
    if work.case.decision:
        raise ActionRefused(_("A decided case cannot be withdrawn."), field="action", rule="already-decided")
    reason = _text(fields, "reason", required=True)
    _close(work)
    work.case.closing_reason = reason
    return reason, {}


def _close(work) -> None:
    """End the case before its flowchart does: every token is cancelled, any procedure ended."""
    for token in list(work.tokens):
        _finish(work, token, TokenState.CANCELLED)
    if work.case.suspended_since is not None:
        Suspension.objects.filter(case=work.case, ended_at__isnull=True).update(ended_at=work.now, ended_by=work.actor)
        work.case.suspended_since = None
        work.suspensions_changed = True
    work.case.completed_at = work.now
    work.case.current_steps = ""


_HANDLERS = {
    "accept": _accept, "refuse": _refuse, "request_correction": _request_correction, "supplement": _supplement,
    "complete": _complete, "return": _return, "transfer": _transfer, "suspend": _suspend, "resume": _resume,
    "request_extension": _request_extension,
    "approve_extension": lambda work, token, fields: _decide_extension(work, True, fields),
    "refuse_extension": lambda work, token, fields: _decide_extension(work, False, fields),
    "decide": _decide, "deliver": _deliver, "withdraw": _withdraw,
}
