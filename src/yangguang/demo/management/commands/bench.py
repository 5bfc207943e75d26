"""``yangguang bench SCENARIO [--json]``: timed runs on a throwaway database (基准测试).

The ``yangguang`` script points the database at a fresh SQLite file (or BENCH_DATABASE_URL)
before Django starts; this command migrates it, builds the scenario's data and times only
the part the scenario measures. ``--json`` prints one JSON object of figures on stdout;
everything else goes to stderr.
"""

import json
import tempfile
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from yangguang.catalog.interchange import catalog_import, read_records, write_records
from yangguang.catalog.models import Power
from yangguang.demo import cases as demo_cases
from yangguang.demo import loader
from yangguang.demo.generate import generate_catalog, generate_org
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


# Scenario name → function(options, log) returning the figures; options are the command's.
SCENARIOS = {"catalog": bench_catalog, "cases": bench_cases}


class Command(BaseCommand):
    help = "Run a benchmark scenario on a throwaway database and report its figures."

    def add_arguments(self, parser):
        parser.add_argument("scenario", choices=sorted(SCENARIOS))
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print one JSON object of figures.")
        parser.add_argument("--powers", type=int, default=10_000, help="Catalog size (default 10,000).")
        parser.add_argument("--publish", action="store_true", help="Import as a confirmed catalog, published at once.")
        parser.add_argument("--cases", type=int, default=400, help="Cases of the cases scenario (default 400).")
        parser.add_argument("--seed", type=int, default=2007)

    def handle(self, *args, scenario, as_json, **options):
        migrate_if_needed()
        if Power.objects.exists():
            raise CommandError(_("The benchmark needs an empty database; run it as `yangguang bench`, which makes one."))

        def log(message):
            self.stderr.write(message)

        figures = SCENARIOS[scenario](options, log)
        if as_json:
            self.stdout.write(json.dumps(figures))
        else:
            width = max(map(len, figures))
            for name, value in figures.items():
                self.stdout.write(f"{name:<{width}}  {value}")
