"""``yangguang bench SCENARIO [--json]``: timed runs on a throwaway database (基准测试).

The ``yangguang`` script points the database at a fresh SQLite file (or BENCH_DATABASE_URL)
before Django starts; this command migrates it, builds the scenario's data and times only
the part the scenario measures. ``--json`` prints one JSON object of figures on stdout;
everything else goes to stderr.
"""

import datetime
import json
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from yangguang.catalog.interchange import catalog_import, read_records, write_records
from yangguang.catalog.models import Power
from yangguang.demo import bulk, loader
from yangguang.demo import cases as demo_cases
from yangguang.demo.data import parties
from yangguang.demo.generate import generate_catalog, generate_org
from yangguang.supervision.models import Alert
from yangguang.supervision.services import alerts_notify, sweep
from yangguang.worktime.domain import SHANGHAI
from yangguang.worktime.selectors import calendar_load

REGIONS = ("320100", "320200", "320300", "320400", "320500")


def migrate_if_needed() -> None:
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0)


def bench_catalog(options: dict, log) -> dict:
    """Import a generated catalog of ``--powers`` powers from a JSON file: read, check and write."""
    powers = options["powers"]
    generate_org(region_codes=REGIONS)
    actor = get_user_model().objects.create_user("bench", is_superuser=True, is_staff=True)
    records = generate_catalog(powers, seed=options["seed"], region_codes=REGIONS)
    steps = sum(len(record["flow"]["steps"]) for record in records)
    with tempfile.TemporaryDirectory(prefix="yangguang-bench-") as workdir:
        path = Path(workdir) / "catalog.json"
        write_records(path, records)
        log(f"catalog: {powers} powers, {steps} steps in {path.stat().st_size / 1e6:.1f} MB of JSON")
        started = time.perf_counter()
        report = catalog_import(actor=actor, records=read_records(path), source=path.name, publish=options["publish"])
        seconds = time.perf_counter() - started
    if report.errors or report.created != powers:
        raise CommandError(f"the generated catalog did not import cleanly: {report.errors[:5]}")
    return {
        "scenario": "catalog", "powers": powers, "steps": steps, "seconds": round(seconds, 3),
        "powers_per_s": round(powers / seconds, 1), "database": connection.vendor,
    }


def bench_cases(options: dict, log) -> dict:
    """Push ``--cases`` land pre-reviews (12 steps) through the case services; time only the calls.

    Every call is one transition: the application and each later action, each its own
    transaction writing the case, its tokens, its due times and its hash-chained events.
    """
    count = options["cases"]
    powers = loader.load_powers({demo_cases.LAND_PRE_REVIEW})
    scripts = demo_cases.bench_scripts(count, calendar_load(), seed=options["seed"])
    users = demo_cases.demo_users()
    log(f"cases: {count} land pre-reviews, {sum(len(s.moves) for s in scripts)} planned service calls")
    report = demo_cases.play(scripts, users, powers)
    if report.cases != count or report.stopped:
        raise CommandError(f"only {report.cases} of {count} cases were played ({report.stopped} stopped)")
    return {
        "scenario": "cases", "cases": count, "transitions": report.calls, "seconds": round(report.seconds, 3),
        "transitions_per_s": round(report.calls / report.seconds, 1), "database": connection.vendor,
    }


# The instant the sweep scenario evaluates at: a Tuesday, inside the seeded calendar years.
SWEEP_NOW = datetime.datetime(2026, 6, 30, 10, 0, tzinfo=SHANGHAI)


def bench_sweep(options: dict, log) -> dict:
    """Bulk-write ``--open-cases`` open land pre-reviews with their steps and watches, then time a
    full sweep (every open case evaluated) and an incremental one at the same instant (nothing due)."""
    count = options["open_cases"]
    powers = loader.load_powers({demo_cases.LAND_PRE_REVIEW})
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(file=options["stderr"]), transient=True) as bar:
        task = bar.add_task("open cases", total=count)
        report = bulk.open_cases(count, powers[demo_cases.LAND_PRE_REVIEW], calendar_load(), SWEEP_NOW,
                                 seed=options["seed"], progress=lambda n: bar.advance(task, n))
    log(f"sweep: {report.cases} open cases accepted since {report.first_accepted:%Y-%m-%d %H:%M}, "
        f"{report.token_groups} distinct (acceptance, step, arrival) combinations")
    started = time.perf_counter()
    full = sweep(now=SWEEP_NOW, full=True, notify=False)
    full_s = time.perf_counter() - started
    started = time.perf_counter()  # notifying is its own step, as in Jiangsu's separate notification job
    with transaction.atomic():
        notified = alerts_notify(now=SWEEP_NOW, raised_at=SWEEP_NOW)
    notify_s = time.perf_counter() - started
    started = time.perf_counter()
    incremental = sweep(now=SWEEP_NOW)
    incremental_s = time.perf_counter() - started
    levels = dict(Alert.objects.values_list("level").annotate(n=Count("id")).order_by())
    log(f"full sweep: {full.checked} cases checked, {full.raised} alerts; incremental: {incremental.checked} "
        f"checked, {incremental.raised} alerts; by level {levels}")
    return {
        "scenario": "sweep", "open_cases": count, "full_sweep_s": round(full_s, 3),
        "incremental_sweep_s": round(incremental_s, 4), "alerts_raised": full.raised,
        "incremental_alerts_raised": incremental.raised, "alerts_by_level": levels, "alerts_notified": notified,
        "notify_s": round(notify_s, 3), "database": connection.vendor,
    }


