"""Open cases in bulk for the sweep benchmark (批量生成在办件): rows written straight into the
case, step and watch tables, in one transaction, never through the services.

The cases are land pre-reviews accepted on receipt over the weeks before ``now``, each waiting
at one task step of the flowchart after acceptance. Every due is what the case services would
have computed (``cases.domain.period_due``) and every watch what supervision arms
(``supervision.domain.next_at``). Instants sit on a grid of a few times of day on working days,
so that the dues are computed once per distinct start and reused.
"""

import datetime
import random
from dataclasses import dataclass
from functools import cache

from django.core.management.color import no_style
from django.db import connection, transaction

from yangguang.cases import domain as case_domain
from yangguang.cases.models import Case, CaseNumberCounter, CaseState, Token, TokenState
from yangguang.cases.services import flow_graph, query_code_hash
from yangguang.catalog.models import Power
from yangguang.supervision import domain as supervision_domain
from yangguang.supervision import services as supervision_services
from yangguang.supervision.models import Watch
from yangguang.worktime.domain import SHANGHAI, WorkCalendar

TIMES_OF_DAY = ((9, 5), (10, 40), (14, 20), (16, 35))  # when the counter accepts, on the grid
CHUNK = 10_000


@dataclass
class BulkReport:
    cases: int = 0
    first_accepted: datetime.datetime | None = None
    token_groups: int = 0


def _grid(calendar: WorkCalendar, now: datetime.datetime, workdays: int) -> list[datetime.datetime]:
    """The grid instants of the last ``workdays`` working days before ``now``, oldest first."""
    instants, day = [], now.astimezone(SHANGHAI).date()
    while len({i.date() for i in instants}) < workdays:
        if calendar.is_workday(day):
            instants += [i for i in (datetime.datetime.combine(day, datetime.time(h, m), SHANGHAI)
                                     for h, m in reversed(TIMES_OF_DAY)) if i < now]
        day -= datetime.timedelta(days=1)
    return sorted(instants)


