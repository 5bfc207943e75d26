"""The writers of electronic supervision: the on-event hook run inside every case action, the
incremental sweep of time rules, and the tuning of alert rules. One transaction each."""

import re
import secrets
import time
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache

from django.conf import settings as _settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yangguang.core import statements
from yangguang.cases.domain import OPEN_STATES, local
from yangguang.cases.models import Case, Suspension, Token, TokenState
from yangguang.cases.services import (
    PHONE,
    QUERY_CODE_ALPHABET,
    QUERY_CODE_LENGTH,
    flow_graph,
    query_code_hash,
)
from yangguang.core.errors import InvalidInput
from yangguang.flows.models import Step
from yangguang.org.models import Department, Officer, Region, Role, RoleAssignment
from yangguang.org.rules import has_role, holders_over
from yangguang.worktime.domain import SHANGHAI, WORKDAY, due, format_due
from yangguang.worktime.selectors import (
    calendar_held,
)

from . import domain
from .errors import InvalidRule, NotResponsible, NotSupervisor, WrongStatus
from .models import (
    Alert,
    AlertAction,
    AlertRule,
    AlertStatus,
    Complaint,
    ComplaintAction,
    ComplaintStatus,
    Notification,
    OrderStatus,
    SupervisionOrder,
    SweepRun,
    Watch,
)
from .rules import heads, on_department_side, supervises, supervises_level

# How long a process keeps the rules it read for the case hot path; a change made through
# ``rule_update`` is seen at once by the process making it and re-arms every watch.
RULES_SECONDS = 30
SWEEP_BATCH = 1000
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_memo: dict = {}


_calendar = calendar_held


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
    steps = []
    for token in tokens:
        step = _step_data(graph, token.pk, token.step_id, token.arrived_at, token.due_at, case.materials_complete_at)
        if step is not None:
            steps.append(step)
    return domain.CaseData(
        is_open=case.state in OPEN_STATES, clock_start=case.clock_start, committed_limit=case.committed_limit,
        committed_unit=case.committed_unit, committed_due=case.committed_due, statutory_due=case.statutory_due,
        suspended=case.suspended_since is not None, suspensions=tuple(tuple(span) for span in suspensions),
        steps=tuple(steps),
    )


def _step_data(graph, token_id, step_id, arrived_at, due_at, materials_complete_at) -> domain.StepData | None:
    """A step as the rules see it; None when it has no limit or its clock is stopped."""
    if due_at is None:
        return None
    node = graph.nodes[graph.keys[step_id]]
    if node.kind != "task" or not node.limit:
        return None
    start = arrived_at
    if materials_complete_at is not None and node.key == graph.acceptance:
        start = max(start, materials_complete_at)
    return domain.StepData(token_id, node.name, start, node.limit, node.unit, due_at)


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


DISCRETION_DEVIATION = "D01"  # 裁量偏差 (discretion deviation), seeded by migration 0010


def _discretion_detail(checked: dict) -> str:
    """The detail of rule D01 from what the decision's event records of its benchmark check."""
    low_high = checked.get("range") or ["—", "—"]
    text = _("Decided outside discretion benchmark version %(number)s (%(violation)s, tier %(tier)s, range "
             "%(low)s–%(high)s yuan): %(deviations)s Reason given: %(reason)s") % {
        "number": checked.get("benchmark"), "violation": checked.get("violation_name") or checked.get("violation"),
        "tier": checked.get("tier") or "—", "low": low_high[0], "high": low_high[1],
        "deviations": " ".join(d.get("detail", "") for d in checked.get("deviations", [])),
        "reason": checked.get("reason", ""),
    }
    return text


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
    rule = cached.get(domain.FEE_OFF_STANDARD)
    if (rule and rule.enabled and event.action == "decide" and (event.data or {}).get("fees")
            and (detail := _fees_off_standard(case, event.data["fees"]))):
        fired.append((rule, detail))
    rule = cached.get(DISCRETION_DEVIATION)  # D01: a penalty decided outside its benchmark, with a reason
    if (rule and rule.enabled and event.action == "decide"
            and ((event.data or {}).get("discretion") or {}).get("deviation")):
        fired.append((rule, _discretion_detail(event.data["discretion"])))
    if not fired:
        return
    current = {rule.code: rule for rule in AlertRule.objects.filter(code__in=[rule.code for rule, _d in fired],
                                                                     enabled=True)}
    Alert.objects.bulk_create([
        Alert(rule=current[rule.code], case_id=case.pk, token=None, department_id=case.department_id,
              level=domain.FIXED_LEVELS.get(rule.code, current[rule.code].level), raised_at=event.at, detail=detail)
        for rule, detail in fired if rule.code in current
    ], ignore_conflicts=True)
    alerts_notify(now=event.at, case_id=case.pk, raised_at=event.at)  # lifecycle: notify what was raised


class CaseObserver:
    """Supervision's side of ``cases.hooks``, registered in ``SupervisionConfig.ready()``."""

    def case_saved(self, case, tokens, events, suspensions) -> None:
        on_case_saved(case, tokens, events, suspensions)


# --- the sweep --------------------------------------------------------------------------------


def _detail(instant: domain.Instant, step_names: dict) -> str:
    # a due is written as the law states it (…24:00:00); the instant a share was reached as it is
    at = local(instant.at) if instant.code in (domain.STEP_NEAR, domain.CASE_SHARE) else format_due(instant.at)
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


# A full sweep evaluates the open cases in groups that share every input of the time rules: the
# rules of a group are evaluated once in Python and applied to its cases by set-based SQL.
# Cases whose inputs are not grouped (a suspension on record, no dues yet) go one by one.
_TEMP_TABLES = ("sw_k", "sw_cg", "sw_tg", "sw_cf", "sw_tf", "sw_map")


def _grouped_filter(case_alias: str, grouped: bool | None = True, running: bool = True) -> tuple[str, list]:
    """SQL and parameters: the open cases with a running clock (``running``) that the groups
    cover (``grouped`` True), do not cover (False), or all of them (None)."""
    c = case_alias
    states = ", ".join(["%s"] * len(OPEN_STATES))
    dues = " AND ".join(f"{c}.{name} IS NOT NULL" for name in ("clock_start", "committed_due", "statutory_due"))
    parts, params = [], []
    if running:
        parts.append(f"{c}.state IN ({states}) AND {c}.suspended_since IS NULL")
        params += OPEN_STATES
    if grouped is not None:
        parts.append(f"{'' if grouped else 'NOT '}({c}.has_suspensions = %s AND {dues})")
        params.append(False)
    return " AND ".join(parts), params


@contextmanager
def _roomy(cursor, cache_kib: int = 262_144):
    """On SQLite, a larger page cache and memory-mapped reads for the full sweep's few passes over
    every open case; the connection's settings are restored afterwards."""
    if cursor.db.vendor != "sqlite":
        yield
        return
    saved = {}
    for pragma, value in (("main.cache_size", -cache_kib), ("temp.cache_size", -cache_kib),
                          ("main.mmap_size", 1 << 32)):
        cursor.execute(f"PRAGMA {pragma}")
        saved[pragma] = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA {pragma} = {value}")
    try:
        yield
    finally:
        for pragma, value in reversed(saved.items()):
            cursor.execute(f"PRAGMA {pragma} = {value}")


def _earlier(a: str, b: str) -> str:
    """SQL for the earlier of two instants, either of which may be NULL (none)."""
    return f"CASE WHEN {a} IS NULL THEN {b} WHEN {b} IS NULL OR {b} > {a} THEN {a} ELSE {b} END"