def bench_pages(options: dict, log) -> dict:
    """Load the demo region, then time the server side of the public hall's main pages (home,
    a guide page, the progress query with a valid code): ``--requests`` each through the whole
    middleware and template stack, in process (no network). Figures in milliseconds."""
    from django.test import Client

    from yangguang.cases.services import case_apply
    from yangguang.catalog.models import Power as PowerModel

    loader.load(loader.new_password())
    sweep()
    power = PowerModel.objects.get(code=demo_cases.LAND_PRE_REVIEW)
    applicant = get_user_model().objects.get(username="applicant")
    case = case_apply(actor=applicant, power=power, applicant=parties.person(random.Random(options["seed"])),
                      title="基准测试项目", materials=[])
    pages = {
        "home": ("get", "/", {}),
        "guide": ("get", f"/powers/{power.code}/", {}),
        "query": ("post", "/query/", {"number": case.number, "code": case.query_code}),
    }
    client = Client()
    figures = {"scenario": "pages", "requests": options["requests"], "database": connection.vendor}
    for name, (method, path, data) in pages.items():
        times = []
        for _i in range(options["requests"] + 1):
            started = time.perf_counter()
            response = getattr(client, method)(path, data)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{path} answered {response.status_code}")
        times = sorted(times[1:])  # the first request warms caches
        figures[f"{name}_median_ms"] = round(times[len(times) // 2], 1)
        figures[f"{name}_p95_ms"] = round(times[int(len(times) * 0.95) - 1], 1)
        log(f"{name}: {path} median {figures[f'{name}_median_ms']} ms, p95 {figures[f'{name}_p95_ms']} ms")
    return figures


# The instant the discretion scenario decides at, after the benchmarks are published.
DISCRETION_NOW = datetime.datetime(2026, 6, 30, 10, 0, tzinfo=SHANGHAI)


def _discretion_facts(rng: random.Random, violation, circumstances: list) -> dict:
    """Facts as an officer types them (text), for the factors the violation's tiers test."""
    from yangguang.discretion import domain as discretion_domain

    facts = {}
    for name in sorted(violation.factors()):
        factor = discretion_domain.FACTORS[name]
        if rng.random() < 0.1:
            continue  # not given
        if factor.kind == discretion_domain.BOOL:
            facts[name] = rng.random() < 0.4
        elif factor.kind == discretion_domain.LEVEL:
            facts[name] = rng.choice(discretion_domain.HARM_LEVELS)
        elif factor.kind in (discretion_domain.MONEY, discretion_domain.NUMBER):
            facts[name] = f"{10 ** rng.uniform(2, 7.5):.2f}"
        else:
            facts[name] = str(int(10 ** rng.uniform(0, 2.5)) if name != "repeat_count" else rng.choice((0, 0, 0, 1, 2)))
    if rng.random() < 0.3:
        facts["circumstances"] = rng.sample(circumstances, rng.choice((1, 1, 2)))
    return facts


def bench_discretion(options: dict, log) -> dict:
    """Publish the demo benchmarks of the penalty powers, then check ``--decisions`` decisions
    (violation, facts as typed, fine) through ``decision_check``, as the decision step does, each in
    its own transaction: the version in force looked up, the facts read, the tier and range named,
    the fine checked and the check recorded (with a review for the reasoned ones outside the range)."""
    from yangguang.demo.data.benchmarks import BENCHMARKS
    from yangguang.discretion import domain as discretion_domain
    from yangguang.discretion import selectors as discretion_selectors
    from yangguang.discretion import services as discretion_services

    count = options["decisions"]
    powers = loader.load_powers(set(BENCHMARKS))
    legal = get_user_model().objects.get(username="legal")
    published = DISCRETION_NOW - datetime.timedelta(days=30)
    for code, content in BENCHMARKS.items():
        benchmark = discretion_services.benchmark_create(actor=legal, power=powers[code], content=content, now=published)
        discretion_services.benchmark_submit(actor=legal, benchmark=benchmark, now=published)
        discretion_services.benchmark_publish(actor=legal, benchmark=benchmark, now=published)
    rng = random.Random(options["seed"])
    plans, contents = [], {}
    for code, power in powers.items():
        contents[power.pk] = discretion_selectors.compiled(discretion_selectors.in_force(power.pk, DISCRETION_NOW))
    power_ids = sorted(contents)
    for _i in range(count):  # the decisions, planned outside the timing
        power_id = rng.choice(power_ids)
        content = contents[power_id]
        violation = content.violations[rng.choice(list(content.violations))]
        facts = _discretion_facts(rng, violation, list(content.circumstances))
        outcome = discretion_domain.calculate(content, violation.code, discretion_domain.clean_facts(facts)[0])
        if outcome.missing_base:  # the officer is told to give the base, and does
            facts[outcome.missing_base] = "10000"
            outcome = discretion_domain.calculate(content, violation.code, discretion_domain.clean_facts(facts)[0])
        final = outcome.range
        if final is None:
            decision, amount = ("denied", None) if rng.random() < 0.9 else ("granted", "500.00")
        elif rng.random() < 0.85:
            share = rng.random()
            decision, amount = "granted", f"{final.low + (final.high - final.low) * Decimal(str(round(share, 4))):.2f}"
        else:
            decision, amount = "granted", f"{10 ** rng.uniform(2, 6.5):.2f}"
        outside = discretion_domain.check(outcome, decision=decision,
                                          penalty_amount=Decimal(amount) if amount is not None else None)
        plans.append((power_id, violation.code, facts, decision, amount, "超出基准的理由（基准测试）" if outside else None))
    log(f"discretion: {len(BENCHMARKS)} benchmarks, "
        f"{sum(len(c.violations) for c in contents.values())} violations, {count} decisions to check")
    by_id = {power.pk: power for power in powers.values()}
    deviations = exempt = 0
    started = time.perf_counter()
    for number, (power_id, code, facts, decision, amount, reason) in enumerate(plans, start=1):
        power = by_id[power_id]
        with transaction.atomic():  # as inside the deciding case's transaction
            checked = discretion_services.decision_check(
                power=power, now=DISCRETION_NOW, actor=legal, case_id=number, case_number=f"BENCH-{number:06d}",
                department_id=power.department_id, decision=decision,
                penalty_amount=Decimal(amount) if amount is not None else None, violation=code, facts=facts,
                discretion_reason=reason)
        deviations += bool(checked and checked["deviation"])
        exempt += bool(checked and checked["tier"] == discretion_domain.EXEMPT)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    for power_id, code, facts, decision, amount, _reason in plans:  # the calculator alone, its benchmark in hand
        content = contents[power_id]
        outcome = discretion_domain.calculate(content, code, discretion_domain.clean_facts(facts, content.circumstances)[0])
        discretion_domain.check(outcome, decision=decision, penalty_amount=Decimal(amount) if amount is not None else None)
    pure = time.perf_counter() - started
    log(f"discretion: {deviations} decisions outside their benchmark, {exempt} with no penalty due")
    return {
        "scenario": "discretion", "decisions": count, "seconds": round(seconds, 3),
        "decisions_per_s": round(count / seconds, 1), "calculator_decisions_per_s": round(count / pure, 1),
        "outside_benchmark": deviations, "no_penalty_due": exempt, "benchmarks": len(BENCHMARKS),
        "database": connection.vendor,
    }


# Scenario name → function(options, log) returning the figures; options are the command's.
SCENARIOS = {"catalog": bench_catalog, "cases": bench_cases, "sweep": bench_sweep, "pages": bench_pages}
SCENARIOS["discretion"] = bench_discretion  # discretion benchmarks (裁量基准)


class Command(BaseCommand):
    help = "Run a benchmark scenario on a throwaway database and report its figures."

    def add_arguments(self, parser):
        parser.add_argument("scenario", choices=sorted(SCENARIOS))
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print one JSON object of figures.")
        parser.add_argument("--powers", type=int, default=10_000, help="Catalog size (default 10,000).")
        parser.add_argument("--publish", action="store_true", help="Import as a confirmed catalog, published at once.")
        parser.add_argument("--cases", type=int, default=400, help="Cases of the cases scenario (default 400).")
        parser.add_argument("--open-cases", type=int, default=1_000_000, dest="open_cases",
                            help="Open cases of the sweep scenario (default 1,000,000).")
        parser.add_argument("--requests", type=int, default=50, help="Requests per page of the pages scenario.")
        parser.add_argument("--decisions", type=int, default=100_000,
                            help="Decisions of the discretion scenario (default 100,000).")
        parser.add_argument("--seed", type=int, default=2007)

    def handle(self, *args, scenario, as_json, **options):
        migrate_if_needed()
        if Power.objects.exists():
            raise CommandError(_("The benchmark needs an empty database; run it as `yangguang bench`, which makes one."))

        def log(message):
            self.stderr.write(message)

        figures = SCENARIOS[scenario]({**options, "stderr": self.stderr}, log)
        if as_json:
            self.stdout.write(json.dumps(figures))
        else:
            width = max(map(len, figures))
            for name, value in figures.items():
                self.stdout.write(f"{name:<{width}}  {value}")