def open_cases(count: int, power: Power, calendar: WorkCalendar, now: datetime.datetime, *, seed: int = 2007,
               progress=None) -> BulkReport:
    """Write ``count`` open cases of ``power`` (its current published version) as they stand at ``now``."""
    rng = random.Random(seed)
    version = power.versions.filter(state="published").order_by("-number").first()
    flow = version.flow
    graph = flow_graph(flow.pk)
    tasks = [node for node in sorted(graph.nodes.values(), key=lambda n: n.step_id) if node.kind == "task"]
    acceptance = graph.nodes[graph.acceptance]
    later = [node for node in tasks if node.key != acceptance.key and node.limit]
    department = power.department
    region_id, region_code = department.region_id, department.region.code
    rules = {code: rule for code, rule in supervision_services._read_rules().items()
             if code in supervision_domain.TIME_RULES}
    committed, statutory = (version.committed_limit, version.committed_unit), (version.statutory_limit,
                                                                              version.statutory_unit)
    # Open cases are mostly young: accepted over about one committed period, the recent days
    # weighted most, so that a few per cent are near or over their limits; each waits at a step
    # it reached within that step's limit, but for a few that have stayed there too long.
    days = committed[0] + 3 if committed[1] == "workday" else 30
    grid = _grid(calendar, now, days)
    weights = [0.15 + index / len(grid) for index in range(len(grid))]
    per_day = len(TIMES_OF_DAY)

    def arrivals(accepted, node, late):
        span = (node.limit if node.unit == "workday" else 1) * per_day * (2 if late else 1)
        return [i for i in grid[-span:] if i >= accepted] or [accepted]

    @cache
    def case_dues(accepted):
        start = case_domain.clock_start(received_at=accepted, accepted_at=accepted, correction_requested_at=None,
                                        materials_complete_at=None, calendar=calendar)
        return (start, case_domain.period_due(start, *committed, 0, calendar, ()),
                case_domain.period_due(start, *statutory, 0, calendar, ()))

    @cache
    def step_due(arrived, key):
        node = graph.nodes[key]
        return case_domain.period_due(arrived, node.limit, node.unit, 0, calendar, ())

    @cache
    def watch_at(accepted, arrived, key):
        start, committed_due, statutory_due = case_dues(accepted)
        node = graph.nodes[key]
        step = supervision_domain.StepData(0, node.name, arrived, node.limit, node.unit, step_due(arrived, key))
        data = supervision_domain.CaseData(
            is_open=True, clock_start=start, committed_limit=committed[0], committed_unit=committed[1],
            committed_due=committed_due, statutory_due=statutory_due, suspended=False, steps=(step,))
        return supervision_domain.next_at(data, rules, calendar, supervision_services._share_at)

    ops = connection.ops
    dt = ops.adapt_datetimefield_value
    given = {
        "number", "power_id", "version_id", "flow_id", "department_id", "region_id", "channel", "state", "title",
        "applicant_kind", "applicant_name", "applicant_id_type", "applicant_id_number", "applicant_phone",
        "query_code_hash", "received_at", "accepted_at", "clock_start", "committed_limit", "committed_unit",
        "statutory_limit", "statutory_unit", "committed_due", "statutory_due", "current_steps",
    }
    defaults = {field.attname: field.get_db_prep_save(field.get_default(), connection)
                for field in Case._meta.concrete_fields if field.attname not in given and not field.primary_key}
    case_columns = ["id", *sorted(given), *defaults]
    case_sql = (f"INSERT INTO {ops.quote_name(Case._meta.db_table)} "
                f"({', '.join(ops.quote_name(Case._meta.get_field(c).column) if c != 'id' else 'id' for c in case_columns)})"
                f" VALUES ({', '.join(['%s'] * len(case_columns))})")
    token_sql = (f"INSERT INTO {ops.quote_name(Token._meta.db_table)} (id, case_id, step_id, state, arrived_at, due_at) "
                 f"VALUES (%s, %s, %s, %s, %s, %s)")
    watch_sql = f"INSERT INTO {ops.quote_name(Watch._meta.db_table)} (case_id, next_at) VALUES (%s, %s)"

    report = BulkReport()
    counters: dict[datetime.date, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {ops.quote_name(Case._meta.db_table)}")
        case_id = cursor.fetchone()[0]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {ops.quote_name(Token._meta.db_table)}")
        token_id = cursor.fetchone()[0]
        done = 0
        while done < count:
            size = min(CHUNK, count - done)
            accepted_all = rng.choices(grid, weights=weights, k=size)
            cases, tokens, watches = [], [], []
            for accepted in accepted_all:
                case_id += 1
                token_id += 1
                node = rng.choice(later)
                arrived = rng.choice(arrivals(accepted, node, rng.random() < 0.03))
                start, committed_due, statutory_due = case_dues(accepted)
                day = accepted.date()
                counters[day] = seq = counters.get(day, 0) + 1
                number = f"{region_code}-{day:%Y%m%d}-{seq:06d}"
                values = {
                    "number": number, "power_id": power.pk, "version_id": version.pk, "flow_id": flow.pk,
                    "department_id": department.pk, "region_id": region_id, "channel": "counter",
                    "state": CaseState.IN_PROGRESS, "title": f"建设项目用地预审（批量{case_id}）",
                    "applicant_kind": "organisation", "applicant_name": f"江苏测试置业有限公司{case_id % 997}",
                    "applicant_id_type": "credit_code", "applicant_id_number": f"91320100MA{case_id:08d}",
                    "applicant_phone": f"025-8{case_id % 10_000_000:07d}",
                    "query_code_hash": query_code_hash(number, f"{rng.getrandbits(32):08x}"),
                    "received_at": dt(accepted), "accepted_at": dt(accepted), "clock_start": dt(start),
                    "committed_limit": committed[0], "committed_unit": committed[1],
                    "statutory_limit": statutory[0], "statutory_unit": statutory[1],
                    "committed_due": dt(committed_due), "statutory_due": dt(statutory_due),
                    "current_steps": node.name,
                }
                cases.append([case_id, *(values[c] for c in case_columns[1:len(given) + 1]), *defaults.values()])
                tokens.append((token_id, case_id, node.step_id, TokenState.ACTIVE, dt(arrived),
                               dt(step_due(arrived, node.key))))
                watches.append((case_id, dt(watch_at(accepted, arrived, node.key))))
            cursor.executemany(case_sql, cases)
            cursor.executemany(token_sql, tokens)
            cursor.executemany(watch_sql, watches)
            done += size
            if progress is not None:
                progress(size)
        CaseNumberCounter.objects.bulk_create([CaseNumberCounter(region_id=region_id, day=day, last=last)
                                               for day, last in counters.items()])
        # The ids were given explicitly: move PostgreSQL's sequences past them (SQLite needs nothing).
        for statement in ops.sequence_reset_sql(no_style(), [Case, Token]):
            cursor.execute(statement)
    report.cases = count
    report.first_accepted = grid[0]
    report.token_groups = watch_at.cache_info().currsize
    return report