def _sweep_grouped(cursor, rules: dict, calendar, now: datetime) -> tuple[int, int]:
    """Evaluate every grouped open case at ``now``, raise what fired and re-arm its watch.
    Returns (cases checked, alerts raised)."""
    connection = cursor.db
    qn = connection.ops.quote_name
    case_t, token_t, alert_t, watch_t = (qn(model._meta.db_table) for model in (Case, Token, Alert, Watch))
    when = Watch._meta.get_field("next_at").db_type(connection)
    by_code = {rule.code: rule for rule in rules.values()}
    where, where_params = _grouped_filter("c")
    token_join = (f"LEFT JOIN {token_t} t ON t.case_id = c.id AND t.state = %s AND t.due_at IS NOT NULL")
    field = Watch._meta.get_field("next_at")
    converters = connection.ops.get_db_converters(field.get_col(Watch._meta.db_table))

    def load(value):  # a stored instant as the ORM would read it
        for converter in converters:
            value = converter(value, field, connection)
        return value

    def store(value):
        return field.get_db_prep_save(value, connection)

    for name in _TEMP_TABLES:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute(f"CREATE TEMPORARY TABLE sw_cg (gid integer PRIMARY KEY, clock_start {when}, committed_limit integer, "
                   f"committed_unit varchar(8), committed_due {when}, statutory_due {when}, next_at {when})")
    cursor.execute(f"CREATE TEMPORARY TABLE sw_tg (gid integer PRIMARY KEY, flow_id bigint, step_id bigint, "
                   f"arrived_at {when}, due_at {when}, m {when}, next_at {when})")
    for name in ("sw_cf", "sw_tf"):
        cursor.execute(f"CREATE TEMPORARY TABLE {name} (gid integer, rule_id bigint, level varchar(8), detail text)")
    cursor.execute(f"CREATE TEMPORARY TABLE sw_map (case_id bigint, department_id bigint, token_id bigint, "
                   f"cg integer, tg integer, next_at {when})")

    # The distinct inputs, copied by the database itself so that the joins below match exactly,
    # from one pass over the grouped cases and their active timed steps.
    cursor.execute(f"CREATE TEMPORARY TABLE sw_k AS SELECT DISTINCT c.clock_start, c.committed_limit, c.committed_unit, "
                   f"c.committed_due, c.statutory_due, c.flow_id, t.step_id, t.arrived_at, t.due_at, "
                   f"COALESCE(c.materials_complete_at, t.arrived_at) AS m FROM {case_t} c {token_join} WHERE {where}",
                   [TokenState.ACTIVE, *where_params])
    cursor.execute("INSERT INTO sw_cg (gid, clock_start, committed_limit, committed_unit, committed_due, statutory_due) "
                   "SELECT ROW_NUMBER() OVER (), k.* FROM (SELECT DISTINCT clock_start, committed_limit, committed_unit, "
                   "committed_due, statutory_due FROM sw_k) k")
    cursor.execute("INSERT INTO sw_tg (gid, flow_id, step_id, arrived_at, due_at, m) SELECT ROW_NUMBER() OVER (), k.* "
                   "FROM (SELECT DISTINCT flow_id, step_id, arrived_at, due_at, m FROM sw_k WHERE step_id IS NOT NULL) k")
    cursor.execute("DROP TABLE sw_k")

    cursor.execute("SELECT gid, clock_start, committed_limit, committed_unit, committed_due, statutory_due FROM sw_cg")
    nexts, fired = [], []
    for gid, clock_start, limit, unit, committed_due, statutory_due in cursor.fetchall():
        data = domain.CaseData(is_open=True, clock_start=load(clock_start), committed_limit=limit, committed_unit=unit,
                               committed_due=load(committed_due), statutory_due=load(statutory_due), suspended=False)
        done, next_at = domain.evaluate(data, rules, calendar, now, _share_at)
        nexts.append((store(next_at), gid))
        fired += [(gid, by_code[i.code].id, by_code[i.code].level, _detail(i, {})) for i in done]
    cursor.executemany("UPDATE sw_cg SET next_at = %s WHERE gid = %s", nexts)
    cursor.executemany("INSERT INTO sw_cf VALUES (%s, %s, %s, %s)", fired)

    cursor.execute("SELECT gid, flow_id, step_id, arrived_at, due_at, m FROM sw_tg")
    nexts, fired = [], []
    for gid, flow_id, step_id, arrived_at, due_at, start in cursor.fetchall():
        step = _step_data(flow_graph(flow_id), 0, step_id, load(arrived_at), load(due_at), load(start))
        data = domain.CaseData(is_open=True, clock_start=None, committed_limit=0, committed_unit="",
                               committed_due=None, statutory_due=None, suspended=False,
                               steps=() if step is None else (step,))
        done, next_at = domain.evaluate(data, rules, calendar, now, _share_at)
        nexts.append((store(next_at), gid))
        names = {0: step.name} if step is not None else {}
        fired += [(gid, by_code[i.code].id, by_code[i.code].level, _detail(i, names)) for i in done]
    cursor.executemany("UPDATE sw_tg SET next_at = %s WHERE gid = %s", nexts)
    cursor.executemany("INSERT INTO sw_tf VALUES (%s, %s, %s, %s)", fired)

    # One row per open case with a running clock and active timed step (or none, tg NULL); a
    # case no group covers (cg NULL) is armed at ``now`` for the per-case path.
    cursor.execute("CREATE INDEX sw_cg_key ON sw_cg (clock_start, committed_due, statutory_due, committed_limit, committed_unit)")
    cursor.execute("CREATE INDEX sw_tg_key ON sw_tg (arrived_at, due_at, step_id, flow_id, m)")
    every, every_params = _grouped_filter("c", grouped=None)
    covered, covered_params = _grouped_filter("c", grouped=True, running=False)
    cursor.execute(
        f"INSERT INTO sw_map SELECT c.id, c.department_id, t.id, g.gid, h.gid, "
        f"CASE WHEN g.gid IS NULL THEN %s ELSE {_earlier('g.next_at', 'h.next_at')} END "
        f"FROM {case_t} c LEFT JOIN sw_cg g ON {covered} AND g.clock_start = c.clock_start AND "
        f"g.committed_due = c.committed_due AND g.statutory_due = c.statutory_due AND "
        f"g.committed_limit = c.committed_limit AND g.committed_unit = c.committed_unit "
        f"LEFT JOIN {token_t} t ON g.gid IS NOT NULL AND t.case_id = c.id AND t.state = %s AND t.due_at IS NOT NULL "
        f"LEFT JOIN sw_tg h ON h.arrived_at = t.arrived_at AND h.due_at = t.due_at AND h.step_id = t.step_id AND "
        f"h.flow_id = c.flow_id AND h.m = COALESCE(c.materials_complete_at, t.arrived_at) WHERE {every}",
        [connection.ops.adapt_datetimefield_value(now), *covered_params, TokenState.ACTIVE, *every_params])

    # Alerts: at most one per rule, case and step (the unique constraints), every other column
    # (the status: raised) at its model default.
    given = {"rule_id": "f.rule_id", "case_id": "m.case_id", "department_id": "m.department_id", "level": "f.level",
             "raised_at": "%s", "detail": "f.detail"}
    columns, values, head = [], [], []
    # PostgreSQL types a bare parameter or NULL in a SELECT list as text; SQLite needs no cast
    # (and a CAST to a datetime type there would turn the text into a number).
    typed = connection.vendor == "postgresql"
    for alert_field in Alert._meta.concrete_fields:
        if alert_field.primary_key and alert_field.attname not in given:
            continue
        columns.append(qn(alert_field.column))
        if alert_field.attname == "token_id":
            values.append("{token}")
            continue
        value = given.get(alert_field.attname, "%s")
        if typed and value == "%s":
            value = f"CAST(%s AS {alert_field.cast_db_type(connection)})"
        values.append(value)
        if alert_field.attname == "raised_at":
            head.append(connection.ops.adapt_datetimefield_value(now))
        elif alert_field.attname not in given:
            head.append(alert_field.get_db_prep_save(alert_field.get_default(), connection))
    insert = f"INSERT INTO {alert_t} ({', '.join(columns)}) SELECT DISTINCT {', '.join(values)}"
    null_token = f"CAST(NULL AS {Alert._meta.get_field('token').cast_db_type(connection)})" if typed else "NULL"
    cursor.execute(insert.replace("{token}", null_token) + " FROM sw_map m JOIN sw_cf f ON f.gid = m.cg "
                   "WHERE m.cg IS NOT NULL ON CONFLICT DO NOTHING", head)
    raised = max(cursor.rowcount, 0)
    cursor.execute(insert.replace("{token}", "m.token_id") + " FROM sw_map m JOIN sw_tf f ON f.gid = m.tg "
                   "WHERE m.tg IS NOT NULL ON CONFLICT DO NOTHING", head)
    raised += max(cursor.rowcount, 0)

    # Watches: the earliest instant still ahead among the case's rules and its steps'.
    cursor.execute(f"UPDATE {watch_t} SET next_at = n.next_at FROM (SELECT case_id, MIN(next_at) AS next_at FROM sw_map "
                   f"WHERE cg IS NOT NULL GROUP BY case_id) n WHERE {watch_t}.case_id = n.case_id")
    checked = cursor.rowcount
    db_now = connection.ops.adapt_datetimefield_value(now)
    cursor.execute(f"UPDATE {watch_t} SET next_at = %s WHERE (next_at IS NULL OR next_at > %s) AND "
                   f"case_id IN (SELECT case_id FROM sw_map WHERE cg IS NULL)", [db_now, db_now])
    return checked, raised


