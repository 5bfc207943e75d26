"""The writers of electronic supervision: the on-event hook run inside every case action, the
incremental sweep of time rules, and the tuning of alert rules. One transaction each."""

import time
from datetime import datetime
from functools import lru_cache

from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yangguang.cases import statements
from yangguang.cases.domain import OPEN_STATES, local
from yangguang.cases.models import Case, Suspension, Token, TokenState
from yangguang.cases.services import flow_graph
from yangguang.org.models import Role
from yangguang.org.rules import has_role
from yangguang.worktime.domain import SHANGHAI
from yangguang.worktime.selectors import CACHE_SECONDS, calendar_load, calendar_version

from . import domain
from .errors import InvalidRule, NotSupervisor
from .models import Alert, AlertRule, SweepRun, Watch

# How long a process keeps the rules it read for the case hot path; a change made through
# ``rule_update`` is seen at once by the process making it and re-arms every watch.
RULES_SECONDS = 30
SWEEP_BATCH = 1000

_memo: dict = {}


def _calendar():
    """The calendar, kept while its version token is unchanged (as the case services do)."""
    version, now = calendar_version(), time.monotonic()
    memo = _memo.get("calendar")
    if memo is None or memo[0] != version or now - memo[2] > CACHE_SECONDS:
        memo = _memo["calendar"] = (version, calendar_load(), now)
    return memo[1]


def _read_rules() -> dict[str, domain.Rule]:
    return {rule.code: domain.Rule(rule.pk, rule.code, domain.FIXED_LEVELS.get(rule.code, rule.level), rule.enabled,
                                   dict(rule.params or {}))
            for rule in AlertRule.objects.all()}


def rules_cached() -> dict[str, domain.Rule]:
    now = time.monotonic()
    memo = _memo.get("rules")
    if memo is None or now - memo[1] > RULES_SECONDS:
        memo = _memo["rules"] = (_read_rules(), now)
    return memo[0]


def rules_forget() -> None:
    _memo.pop("rules", None)


@lru_cache(maxsize=16384)
def _share_instant(start, amount, unit, calendar, share, suspensions: tuple):
    """``domain.share_instant``, remembered: recomputed on every action, mostly from the same values."""
    return domain.share_instant(start, amount, unit, calendar, share, suspensions)


def _share_at(start, amount, unit, calendar, share, suspensions):
    return _share_instant(start, amount, unit, calendar, share, tuple(suspensions))


# --- a case as the rules see it ---------------------------------------------------------------


def _case_data(case: Case, tokens, suspensions, graph=None) -> domain.CaseData:
    graph = graph or flow_graph(case.flow_id)
    acceptance = None
    steps = []
    for token in tokens:
        if token.due_at is None:
            continue
        node = graph.nodes[graph.keys[token.step_id]]
        if node.kind != "task" or not node.limit:
            continue
        start = token.arrived_at
        if case.materials_complete_at is not None:
            acceptance = acceptance or graph.acceptance
            if node.key == acceptance:
                start = max(start, case.materials_complete_at)
        steps.append(domain.StepData(token.pk, node.name, start, node.limit, node.unit, token.due_at))
    return domain.CaseData(
        is_open=case.state in OPEN_STATES, clock_start=case.clock_start, committed_limit=case.committed_limit,
        committed_unit=case.committed_unit, committed_due=case.committed_due, statutory_due=case.statutory_due,
        suspended=case.suspended_since is not None, suspensions=tuple(tuple(span) for span in suspensions),
        steps=tuple(steps),
    )


# --- on every case event (inside the case's transaction) ---------------------------------------


def on_case_saved(case: Case, tokens, events, suspensions) -> None:
    """Re-arm the case's watch and run the on-event rules; called by ``cases._save``."""
    rules = rules_cached()
    data = _case_data(case, tokens, suspensions)
    next_at = domain.next_at(data, rules, _calendar(), _share_at)
    if events[0].action == "apply" or not statements.update(Watch, case.pk, {"next_at": next_at}):
        _watch_insert(case.pk, next_at)
    for event in events:
        if event.action in ("request_correction", "refuse", "decide"):
            _event_rules(case, event, rules)


