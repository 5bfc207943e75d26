"""Benchmark import and export (裁量基准导入导出) as JSON, beside the catalog's interchange.

A file is ``{"format": "yangguang-benchmarks", "version": 1, "powers": [RECORD, …]}``; a record
is one power's benchmark: ``code`` (the power's unified code), ``name`` (informative) and the
content of ``domain.clean_content``: ``strategy``, ``circumstances`` and ``violations``. The
content keys are the ones a catalog record could carry for its power.

An import is one transaction: every record is checked first and a file with an error writes
nothing. Each record becomes a new version of its power's benchmark, a draft, or published at
once (superseding the version in force) when the legal office imports with ``publish``.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yangguang.catalog.models import Category, Power
from yangguang.core.errors import InvalidInput

from . import domain, selectors
from .models import Benchmark, BenchmarkState, RecordAction
from .rules import can_draft, can_review
from .services import _record, _supersede, write_content

FORMAT = "yangguang-benchmarks"
FORMAT_VERSION = 1
CONTENT_KEYS = ("strategy", "circumstances", "violations")


class BenchmarkFileError(InvalidInput):
    """A benchmark file that cannot be read at all (not JSON, wrong envelope or version)."""

    code = "invalid-benchmark-file"


def read_file(path) -> list[dict]:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BenchmarkFileError(_("%(name)s is not a readable JSON file: %(error)s") % {"name": path.name, "error": exc},
                                 field="file", rule="json") from exc
    return records_from(data)


def records_from(data) -> list[dict]:
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("powers"), list):
        raise BenchmarkFileError(_('A benchmark file is an object with "format": "%(format)s" and a "powers" list.')
                                 % {"format": FORMAT}, field="file", rule="envelope")
    if data.get("version") != FORMAT_VERSION:
        raise BenchmarkFileError(_("Only version %(v)s of the benchmark format is supported.") % {"v": FORMAT_VERSION},
                                 field="version", rule="format-version")
    return data["powers"]


def file_data(records: list[dict]) -> dict:
    return {"format": FORMAT, "version": FORMAT_VERSION, "exported_at": timezone.now().isoformat(timespec="seconds"),
            "powers": records}


def write_file(path, records: list[dict]) -> None:
    Path(path).write_text(json.dumps(file_data(records), ensure_ascii=False, indent=1), encoding="utf-8")


def export_records(*, actor, powers=None) -> list[dict]:
    """The benchmarks in force of the penalty powers the actor may see (all, or ``powers``)."""
    queryset = powers if powers is not None else Power.objects.all()
    queryset = (queryset.visible_to(actor).filter(category=Category.PENALTY)
                .select_related("published_version").order_by("code"))
    records = []
    for power in queryset:
        benchmark = selectors.published(power)
        if benchmark is None:
            continue
        records.append({"code": power.code, "name": power.published_version.name if power.published_version else "",
                        "number": benchmark.number, **selectors.content_of(benchmark)})
    return records


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    errors: list = field(default_factory=list)  # {row, field, rule, detail}


def _check(actor, index: int, record, *, publish: bool, seen: set) -> tuple[Power | None, domain.Content | None, list]:
    def problem(field_name, rule, detail):
        return {"row": index, "field": field_name, "rule": rule, "detail": str(detail)}

    if not isinstance(record, dict):
        return None, None, [problem("", "object", _("A record is an object."))]
    code = record.get("code")
    power = (Power.objects.select_related("department__region").filter(code=code).first()
             if isinstance(code, str) else None)
    if power is None:
        return None, None, [problem("code", "power-unknown", _("No power with this code."))]
    problems = []
    if code in seen:
        problems.append(problem("code", "unique", _("The power appears twice in the file.")))
    seen.add(code)
    if power.category != Category.PENALTY or power.revoked_at is not None:
        problems.append(problem("code", "penalty-power-only", _("Only a penalty power in force has discretion benchmarks.")))
    if not can_draft(actor, power):
        problems.append(problem("code", "not-benchmark-drafter", _("You may not draft benchmarks of this power.")))
    elif publish and not can_review(actor, power):
        problems.append(problem("code", "not-legal-office", _("Only the legal office publishes benchmarks.")))
    unknown = sorted(set(record) - {"code", "name", "number", *CONTENT_KEYS})
    if unknown:
        problems.append(problem(unknown[0], "unknown-field", _("Not a part of a benchmark record.")))
    content, errors = domain.clean_content({key: record[key] for key in CONTENT_KEYS if key in record})
    problems += [problem(e["field"], e["rule"], e["detail"]) for e in errors]
    if Benchmark.objects.filter(power=power, state__in=domain.OPEN_STATES).exists():
        problems.append(problem("code", "one-open-version", _("Another version of this benchmark is already under work.")))
    return power, content, problems


def import_records(*, actor, records: list, source: str = "", publish: bool = False, now=None) -> ImportReport:
    """Import benchmark records (批量导入); nothing is written when any record has an error."""
    now = now or timezone.now()
    report = ImportReport(rows=len(records))
    checked, seen = [], set()
    for index, record in enumerate(records, start=1):
        power, content, problems = _check(actor, index, record, publish=publish, seen=seen)
        report.errors += problems
        checked.append((power, content))
    if report.errors:
        return report
    opinion = _("Imported from %(source)s.") % {"source": source} if source else _("Imported.")
    with transaction.atomic(durable=True):
        for power, content in checked:
            Power.objects.select_for_update(of=("self",)).filter(pk=power.pk).first()
            number = (Benchmark.objects.filter(power=power).order_by("-number").values_list("number", flat=True).first()
                      or 0) + 1
            benchmark = Benchmark.objects.create(power=power, number=number, created_by=actor, created_at=now,
                                                 updated_at=now, change_reason=opinion)
            write_content(benchmark, content)
            _record(benchmark, RecordAction.IMPORTED, actor, now, opinion)
            if publish:
                _supersede(benchmark, actor, now)
                benchmark.state = BenchmarkState.PUBLISHED
                benchmark.submitted_by = benchmark.published_by = actor
                benchmark.submitted_at = benchmark.published_at = now
                _record(benchmark, RecordAction.PUBLISHED, actor, now, opinion)
            benchmark.save()
            report.created += 1
    return report