def _rearm_open(now: datetime) -> int:
    """Arm the watch of every open case with a running clock at ``now``: the next sweep looks at all."""
    return Watch.objects.filter(case__state__in=OPEN_STATES, case__suspended_since__isnull=True).filter(
        Q(next_at__isnull=True) | Q(next_at__gt=now)).update(next_at=now)


def sweep(*, now: datetime | None = None, full: bool = False, notify: bool = True, batch: int = SWEEP_BATCH) -> SweepRun:
    """Evaluate the time rules of the cases whose watch is due at ``now`` (every open case with
    ``full``), raise what fired (at most once per rule, case and step) and re-arm their watches;
    record the run. With ``notify`` the alerts raised are notified in the same transaction;
    without it they stay ``raised`` for a later ``alerts_notify``."""
    started = timezone.now()
    now = (now or started).astimezone(SHANGHAI)
    with transaction.atomic(durable=True):
        run = SweepRun.objects.create(started_at=started, now=now)
        every_rule = _read_rules()
        rules = {code: rule for code, rule in every_rule.items() if code in domain.TIME_RULES}
        calendar = _calendar()
        if full:
            with connections["default"].cursor() as cursor, _roomy(cursor):
                run.checked, run.raised = _sweep_grouped(cursor, rules, calendar, now)
                for name in _TEMP_TABLES:
                    cursor.execute(f"DROP TABLE IF EXISTS {name}")
        while True:
            ids = list(Watch.objects.select_for_update().filter(next_at__lte=now).order_by("next_at", "case_id")
                       .values_list("case_id", flat=True)[:batch])
            if not ids:
                break
            raised, _watches = _sweep_batch(ids, rules, calendar, now)
            run.checked += len(ids)
            run.raised += raised
        run.raised += complaints_overdue(now, every_rule.get(domain.COMPLAINT_ACCEPTANCE_LATE))
        if run.raised and notify:  # lifecycle: notify what this run raised (a few queries per thousand alerts)
            alerts_notify(now=now, raised_at=now)
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


# --- the alert lifecycle (预警纠错): notification, correction, confirmation, card removal --------------
# (the sweep and the on-event hook each call ``alerts_notify`` once)


def _workdays_due(start: datetime, setting: str) -> datetime:
    return due(start, int(getattr(_settings, setting, 3)), WORKDAY, _calendar())


def supervisors_over(regions) -> dict[int, set[int]]:
    """{region id: user ids of the supervisors over it} for the given regions (one query)."""
    return holders_over(Role.SUPERVISOR, regions)


def heads_of(department_ids) -> dict[int, set[int]]:
    """{department id: user ids of its heads} for the given departments (one query)."""
    found: dict[int, set[int]] = {}
    for department_id, user_id in RoleAssignment.objects.filter(
            role=Role.DEPARTMENT_HEAD, department_id__in=set(department_ids)).values_list("department_id", "user_id"):
        found.setdefault(department_id, set()).add(user_id)
    return found


def notify(rows: list[Notification], subject: str) -> None:
    """Write the in-app notifications and send each one by e-mail once the transaction commits."""
    if not rows:
        return
    Notification.objects.bulk_create(rows, batch_size=SWEEP_BATCH)
    emails = dict(get_user_model().objects.filter(pk__in={row.user_id for row in rows}).exclude(email="")
                  .values_list("pk", "email"))
    messages = tuple((subject, row.text, None, [emails[row.user_id]]) for row in rows if row.user_id in emails)
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))


# Work tables of ``alerts_notify``: the alerts with the department and post (0: none) that choose
# their recipients, the recipients of each (department, post) and the count text of each.
_NOTIFY_TABLES = ("nt_alert", "nt_user", "nt_count")


def _sql_text(template: str, fields: dict[str, tuple[str, list]]) -> tuple[str, list]:
    """SQL concatenating a translated ``%(name)s`` template: its literal pieces as parameters,
    each field as its SQL expression with that expression's parameters."""
    parts, params = [], []
    for index, piece in enumerate(re.split(r"%\((\w+)\)s", template)):
        if index % 2:
            sql, more = fields[piece]
            parts.append(f"COALESCE({sql}, '')")
            params += more
        elif piece:
            parts.append("%s")
            params.append(piece.replace("%%", "%"))
    return " || ".join(parts) or "''", params


def _alert_recipients(pairs) -> dict[tuple[int, int], set[int]]:
    """{(department id, post id or 0): user ids} for the given (department, post, region) triples:
    the department's heads, the supervisors over its region and, for a post, its holders there."""
    heads = heads_of(department_id for department_id, _post, _region in pairs)
    supervisors = supervisors_over(Region.objects.filter(pk__in={region for _d, _p, region in pairs}))
    holders: dict[tuple[int, int], set[int]] = {}
    for department_id, post_id, user_id in Officer.posts.through.objects.filter(
            post_id__in={post for _d, post, _r in pairs if post}).values_list(
            "officer__department_id", "post_id", "officer__user_id"):
        holders.setdefault((department_id, post_id), set()).add(user_id)
    return {(department, post): heads.get(department, set()) | supervisors[region]
            | holders.get((department, post), set()) for department, post, region in pairs}