def _watch_insert(case_id: int, next_at) -> None:
    """INSERT the watch of a new case (the compiled INSERTs of ``statements`` leave out primary keys)."""
    connection = connections["default"]
    table = connection.ops.quote_name(Watch._meta.db_table)
    next_at_field = Watch._meta.get_field("next_at")
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (case_id, next_at) VALUES (%s, %s)",
                       [case_id, next_at_field.get_db_prep_save(next_at, connection)])


def _event_rules(case: Case, event, cached: dict) -> None:
    # The cached rules say whether anything fires; a rule that does is read again for its row.
    rules = {code: rule for code, rule in cached.items() if rule.enabled and code in domain.EVENT_RULES}
    fired = []
    rule = rules.get(domain.ACCEPTANCE_LATE)
    if rule and event.action == "request_correction" and domain.acceptance_late(
            received_at=case.received_at, notice_at=event.at, calendar=_calendar(), workdays=rule.param("workdays")):
        fired.append((rule, _("Correction notice at %(at)s, later than %(days)s working days after receipt at "
                              "%(received)s.") % {"at": local(event.at), "days": rule.param("workdays"),
                                                  "received": local(case.received_at)}))
    rule = rules.get(domain.REFUSAL_WITHOUT_REASON)
    if rule and domain.refusal_without_reason(action=event.action, reason=event.opinion,
                                              decision=(event.data or {}).get("decision", "")):
        fired.append((rule, _("%(action)s at %(at)s without a reason or legal basis.")
                       % {"action": event.action, "at": local(event.at)}))
    if not fired:
        return
    current = {rule.code: rule for rule in AlertRule.objects.filter(code__in=[rule.code for rule, _d in fired],
                                                                     enabled=True)}
    Alert.objects.bulk_create([
        Alert(rule=current[rule.code], case_id=case.pk, token=None, department_id=case.department_id,
              level=domain.FIXED_LEVELS.get(rule.code, current[rule.code].level), raised_at=event.at, detail=detail)
        for rule, detail in fired if rule.code in current
    ], ignore_conflicts=True)


class CaseObserver:
    """Supervision's side of ``cases.hooks``, registered in ``SupervisionConfig.ready()``."""

    def case_saved(self, case, tokens, events, suspensions) -> None:
        on_case_saved(case, tokens, events, suspensions)


# --- the sweep --------------------------------------------------------------------------------


def _detail(instant: domain.Instant, step_names: dict) -> str:
    at = local(instant.at)
    step = step_names.get(instant.token_id, "")
    texts = {
        domain.STEP_NEAR: _("Step %(step)s is near its limit (since %(at)s)."),
        domain.STEP_OVER: _("Step %(step)s is over its limit (due %(at)s)."),
        domain.CASE_SHARE: _("The case has used its yellow share of the committed limit (since %(at)s)."),
        domain.CASE_OVER_COMMITTED: _("The case is over its committed limit (due %(at)s)."),
        domain.CASE_OVER_STATUTORY: _("The case is over its statutory limit (due %(at)s)."),
    }
    return texts[instant.code] % {"step": step, "at": at}


