"""Import and export of benchmarks as JSON, and the ``import-benchmarks``/``export-benchmarks`` pair."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yangguang.cases.tests.conftest import at

from .. import interchange, selectors
from ..models import Benchmark
from .conftest import content

pytestmark = pytest.mark.django_db


def test_export_then_import_round_trips(benchmarked, legal, tmp_path):
    records = interchange.export_records(actor=legal)
    assert [r["code"] for r in records] == [benchmarked.code] and records[0]["number"] == 1
    path = tmp_path / "benchmarks.json"
    interchange.write_file(path, records)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "yangguang-benchmarks" and data["version"] == 1
    report = interchange.import_records(actor=legal, records=interchange.read_file(path), source=path.name, publish=True,
                                        now=at("2025-12-01 09:00"))
    assert report.errors == [] and report.created == 1
    first, second = Benchmark.objects.filter(power=benchmarked).order_by("number")
    assert (first.state, second.state, second.number) == ("superseded", "published", 2)
    assert selectors.content_of(second) == selectors.content_of(first)
    assert interchange.export_records(actor=legal)[0] | {"number": 1} == records[0]


def test_an_import_with_an_error_writes_nothing(penalty_power, land_power, legal):
    bad = content()
    bad["violations"][0]["tiers"] = bad["violations"][0]["tiers"][:2]
    records = [
        {"code": penalty_power.code, **content()},
        {"code": land_power.code, **content()},
        {"code": "320100-012-CF-9999", **content()},
        {"code": penalty_power.code, **bad},
    ]
    report = interchange.import_records(actor=legal, records=records)
    found = {(e["row"], e["field"], e["rule"]) for e in report.errors}
    assert (2, "code", "penalty-power-only") in found and (3, "code", "power-unknown") in found
    assert (4, "code", "unique") in found and (4, "violations[0].tiers", "min-tiers") in found
    assert report.created == 0 and not Benchmark.objects.exists()


def test_a_draft_import_needs_a_drafter_and_publishing_the_legal_office(penalty_power, clerk, outsider_clerk):
    record = {"code": penalty_power.code, **content()}
    report = interchange.import_records(actor=outsider_clerk, records=[record])
    assert [e["rule"] for e in report.errors] == ["not-benchmark-drafter"]
    report = interchange.import_records(actor=clerk, records=[record], publish=True)
    assert [e["rule"] for e in report.errors] == ["not-legal-office"]
    report = interchange.import_records(actor=clerk, records=[record])
    assert report.created == 1 and Benchmark.objects.get().state == "draft"


def test_the_command_pair(benchmarked, legal, tmp_path):
    path = tmp_path / "out.json"
    out = io.StringIO()
    call_command("export_benchmarks", str(path), "--as", "legal", stdout=out)
    assert len(json.loads(path.read_text(encoding="utf-8"))["powers"]) == 1
    call_command("import_benchmarks", str(path), "--as", "legal", "--publish", stdout=out)
    assert Benchmark.objects.filter(power=benchmarked, state="published").get().number == 2
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "yangguang-catalog", "powers": []}', encoding="utf-8")
    with pytest.raises(CommandError, match="yangguang-benchmarks"):
        call_command("import_benchmarks", str(broken), "--as", "legal")


def test_the_console_script_knows_the_hyphenated_names():
    from yangguang.cli import ALIASES

    assert ALIASES["import-benchmarks"] == "import_benchmarks" and ALIASES["export-benchmarks"] == "export_benchmarks"