def alerts_notify(*, now: datetime, alerts=None, **filters) -> int:
    """Notify the alerts still ``raised`` that match ``filters`` (e.g. ``case_id__in``): the holders
    of the step's post (for a step alert), the department's heads and the region's supervisors;
    set the correction deadline and mark them notified.

    Set-based: the recipients are worked out once per (department, post) in Python, everything
    else is a few INSERT … SELECT and UPDATE statements, whatever the number of alerts (a full
    sweep raises a hundred thousand). Runs inside the caller's transaction; e-mail after commit."""
    selected = (alerts if alerts is not None else Alert.objects.filter(**filters)).filter(status=AlertStatus.RAISED)
    ids_sql, ids_params = selected.order_by().values("pk").query.sql_with_params()
    connection = connections[selected.db]
    qn = connection.ops.quote_name
    alert_t, action_t, rule_t, note_t, case_t, token_t, step_t, department_t = (
        qn(model._meta.db_table) for model in (Alert, AlertAction, AlertRule, Notification, Case, Token, Step,
                                               Department))
    typed = connection.vendor == "postgresql"  # PostgreSQL types a bare parameter in a SELECT list as text

    def instant(model, name) -> str:
        return f"CAST(%s AS {model._meta.get_field(name).cast_db_type(connection)})" if typed else "%s"

    with connection.cursor() as cursor:
        for name in _NOTIFY_TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute("CREATE TEMPORARY TABLE nt_alert (id bigint PRIMARY KEY, department_id bigint, post_id bigint)")
        cursor.execute(f"INSERT INTO nt_alert (id, department_id, post_id) SELECT a.id, a.department_id, "
                       f"COALESCE(s.post_id, 0) FROM {alert_t} a LEFT JOIN {token_t} t ON t.id = a.token_id "
                       f"LEFT JOIN {step_t} s ON s.id = t.step_id WHERE a.id IN ({ids_sql})", ids_params)
        cursor.execute(f"SELECT DISTINCT n.department_id, n.post_id, d.region_id FROM nt_alert n "
                       f"JOIN {department_t} d ON d.id = n.department_id")
        pairs = cursor.fetchall()
        if not pairs:
            cursor.execute("DROP TABLE nt_alert")
            return 0
        recipients = _alert_recipients(pairs)
        cursor.execute("CREATE TEMPORARY TABLE nt_user (department_id bigint, post_id bigint, user_id bigint)")
        cursor.executemany("INSERT INTO nt_user VALUES (%s, %s, %s)", [
            (department, post, user) for (department, post), users in recipients.items() for user in users])
        cursor.execute("CREATE INDEX nt_user_key ON nt_user (department_id, post_id)")
        cursor.execute("CREATE TEMPORARY TABLE nt_count (department_id bigint, post_id bigint, text text)")
        cursor.executemany("INSERT INTO nt_count VALUES (%s, %s, %s)", [
            (department, post, _("%(count)s notified.") % {"count": len(users)})
            for (department, post), users in recipients.items()])

        correction_due = _workdays_due(now, "YANGGUANG_CORRECTION_WORKDAYS")
        levels = Alert._meta.get_field("level").flatchoices
        text, text_params = _sql_text(
            _("%(level)s %(rule)s on %(subject)s: %(detail)s Explain or correct by %(due)s."), {
                "level": ("CASE a.level " + " ".join(["WHEN %s THEN %s"] * len(levels)) + " ELSE a.level END",
                          [str(value) for choice in levels for value in choice]),
                "rule": ("r.name", []),
                "subject": ("CASE WHEN a.case_id IS NULL THEN d.name ELSE c.number END", []),
                "detail": ("a.detail", []),
                "due": ("%s", [format_due(correction_due)]),
            })
        db_now = connection.ops.adapt_datetimefield_value(now)
        cursor.execute(
            f"INSERT INTO {note_t} (user_id, kind, alert_id, text, created_at) "
            f"SELECT u.user_id, %s, a.id, {text}, {instant(Notification, 'created_at')} FROM nt_alert n "
            f"JOIN {alert_t} a ON a.id = n.id JOIN {rule_t} r ON r.id = a.rule_id "
            f"JOIN {department_t} d ON d.id = a.department_id LEFT JOIN {case_t} c ON c.id = a.case_id "
            f"JOIN nt_user u ON u.department_id = n.department_id AND u.post_id = n.post_id ORDER BY a.id, u.user_id",
            ["alert", *text_params, db_now])
        cursor.execute(
            f"INSERT INTO {action_t} (alert_id, action, at, from_status, to_status, text) "
            f"SELECT n.id, %s, {instant(AlertAction, 'at')}, %s, %s, k.text FROM nt_alert n "
            f"JOIN nt_count k ON k.department_id = n.department_id AND k.post_id = n.post_id ORDER BY n.id",
            ["notify", db_now, AlertStatus.RAISED, AlertStatus.NOTIFIED])
        cursor.execute(f"UPDATE {alert_t} SET status = %s, correction_due = %s WHERE id IN (SELECT id FROM nt_alert)",
                       [AlertStatus.NOTIFIED, connection.ops.adapt_datetimefield_value(correction_due)])
        notified = cursor.rowcount

        user_model = get_user_model()
        if user_model.objects.filter(pk__in=set().union(*recipients.values())).exclude(email="").exists():
            email = qn(user_model._meta.get_field("email").column)
            cursor.execute(f"SELECT m.{email}, o.text FROM {note_t} o JOIN nt_alert n ON n.id = o.alert_id "
                           f"JOIN {qn(user_model._meta.db_table)} m ON m.id = o.user_id "
                           f"WHERE o.kind = %s AND m.{email} <> '' ORDER BY o.id", ["alert"])
            subject = _("Supervision alert (电子监察预警)")
            messages = tuple((subject, body, None, [address]) for address, body in cursor.fetchall())
            transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
        for name in _NOTIFY_TABLES:
            cursor.execute(f"DROP TABLE {name}")
    return notified


def alert_act(*, actor, alert: Alert, action: str, text: str = "", now: datetime | None = None) -> Alert:
    """Take one lifecycle action on an alert (see ``domain.ALERT_TRANSITIONS``), logged in ``AlertAction``."""
    if action not in domain.ALERT_TRANSITIONS:
        raise InvalidInput.one("action", "choice", _("Unknown action %(action)s; one of %(actions)s.") % {
            "action": action, "actions": ", ".join(domain.ALERT_TRANSITIONS)})
    text = (text or "").strip()
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        alert = Alert.objects.select_for_update(of=("self",)).select_related("department__region", "token__step").get(
            pk=alert.pk)
        side = domain.ALERT_TRANSITIONS[action][0]
        allowed = on_department_side(actor, alert) if side == domain.DEPARTMENT_SIDE else supervises(
            actor, alert.department)
        if not allowed:
            message = (_("Only officers of the department holding the step's post, or its head, may %(action)s.")
                       if side == domain.DEPARTMENT_SIDE else
                       _("Only a supervisor over the department's region may %(action)s."))
            raise NotResponsible(message % {"action": action}, field="action", rule=f"{side}-side")
        step = domain.alert_transition(action, alert.status)
        if step is None:
            raise WrongStatus(_("%(action)s does not apply to an alert that is %(status)s.") % {
                "action": action, "status": alert.get_status_display()}, field="action", rule="status")
        _side, target, needs_text = step
        if needs_text and not text:
            raise InvalidInput.one("text", "required", _("%(action)s needs a text (reason, explanation or "
                                                         "correction).") % {"action": action})
        if target is None:  # a refused removal goes back to where the request came from
            target = alert.actions.filter(action="request_removal").order_by("-at", "-id").values_list(
                "from_status", flat=True).first() or AlertStatus.NOTIFIED
        AlertAction.objects.create(alert=alert, action=action, actor=actor, at=now, from_status=alert.status,
                                   to_status=target, text=text)
        alert.status = target
        fields = ["status"]
        if action == "reject":  # sent back: a fresh correction deadline
            alert.correction_due = _workdays_due(now, "YANGGUANG_CORRECTION_WORKDAYS")
            fields.append("correction_due")
        alert.save(update_fields=fields)
        _transition_notify(alert, action, actor, now, text, side)
    return alert


def _transition_notify(alert: Alert, action: str, actor, now: datetime, text: str, side: str) -> None:
    """Tell the other side: the supervisors what the department did, the department what the supervisor decided."""
    if side == domain.DEPARTMENT_SIDE:
        users = supervisors_over([alert.department.region])[alert.department.region_id]
    else:
        users = set(heads_of([alert.department_id]).get(alert.department_id, ()))
        if alert.token_id and alert.token.step.post_id:
            users |= set(Officer.objects.filter(department_id=alert.department_id, posts=alert.token.step.post_id)
                         .values_list("user_id", flat=True))
    users.discard(actor.pk)
    message = _("%(who)s: %(action)s on alert #%(id)s (%(rule)s), now %(status)s. %(text)s") % {
        "who": actor.get_username(), "action": action, "id": alert.pk, "rule": alert.rule.code,
        "status": alert.get_status_display(), "text": text}
    notify([Notification(user_id=user_id, kind=action, alert=alert, text=message.strip(), created_at=now)
             for user_id in sorted(users)], _("Supervision alert (电子监察预警)"))