def _sweep_batch(ids: list[int], rules: dict, calendar, now: datetime) -> tuple[int, list[Watch]]:
    cases = list(Case.objects.filter(pk__in=ids).only(
        "id", "flow_id", "department_id", "state", "clock_start", "committed_limit", "committed_unit", "committed_due",
        "statutory_due", "suspended_since", "has_suspensions", "materials_complete_at"))
    tokens: dict[int, list] = {}
    for token in Token.objects.filter(case_id__in=ids, state=TokenState.ACTIVE).only(
            "id", "case_id", "step_id", "arrived_at", "due_at"):
        tokens.setdefault(token.case_id, []).append(token)
    spans: dict[int, list] = {}
    with_suspensions = [case.pk for case in cases if case.has_suspensions]
    if with_suspensions:
        for case_id, began, ended in Suspension.objects.filter(case_id__in=with_suspensions).values_list(
                "case_id", "began_at", "ended_at"):
            spans.setdefault(case_id, []).append((began, ended))
    existing = set(Alert.objects.filter(case_id__in=ids, rule__code__in=domain.TIME_RULES)
                   .values_list("rule_id", "case_id", "token_id"))
    by_code = {rule.code: rule for rule in rules.values()}
    alerts, watches = [], []
    for case in cases:
        graph = flow_graph(case.flow_id)
        case_tokens = tokens.get(case.pk, [])
        data = _case_data(case, case_tokens, spans.get(case.pk, ()), graph)
        fired, next_at = domain.evaluate(data, rules, calendar, now, _share_at)
        names = {step.token_id: step.name for step in data.steps}
        for instant in fired:
            rule = by_code[instant.code]
            if (rule.id, case.pk, instant.token_id) in existing:
                continue
            existing.add((rule.id, case.pk, instant.token_id))
            alerts.append(Alert(rule_id=rule.id, case_id=case.pk, token_id=instant.token_id,
                                department_id=case.department_id, level=rule.level, raised_at=now,
                                detail=_detail(instant, names)))
        watches.append(Watch(case_id=case.pk, next_at=next_at))
    # A watch whose case is gone from the batch (cannot happen: cases are never deleted) is disarmed.
    seen = {case.pk for case in cases}
    watches += [Watch(case_id=case_id, next_at=None) for case_id in ids if case_id not in seen]
    if alerts:
        Alert.objects.bulk_create(alerts, ignore_conflicts=True)
    Watch.objects.bulk_update(watches, ["next_at"])
    return len(alerts), watches


def _rearm_open(now: datetime) -> int:
    """Arm the watch of every open case with a running clock at ``now``: the next sweep looks at all."""
    return Watch.objects.filter(case__state__in=OPEN_STATES, case__suspended_since__isnull=True).filter(
        Q(next_at__isnull=True) | Q(next_at__gt=now)).update(next_at=now)


def sweep(*, now: datetime | None = None, full: bool = False, batch: int = SWEEP_BATCH) -> SweepRun:
    """Evaluate the time rules of the cases whose watch is due at ``now`` (every open case with
    ``full``), raise what fired (at most once per rule, case and step) and re-arm their watches;
    record the run."""
    started = timezone.now()
    now = (now or started).astimezone(SHANGHAI)
    with transaction.atomic(durable=True):
        run = SweepRun.objects.create(started_at=started, now=now)
        if full:
            _rearm_open(now)
        rules = {code: rule for code, rule in _read_rules().items() if code in domain.TIME_RULES}
        calendar = _calendar()
        while True:
            ids = list(Watch.objects.select_for_update().filter(next_at__lte=now).order_by("next_at", "case_id")
                       .values_list("case_id", flat=True)[:batch])
            if not ids:
                break
            raised, _watches = _sweep_batch(ids, rules, calendar, now)
            run.checked += len(ids)
            run.raised += raised
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at", "checked", "raised"])
    return run


# --- tuning the rules ----------------------------------------------------------------------------


def rule_update(*, actor, rule: AlertRule, enabled: bool | None = None, params: dict | None = None,
                name: str | None = None, description: str | None = None, now: datetime | None = None) -> AlertRule:
    """Enable, disable or tune a rule (recorded in its history); every open case's watch is
    re-armed so that the next sweep evaluates them under the new rule."""
    if not (getattr(actor, "is_superuser", False) or has_role(actor, Role.SUPERVISOR)):
        raise NotSupervisor(_("Only supervisors change alert rules."))
    errors = []
    if params is not None:
        errors += domain.param_errors(rule.code, params)
    if name is not None and not (name or "").strip():
        errors.append({"field": "name", "rule": "required", "detail": _("The rule needs a name.")})
    if errors:
        raise InvalidRule(errors[0]["detail"], field=errors[0]["field"], rule=errors[0]["rule"], errors=errors)
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        rule = AlertRule.objects.select_for_update().get(pk=rule.pk)
        if enabled is not None:
            rule.enabled = enabled
        if params is not None:
            rule.params = params
        if name is not None:
            rule.name = name.strip()
        if description is not None:
            rule.description = description
        rule._history_user = actor
        rule.save()
        if rule.code in domain.TIME_RULES:
            _rearm_open(now)
    rules_forget()
    return rule