# --- supervision orders (督办单) ---------------------------------------------------------------------


def _supervising_region(actor, department) -> Region:
    """The most specific region over ``department`` where ``actor`` is a supervisor."""
    region = department.region
    best = None
    for assignment in RoleAssignment.objects.filter(user=actor, role=Role.SUPERVISOR,
                                                    region__isnull=False).select_related("region"):
        if region.code.startswith(assignment.region.scope_prefix) and (
                best is None or len(assignment.region.scope_prefix) > len(best.scope_prefix)):
            best = assignment.region
    return best or region


def _order_notify(order: SupervisionOrder, now: datetime, kind: str, text: str) -> None:
    _orders_notify([(order, text)], now, kind)


def _orders_notify(orders: list[tuple[SupervisionOrder, str]], now: datetime, kind: str) -> None:
    """Notify each (order, text): the heads of the order's department and, for an escalation, the
    supervisors over the order's region. A few queries, whatever the number of orders."""
    if not orders:
        return
    heads = heads_of({order.department_id for order, _text in orders})
    supervisors = {}
    if kind != "order":  # an escalation also reaches the supervisors of the next level
        supervisors = supervisors_over({order.region_id: order.region for order, _text in orders}.values())
    rows = []
    for order, text in orders:
        users = heads.get(order.department_id, set()) | supervisors.get(order.region_id, set())
        rows += [Notification(user_id=user_id, kind=kind, order=order, alert_id=order.alert_id, text=text,
                              created_at=now) for user_id in sorted(users)]
    notify(rows, _("Supervision order (督办单)"))


def order_issue(*, actor, text: str, alert: Alert | None = None, complaint: Complaint | None = None,
                department=None, now: datetime | None = None) -> SupervisionOrder:
    """A supervisor issues a supervision order on an alert, a complaint or a department, with a feedback deadline."""
    if sum(subject is not None for subject in (alert, complaint, department)) != 1:
        raise InvalidInput.one("alert", "one-of",
                               _("An order is on an alert, a complaint or a department, exactly one."))
    department = alert.department if alert is not None else complaint.department if complaint is not None else department
    if not supervises(actor, department):
        raise NotResponsible(_("Only a supervisor over the department's region may issue a supervision order."),
                             field="department", rule="supervisor-side")
    text = (text or "").strip()
    if not text:
        raise InvalidInput.one("text", "required", _("A supervision order needs its advice (督办建议)."))
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        order = SupervisionOrder.objects.create(
            alert=alert, complaint=complaint, department=department, region=_supervising_region(actor, department),
            issued_by=actor,
            issued_at=now, text=text, feedback_due=_workdays_due(now, "YANGGUANG_ORDER_FEEDBACK_WORKDAYS"))
        if alert is not None:
            AlertAction.objects.create(alert=alert, action="order", actor=actor, at=now, from_status=alert.status,
                                       to_status=alert.status, text=text)
        if complaint is not None:
            ComplaintAction.objects.create(complaint=complaint, action="order", actor=actor, at=now,
                                           from_status=complaint.status, to_status=complaint.status, text=text)
        _order_notify(order, now, "order", _("Supervision order #%(id)s for %(department)s: %(text)s Feedback due "
                                             "%(due)s.") % {"id": order.pk, "department": department.name,
                                                            "text": text, "due": format_due(order.feedback_due)})
    return order


def order_reply(*, actor, order: SupervisionOrder, text: str, now: datetime | None = None) -> SupervisionOrder:
    """The department's head gives feedback (督办反馈) on an order."""
    now = now or timezone.now()
    text = (text or "").strip()
    with transaction.atomic(durable=True):
        order = SupervisionOrder.objects.select_for_update().select_related("department__region").get(pk=order.pk)
        if not heads(actor, order.department):
            raise NotResponsible(_("Only the head of the supervised department replies to an order."),
                                 field="action", rule="department-head")
        if order.status not in (OrderStatus.OPEN, OrderStatus.OVERDUE):
            raise WrongStatus(_("The order is %(status)s and takes no reply.") % {"status": order.get_status_display()},
                              field="action", rule="status")
        if not text:
            raise InvalidInput.one("text", "required", _("A reply needs its text."))
        order.status, order.reply, order.replied_at, order.replied_by = OrderStatus.REPLIED, text, now, actor
        order.save(update_fields=["status", "reply", "replied_at", "replied_by"])
    return order


def order_conclude(*, actor, order: SupervisionOrder, text: str, verified: bool,
                   now: datetime | None = None) -> SupervisionOrder:
    """A supervisor of the order's level concludes it (督办结论), saying whether the feedback is true."""
    now = now or timezone.now()
    text = (text or "").strip()
    with transaction.atomic(durable=True):
        order = SupervisionOrder.objects.select_for_update().select_related("region").get(pk=order.pk)
        if not supervises_level(actor, order.region):
            raise NotResponsible(_("Only a supervisor of the order's level concludes it."), field="action",
                                 rule="supervisor-side")
        if order.status != OrderStatus.REPLIED:
            raise WrongStatus(_("Only a replied order can be concluded; this one is %(status)s.")
                              % {"status": order.get_status_display()}, field="action", rule="status")
        if not text:
            raise InvalidInput.one("text", "required", _("A conclusion needs its text."))
        if not isinstance(verified, bool):
            raise InvalidInput.one("verified", "boolean", _("Say whether the feedback is true (true or false)."))
        order.status, order.conclusion, order.verified = OrderStatus.CONCLUDED, text, verified
        order.concluded_at, order.concluded_by = now, actor
        order.save(update_fields=["status", "conclusion", "verified", "concluded_at", "concluded_by"])
    return order


def orders_escalate(now: datetime | None = None) -> int:
    """Escalate every open order whose feedback deadline has passed at ``now``: mark it overdue,
    raise a rule-S01 alert and issue a follow-up order to the supervisors of the next level up.
    Idempotent: an overdue order is never escalated again. Returns how many escalated."""
    now = (now or timezone.now()).astimezone(SHANGHAI)
    with transaction.atomic(durable=True):
        orders = list(SupervisionOrder.objects.select_for_update(of=("self",)).select_related(
            "region__parent", "department", "alert", "complaint").filter(status=OrderStatus.OPEN, feedback_due__lte=now))
        if not orders:
            return 0
        rule = AlertRule.objects.filter(code=domain.ORDER_OVERDUE, enabled=True).first()
        alerts = []
        for order in orders:
            order.status, order.escalated_at = OrderStatus.OVERDUE, now
            if rule is not None:
                alerts.append(Alert(rule=rule, case_id=order.alert.case_id if order.alert else None, order=order,
                                    department=order.department, level=rule.level, raised_at=now,
                                    detail=_("Supervision order #%(id)s was not answered by %(due)s.")
                                    % {"id": order.pk, "due": format_due(order.feedback_due)}))
        SupervisionOrder.objects.bulk_update(orders, ["status", "escalated_at"])
        Alert.objects.bulk_create(alerts, ignore_conflicts=True)
        alerts_notify(now=now, order__in=orders)
        feedback_due = _workdays_due(now, "YANGGUANG_ORDER_FEEDBACK_WORKDAYS")
        follow_ups = SupervisionOrder.objects.bulk_create([
            SupervisionOrder(
                alert=order.alert, complaint=order.complaint, department=order.department, region=order.region.parent,
                parent=order, issued_by=None, issued_at=now, feedback_due=feedback_due,
                text=_("Escalated: order #%(id)s was not answered by %(due)s. %(text)s")
                % {"id": order.pk, "due": format_due(order.feedback_due), "text": order.text})
            for order in orders if order.region.parent is not None], batch_size=SWEEP_BATCH)
        _orders_notify([(follow_up, follow_up.text) for follow_up in follow_ups], now, "escalation")
    return len(orders)


def notifications_read_all(*, actor, now: datetime | None = None) -> int:
    """Mark every unread notification of the user read; how many were."""
    with transaction.atomic(durable=True):
        return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=now or timezone.now())


def notification_read(*, actor, notification: Notification, now: datetime | None = None) -> Notification:
    """Mark one of the user's own notifications read (once; the first reading stays)."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        Notification.objects.filter(pk=notification.pk, user=actor, read_at__isnull=True).update(read_at=now)
    notification.refresh_from_db()
    return notification


# --- complaints (投诉) ----------------------------------------------------------------------------


def _clean(value, field: str, errors: list, *, required: bool = False, max_length: int = 2000) -> str:
    value = value if isinstance(value, str) else ("" if value is None else str(value))
    value = value.strip()
    if required and not value:
        errors.append({"field": field, "rule": "required", "detail": _("This field is required.")})
    elif len(value) > max_length:
        errors.append({"field": field, "rule": "max-length", "detail": _("At most %(n)s characters.") % {"n": max_length}})
    return value


def complaint_file(*, kind: str, subject: str, text: str, department=None, case: Case | None = None, officer=None,
                   complainant_name: str = "", complainant_phone: str = "", complainant_email: str = "", user=None,
                   actor=None, now: datetime | None = None) -> Complaint:
    """File a complaint about a case (its department follows from it), a department or an officer.

    An efficiency complaint (效能投诉) is made in one's own name (实名) with a phone or an e-mail
    address for the answer; a report (举报) may be anonymous and is confidential. The complaint
    must be accepted or refused within five working days (``acceptance_due``). The returned
    complaint carries its tracking code as ``code``, shown once and stored only as a hash.
    ``actor`` is the supervisor who registers a complaint received by phone, letter or visit."""
    errors = []
    if kind not in (domain.EFFICIENCY, domain.REPORT):
        errors.append({"field": "kind", "rule": "choice",
                       "detail": _("An efficiency complaint (efficiency) or a report (report).")})
    name = _clean(complainant_name, "complainant_name", errors, max_length=100)
    phone = _clean(complainant_phone, "complainant_phone", errors, max_length=30)
    email = _clean(complainant_email, "complainant_email", errors, max_length=254)
    subject = _clean(subject, "subject", errors, required=True, max_length=200)
    text = _clean(text, "text", errors, required=True, max_length=5000)
    if kind == domain.EFFICIENCY and not name:
        errors.append({"field": "complainant_name", "rule": "real-name",
                       "detail": _("An efficiency complaint is made in the complainant's own name.")})
    if kind == domain.EFFICIENCY and not (phone or email):
        errors.append({"field": "complainant_phone", "rule": "contact",
                       "detail": _("Give a phone number or an e-mail address for the answer.")})
    if phone and not PHONE.match(phone):
        errors.append({"field": "complainant_phone", "rule": "phone", "detail": _("Not a phone number.")})
    if email and not EMAIL.match(email):
        errors.append({"field": "complainant_email", "rule": "email", "detail": _("Not an e-mail address.")})
    if case is not None:
        if department is not None and department.pk != case.department_id:
            errors.append({"field": "department", "rule": "case-department",
                           "detail": _("The case is handled by another department.")})
        department = case.department
    if officer is not None:
        if department is not None and officer.department_id != department.pk:
            errors.append({"field": "officer", "rule": "officer-department",
                           "detail": _("The officer works in another department.")})
        department = department or officer.department
    if department is None:
        errors.append({"field": "department", "rule": "required",
                       "detail": _("Name the case, the department or the officer complained about.")})
    if errors:
        raise InvalidInput(errors[0]["detail"], field=errors[0]["field"], rule=errors[0]["rule"], errors=errors)
    if actor is not None and not supervises(actor, department):
        raise NotResponsible(_("Only a supervisor over the department's region registers a complaint."),
                             field="department", rule="supervisor-side")
    now = (now or timezone.now()).astimezone(SHANGHAI)
    with transaction.atomic(durable=True):
        complaint = Complaint.objects.create(
            number=f"pending-{secrets.token_hex(8)}", code_hash="", kind=kind, region=department.region,
            department=department, case=case, officer=officer,
            user=user if getattr(user, "is_authenticated", False) else None, complainant_name=name,
            complainant_phone=phone, complainant_email=email, subject=subject, text=text, received_at=now,
            acceptance_due=_workdays_due(now, "YANGGUANG_COMPLAINT_ACCEPT_WORKDAYS"))
        complaint.number = f"TS-{now:%Y%m%d}-{complaint.pk:06d}"
        complaint.code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _i in range(QUERY_CODE_LENGTH))
        complaint.code_hash = query_code_hash(complaint.number, complaint.code)
        complaint.save(update_fields=["number", "code_hash"])
        ComplaintAction.objects.create(complaint=complaint, action="file", actor=actor, at=now, from_status="",
                                       to_status=complaint.status,
                                       text=_("Registered by a supervisor.") if actor is not None else "")
        users = supervisors_over([department.region])[department.region_id]
        notify([Notification(user_id=user_id, kind="complaint", complaint=complaint, created_at=now,
                              text=_("Complaint %(number)s about %(department)s: %(subject)s. Accept or refuse by "
                                     "%(due)s.") % {"number": complaint.number, "department": department.name,
                                                    "subject": subject, "due": format_due(complaint.acceptance_due)})
                 for user_id in sorted(users)], _("Complaint (投诉)"))
    return complaint


def complaint_act(*, actor, complaint: Complaint, action: str, text: str = "", finding: str = "", officer=None,
                  now: datetime | None = None) -> Complaint:
    """Accept (受理) or refuse a complaint, or reply (答复) with the finding of the investigation;
    only a supervisor over the department's region acts. Logged in ``ComplaintAction``."""
    if action not in domain.COMPLAINT_TRANSITIONS:
        raise InvalidInput.one("action", "choice", _("Unknown action %(action)s; one of %(actions)s.") % {
            "action": action, "actions": ", ".join(domain.COMPLAINT_TRANSITIONS)})
    source, target, needs = domain.COMPLAINT_TRANSITIONS[action]
    text = (text or "").strip()
    errors = []
    if "text" in needs and not text:
        errors.append({"field": "text", "rule": "required",
                       "detail": _("A refusal needs its reason.") if action == "refuse" else _("A reply needs its text.")})
    if "finding" in needs and finding not in domain.FINDINGS:
        errors.append({"field": "finding", "rule": "choice",
                       "detail": _("The finding is confirmed, partly or unfounded.")})
    if errors:
        raise InvalidInput(errors[0]["detail"], field=errors[0]["field"], rule=errors[0]["rule"], errors=errors)
    now = (now or timezone.now()).astimezone(SHANGHAI)
    with transaction.atomic(durable=True):
        complaint = Complaint.objects.select_for_update(of=("self",)).select_related("department__region").get(
            pk=complaint.pk)
        if not supervises(actor, complaint.department):
            raise NotResponsible(_("Only a supervisor over the department's region handles a complaint."),
                                 field="action", rule="supervisor-side")
        if complaint.status != source:
            raise WrongStatus(_("%(action)s does not apply to a complaint that is %(status)s.") % {
                "action": action, "status": complaint.get_status_display()}, field="action", rule="status")
        if officer is not None and officer.department_id != complaint.department_id:
            raise InvalidInput.one("officer", "officer-department", _("The officer works in another department."))
        fields = ["status"]
        if action in ("accept", "refuse"):
            complaint.accepted_at, complaint.accepted_by = now, actor
            fields += ["accepted_at", "accepted_by"]
        if action == "accept":
            complaint.reply_due = _workdays_due(now, "YANGGUANG_COMPLAINT_REPLY_WORKDAYS")
            fields.append("reply_due")
        elif action == "refuse":
            complaint.refusal_reason = text
            fields.append("refusal_reason")
        else:
            complaint.finding, complaint.reply, complaint.replied_at, complaint.replied_by = finding, text, now, actor
            fields += ["finding", "reply", "replied_at", "replied_by"]
        if officer is not None:
            complaint.officer = officer
            fields.append("officer")
        ComplaintAction.objects.create(complaint=complaint, action=action, actor=actor, at=now,
                                       from_status=complaint.status, to_status=target, text=text)
        complaint.status = target
        complaint.save(update_fields=fields)
        _complaint_notify(complaint, action, now)
    return complaint


def _complaint_notify(complaint: Complaint, action: str, now: datetime) -> None:
    """The complainant hears of acceptance, refusal and the reply (in the app when filed from an
    account, by e-mail when one was given); the department hears of an accepted efficiency
    complaint. A report (举报) is confidential: the department is never told who made it."""
    texts = {
        "accept": _("Your complaint %(number)s was accepted; the reply is due by %(due)s."),
        "refuse": _("Your complaint %(number)s was not accepted: %(reason)s"),
        "reply": _("Your complaint %(number)s was answered: %(reply)s"),
    }
    message = texts[action] % {"number": complaint.number, "due": format_due(complaint.reply_due) if complaint.reply_due else "",
                               "reason": complaint.refusal_reason, "reply": complaint.reply}
    if complaint.user_id:
        Notification.objects.create(user_id=complaint.user_id, kind="complaint", complaint=complaint, text=message,
                                    created_at=now)
    if complaint.complainant_email:
        email = complaint.complainant_email
        transaction.on_commit(lambda: send_mass_mail(((_("Complaint (投诉)"), message, None, [email]),),
                                                     fail_silently=True))
    if action == "accept" and complaint.kind == domain.EFFICIENCY:
        heads = heads_of([complaint.department_id]).get(complaint.department_id, set())
        notify([Notification(user_id=user_id, kind="complaint", complaint=complaint, created_at=now,
                              text=_("An efficiency complaint %(number)s about your department was accepted: "
                                     "%(subject)s") % {"number": complaint.number, "subject": complaint.subject})
                 for user_id in sorted(heads)], _("Complaint (投诉)"))


def complaints_overdue(now: datetime, rule: domain.Rule | None) -> int:
    """Raise rule S02 (yellow) on every complaint neither accepted nor refused by its acceptance
    due; once per complaint (the unique constraint). Part of the sweep. Returns how many were raised."""
    if rule is None or not rule.enabled:
        return 0
    late = list(Complaint.objects.filter(status=ComplaintStatus.RECEIVED, acceptance_due__lte=now)
                .exclude(alerts__rule_id=rule.id).values_list("pk", "department_id", "number", "acceptance_due"))
    Alert.objects.bulk_create([
        Alert(rule_id=rule.id, complaint_id=pk, department_id=department_id, level=rule.level, raised_at=now,
              detail=_("Complaint %(number)s was not accepted or refused by %(due)s.")
              % {"number": number, "due": format_due(due_at)})
        for pk, department_id, number, due_at in late], ignore_conflicts=True)
    return len(late)


# --- the monthly quantitative rules (定量分析, DOMAIN.md §4.4) -------------------------------------------

from datetime import date  # this section's own import


def _share(value) -> str:
    return f"{float(value) * 100:.2f}%"


def _quantitative_detail(verdict, row, month: str) -> str:
    """What a monthly quantitative alert says: the value, what it was counted from, the threshold."""
    values = {"month": month, "value": _share(verdict.value), "threshold": _share(verdict.threshold),
              "mean": _share(verdict.mean or 0)}
    if verdict.code == domain.OVERDUE_RATE:
        return _("Overdue rate %(value)s in %(month)s (%(n)s of %(total)s cases due); %(level)s above %(threshold)s.") % {
            **values, "n": row.overdue, "total": row.due,
            "level": _("red") if verdict.level == domain.RED else _("yellow")}
    if verdict.code == domain.REJECTION_RATE:
        return _("Rejection rate %(value)s in %(month)s (%(n)s refusals and denials of %(total)s decisions); red "
                 "above %(threshold)s.") % {**values, "n": row.rejected, "total": row.decisions}
    if verdict.code == domain.POWER_USAGE:
        return _("Power usage rate %(value)s in %(month)s (%(n)s of %(total)s listed powers used); red below "
                 "%(threshold)s, the share set of the average %(mean)s over the region's departments.") % {
            **values, "n": row.powers_used, "total": row.powers_listed}
    if verdict.code == domain.LICENCE_DURATION:
        return _("Average licence duration %(value)s days in %(month)s (%(n)s licences); red above %(threshold)s "
                 "days, the multiple set of the average %(mean)s days over the region's departments.") % {
            **values, "value": f"{float(verdict.value) / 24:.1f}", "threshold": f"{float(verdict.threshold) / 24:.1f}",
            "mean": f"{float(verdict.mean or 0) / 24:.1f}", "n": row.licences}
    return _("Alarm rate %(value)s in %(month)s (%(n)s of %(total)s cases with a red alarm); red above "
             "%(threshold)s, the multiple set of the average %(mean)s over the region's departments.") % {
        **values, "n": row.alarmed, "total": row.handled}


def quantitative_run(*, month: date, now: datetime | None = None) -> int:
    """Evaluate the enabled monthly quantitative rules Q01–Q05 (定量分析) for ``month``: each active
    department is compared with the departments of its region (``scoring.quantitative``, the KPIs
    of ``scoring``); one department alert per rule, department and month, at the level the
    thresholds give, naming the value and the threshold; the alerts raised are notified.
    Idempotent (the constraint ``alert_once_per_rule_department_month``). Returns how many it raised."""
    from . import performance, scoring

    if not isinstance(month, date) or isinstance(month, datetime):
        raise InvalidInput.one("month", "date", _("Give the month as a date, e.g. 2026-11-01."))
    now = (now or timezone.now()).astimezone(SHANGHAI)
    period = scoring.month_period(month)
    if period.start > now:
        raise InvalidInput.one("month", "begun", _("%(month)s has not begun; evaluate a month that has.")
                               % {"month": period.label})
    first = period.first_day
    with transaction.atomic(durable=True):
        rules = {rule.code: rule for rule in AlertRule.objects.filter(code__in=domain.MONTHLY_RULES, enabled=True)}
        if not rules:
            return 0
        params = {code: dict(rule.params or {}) for code, rule in rules.items()}
        alerts = []
        for rows in performance.quantitative_inputs(period, now).values():
            by_department = {row.key.pk: row for row in rows}
            for verdict in scoring.quantitative(rows, params):
                alerts.append(Alert(rule=rules[verdict.code], case=None, period=first, department=verdict.key,
                                    level=verdict.level, raised_at=now,
                                    detail=_quantitative_detail(verdict, by_department[verdict.key.pk], period.label)))
        existing = Alert.objects.filter(rule__in=list(rules.values()), period=first)
        before = existing.count()
        Alert.objects.bulk_create(alerts, ignore_conflicts=True)
        raised = existing.count() - before
        alerts_notify(now=now, rule__in=list(rules.values()), period=first)
    return raised


# --- fees off the catalog's standard (不按标准收费, rule C01) -------------------------------------


def _fees_off_standard(case: Case, fees) -> str:
    """The detail of rule C01 for the fees charged with ``case``'s decision; "" when every fee
    is listed for its power version and at its standard."""
    listed = case.version.fees or []
    problems = domain.fee_problems(fees, listed)
    parts = []
    for problem in problems:
        values = {"name": problem.name, "amount": f"{problem.amount:.2f}", "standard": problem.standard}
        if problem.kind == domain.UNLISTED_FEE and not listed:
            parts.append(_("%(name)s %(amount)s yuan charged, but the power is free of charge (擅自收费).") % values)
        elif problem.kind == domain.UNLISTED_FEE:
            parts.append(_("%(name)s %(amount)s yuan charged, a fee the catalog does not list for the power "
                           "(擅自收费).") % values)
        else:
            parts.append(_("%(name)s %(amount)s yuan charged, off the catalog's standard %(standard)s.") % values)
    return " ".join(parts)


# --- cases reported by a department's own system (rules P01 流程异常 and N01 目录外权力) --------------
# The first piece of the data interface (数据接口规范, DOMAIN.md §9): a department system reports a
# case it handled itself; the platform checks that its power is published for the department and
# that its steps follow the power's published flowchart. The ``exchange`` app builds the rest.

from dataclasses import dataclass as _dataclass  # this section's own imports

from yangguang.catalog.models import Power
from yangguang.org.rules import holds_for_department, scope_of

REPORTED_STEPS_MAX = 500
NOT_LISTED, VIOLATION, CONFORMS = "not_listed", "violation", "conforms"


@_dataclass(frozen=True)
class ReportedCheck:
    """What ``reported_case_check`` found: the department's published power (None: not in the
    catalog), the first violation of its flowchart, the alerts on the reported case (raised now or
    by an earlier report of it) and whether this report raised one."""

    power: Power | None
    violation: domain.Violation | None
    alerts: list
    raised: bool

    @property
    def result(self) -> str:
        return NOT_LISTED if self.power is None else VIOLATION if self.violation is not None else CONFORMS


def _reported_steps(steps, errors: list) -> list[tuple[str, datetime]]:
    """The reported steps as (key, done at), in order; every error named like ``steps[2].done_at``."""
    if not isinstance(steps, (list, tuple)):
        errors.append({"field": "steps", "rule": "list", "detail": _("List the steps done as [{step, done_at}].")})
        return []
    if len(steps) > REPORTED_STEPS_MAX:
        errors.append({"field": "steps", "rule": "max-items",
                       "detail": _("At most %(n)s steps.") % {"n": REPORTED_STEPS_MAX}})
        return []
    clean, last = [], None
    for index, item in enumerate(steps):
        where = f"steps[{index}]"
        if not isinstance(item, dict):
            errors.append({"field": where, "rule": "object", "detail": _("A step is an object {step, done_at}.")})
            continue
        key = _clean(item.get("step"), f"{where}.step", errors, required=True, max_length=40)
        done_at = item.get("done_at")
        if isinstance(done_at, str):
            try:
                done_at = datetime.fromisoformat(done_at.strip())
            except ValueError:
                done_at = None
        if not isinstance(done_at, datetime) or done_at.tzinfo is None:
            errors.append({"field": f"{where}.done_at", "rule": "instant",
                           "detail": _("Give the instant with its time zone, e.g. 2025-09-26T10:00:00+08:00.")})
            continue
        if last is not None and done_at < last:
            errors.append({"field": f"{where}.done_at", "rule": "chronological",
                           "detail": _("Steps are reported in the order they were done: this one is earlier than "
                                       "the step before it.")})
        last = done_at
        clean.append((key, done_at))
    return clean


def _step_label(graph, key: str) -> str:
    node = graph.nodes.get(key)
    return f"{node.name}（{key}）" if node is not None and node.name != key else key


def _violation_detail(graph, power: Power, reference: str, violation: domain.Violation, steps) -> str:
    values = {"reference": reference, "power": power.code, "step": _step_label(graph, violation.step),
              "at": local(steps[violation.index][1]) if violation.index < len(steps) else "",
              "allowed": "、".join(_step_label(graph, key) for key in violation.allowed) or "—"}
    if violation.kind == domain.STEPS_SKIPPED:
        return _("Case %(reference)s of power %(power)s was reported finished before its flowchart reached the "
                 "end; still to do: %(allowed)s.") % values
    if violation.kind == domain.STEP_UNKNOWN:
        return _("Case %(reference)s of power %(power)s: %(step)s, reported done at %(at)s, is not a step of the "
                 "flowchart; it allowed %(allowed)s there.") % values
    return _("Case %(reference)s of power %(power)s: step %(step)s was reported done at %(at)s, but the flowchart "
             "allowed only %(allowed)s there.") % values


def reported_case_check(*, actor, department, power_code: str, reference: str, steps, finished: bool,
                        now: datetime | None = None) -> ReportedCheck:
    """Check a case that ``department``'s own system reports (数据接口, the first piece of the
    exchange interface): its power ``power_code`` must be published for the department, else a
    rule-N01 alert (目录外权力, red); its ``steps`` done ([{step, done_at}] in order, ``finished``
    when the case is closed there) must follow the power's published flowchart, else a rule-P01
    alert (流程异常, yellow) naming the step and what the flowchart allowed.

    The alerts are on ``reference``, the case's number in the department's system (there is no
    case here): at most one per rule, department and reference, so a report sent again raises
    nothing new. Reported by an officer or the head of the department (or a superuser)."""
    if department is None:
        raise InvalidInput.one("department", "required", _("Name the reporting department."))
    scope = scope_of(actor)
    if not (scope.officer_department_id == department.pk
            or holds_for_department(actor, Role.DEPARTMENT_HEAD, department)):
        raise NotResponsible(_("Only an officer or the head of %(department)s reports its cases.")
                             % {"department": department.name}, field="department", rule="own-department")
    errors = []
    power_code = _clean(power_code, "power_code", errors, required=True, max_length=24)
    reference = _clean(reference, "reference", errors, required=True, max_length=64)
    reported = _reported_steps(steps, errors)
    if not isinstance(finished, bool):
        errors.append({"field": "finished", "rule": "boolean", "detail": _("Say whether the case is finished.")})
    if errors:
        raise InvalidInput(errors[0]["detail"], field=errors[0]["field"], rule=errors[0]["rule"], errors=errors)
    now = (now or timezone.now()).astimezone(SHANGHAI)
    with transaction.atomic(durable=True):
        power = (Power.objects.published().select_related("published_version__flow")
                 .filter(code=power_code, department=department).first())
        violation, code, detail = None, None, ""
        if power is None:
            code = domain.POWER_NOT_LISTED
            detail = _("Case %(reference)s reported by %(department)s exercises power %(power)s, which is not "
                       "published in the catalog for the department (目录外权力).") % {
                "reference": reference, "department": department.name, "power": power_code}
        elif (flow := getattr(power.published_version, "flow", None)) is not None:
            graph = flow_graph(flow.pk)
            violation = domain.conformance(graph, [key for key, _at in reported], finished)
            if violation is not None:
                code, detail = domain.PROCESS_OUT_OF_ORDER, _violation_detail(graph, power, reference, violation,
                                                                                 reported)
        rule = AlertRule.objects.filter(code=code, enabled=True).first() if code else None
        alerts, raised = [], False
        if rule is not None:
            existing = Alert.objects.filter(rule=rule, department=department, reference=reference)
            raised = not existing.exists()
            if raised:
                Alert.objects.bulk_create([Alert(rule=rule, department=department, reference=reference,
                                                 level=domain.FIXED_LEVELS.get(rule.code, rule.level), raised_at=now,
                                                 detail=detail)], ignore_conflicts=True)
                alerts_notify(now=now, alerts=existing)
            alerts = list(existing.select_related("rule", "department__region"))
    return ReportedCheck(power, violation, alerts, raised)
