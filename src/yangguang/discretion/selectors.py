"""Readers of the discretion benchmarks; lists go through the catalog's power visibility."""

from functools import lru_cache
from typing import NamedTuple

from django.db import connections
from django.db.models import OuterRef, Q, Subquery

from yangguang.catalog.models import Category, Power
from yangguang.catalog.selectors import power_get_for
from yangguang.org.models import Role
from yangguang.org.rules import department_filter

from . import domain
from .errors import BenchmarkNotFound
from .models import (
    Benchmark,
    BenchmarkRecord,
    BenchmarkState,
    DecisionCheck,
    DiscretionReview,
    ReviewState,
    Violation,
)
from .rules import can_see_open

LEVEL_ORDER = {level: index for index, level in enumerate(domain.LEVELS)}


def content_of(benchmark: Benchmark) -> dict:
    """A version's content as interchange data (``domain.clean_content`` reads it back)."""
    violations = []
    for violation in benchmark.violations.prefetch_related("tiers").order_by("order", "id"):
        tiers = sorted(violation.tiers.all(), key=lambda tier: LEVEL_ORDER[tier.level])
        violations.append({
            "code": violation.code, "name": violation.name, "description": violation.description,
            "violated": violation.violated, "punished": violation.punished, "statutory": violation.statutory,
            "tiers": [{"level": t.level, "description": t.description, "conditions": t.conditions,
                       "standard": t.standard} for t in tiers],
        })
    return {
        "strategy": {"name": benchmark.strategy, "params": benchmark.strategy_params or {}},
        "circumstances": [{"code": c.code, "name": c.name, "effect": c.effect, "mandatory": c.mandatory, "basis": c.basis}
                          for c in benchmark.circumstances.order_by("order", "id")],
        "violations": violations,
    }


@lru_cache(maxsize=4096)
def _compiled(pk: int, updated_at) -> domain.Content:
    content, errors = domain.clean_content(content_of(Benchmark.objects.get(pk=pk)))
    if errors:  # content is checked on every write; this means the rows were changed behind the services
        raise ValueError(f"benchmark {pk} holds invalid content: {errors[:3]}")
    return content


def compiled(benchmark: Benchmark) -> domain.Content:
    """The calculator's view of a version, kept while the version is unchanged."""
    return _compiled(benchmark.pk, benchmark.updated_at)


@lru_cache(maxsize=4096)
def _violation_ids(pk: int, updated_at) -> dict[str, int]:
    return dict(Violation.objects.filter(benchmark_id=pk).values_list("code", "pk"))


def violation_id(version: "InForce", code: str) -> int:
    """The row of a violation of the version in force, kept while the version is unchanged."""
    return _violation_ids(version.pk, version.updated_at)[code]


def compiled_forget() -> None:
    _compiled.cache_clear()
    _violation_ids.cache_clear()


def in_force(power_id: int, now) -> Benchmark | None:
    """The version in force at ``now``: published by then and not yet superseded."""
    return (
        Benchmark.objects.filter(power_id=power_id, state__in=[BenchmarkState.PUBLISHED, BenchmarkState.SUPERSEDED],
                                 published_at__lte=now)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now))
        .only("pk", "number", "power_id", "updated_at", "published_at", "state", "strategy", "strategy_params")
        .order_by("-published_at", "-number").first()
    )


class InForce(NamedTuple):
    """The version in force, as the decision step needs it: its id, number and last change."""

    pk: int
    number: int
    updated_at: object


_statements: dict = {}


def _in_force_statement(connection):
    """The SELECT of ``in_force_version``, written once per database: building it with the ORM
    takes many times longer than running it, and it runs at every penalty decision."""
    key = (connection.alias, connection.vendor)
    if key not in _statements:
        q, meta = connection.ops.quote_name, Benchmark._meta
        sql = (f"SELECT {q('id')}, {q('number')}, {q('updated_at')} FROM {q(meta.db_table)} "
               f"WHERE {q('power_id')} = %s AND {q('state')} IN (%s, %s) AND {q('published_at')} <= %s "
               f"AND ({q('valid_until')} IS NULL OR {q('valid_until')} > %s) "
               f"ORDER BY {q('published_at')} DESC, {q('number')} DESC LIMIT 1")
        column = meta.get_field("updated_at").get_col(meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        _statements[key] = (sql, column, converters)
    return _statements[key]


def in_force_version(power_id: int, now, using: str = "default") -> InForce | None:
    """``in_force`` for the decision step: one prepared statement, no model instance."""
    connection = connections[using]
    sql, column, converters = _in_force_statement(connection)
    moment = Benchmark._meta.get_field("published_at").get_db_prep_value(now, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [power_id, BenchmarkState.PUBLISHED.value, BenchmarkState.SUPERSEDED.value, moment, moment])
        row = cursor.fetchone()
    if row is None:
        return None
    updated_at = row[2]
    for converter in converters:
        updated_at = converter(updated_at, column, connection)
    return InForce(row[0], row[1], updated_at)


def compiled_version(version: InForce) -> domain.Content:
    return _compiled(version.pk, version.updated_at)


def published(power: Power) -> Benchmark | None:
    return Benchmark.objects.filter(power=power, state=BenchmarkState.PUBLISHED).first()


def benchmark_get_for(user, code: str, number: int, *, for_update: bool = False) -> Benchmark:
    """Version ``number`` of the benchmark of power ``code``, if the user may see it."""
    power = power_get_for(user, code)
    queryset = Benchmark.objects.select_related("power__department__region", "power__published_version")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    benchmark = queryset.filter(power=power, number=number).first()
    if benchmark is None or (benchmark.state in domain.OPEN_STATES and not can_see_open(user, power)):
        raise BenchmarkNotFound(f"no benchmark version {number} of power {code}", field="number")
    return benchmark


def benchmarks_for(user, power: Power):
    """The versions of a power's benchmark the user may see, newest first."""
    queryset = power.benchmarks.select_related("created_by", "submitted_by", "published_by").order_by("-number")
    if not can_see_open(user, power):
        queryset = queryset.filter(state__in=[BenchmarkState.PUBLISHED, BenchmarkState.SUPERSEDED])
    return queryset


def records_of(benchmark: Benchmark):
    return BenchmarkRecord.objects.filter(benchmark=benchmark).select_related("actor")


def penalty_powers_for(user, *, q: str = "", state: str = ""):
    """The penalty powers (CF) the user may see, with the number of the benchmark in force and
    the state of any version under work; ``state`` filters: ``none`` (no benchmark in force),
    ``draft`` or ``submitted``."""
    published_number = Benchmark.objects.filter(power=OuterRef("pk"), state=BenchmarkState.PUBLISHED).values("number")[:1]
    open_state = Benchmark.objects.filter(power=OuterRef("pk"), state__in=domain.OPEN_STATES).values("state")[:1]
    queryset = (
        Power.objects.visible_to(user).filter(category=Category.PENALTY, revoked_at__isnull=True)
        .select_related("department__region", "published_version")
        .annotate(benchmark_number=Subquery(published_number), open_state=Subquery(open_state))
    )
    if q:
        queryset = queryset.filter(Q(code__icontains=q) | Q(published_version__name__icontains=q)
                                   | Q(department__name__icontains=q))
    if state == "none":
        queryset = queryset.filter(benchmark_number__isnull=True)
    elif state in domain.OPEN_STATES:
        queryset = queryset.filter(open_state=state)
    return queryset.order_by("code")


def review_queue_for(user):
    """Benchmarks submitted to the legal office of the user's region, oldest first."""
    return (
        Benchmark.objects.filter(state=BenchmarkState.SUBMITTED)
        .filter(department_filter(user, Role.LEGAL_OFFICE, path="power__department"))
        .select_related("power__department", "power__published_version", "submitted_by")
        .order_by("submitted_at", "id")
    )


def reviews_for(user, *, state: str = ReviewState.OPEN):
    """Decisions outside their benchmark for the legal office of the user's region."""
    queryset = (
        DiscretionReview.objects.filter(department_filter(user, Role.LEGAL_OFFICE, path="decision_check__department"))
        .select_related("decision_check__department", "decision_check__violation", "decision_check__benchmark__power",
                        "decision_check__checked_by", "closed_by")
    )
    if state:
        queryset = queryset.filter(state=state)
    return queryset.order_by("opened_at", "id")


def review_get_for(user, pk: int) -> DiscretionReview:
    review = reviews_for(user, state="").filter(pk=pk).first()
    if review is None:
        raise BenchmarkNotFound(f"no discretion review {pk}", field="review")
    return review


def check_for_case(case_id: int) -> DecisionCheck | None:
    return (DecisionCheck.objects.filter(case_id=case_id)
            .select_related("violation", "benchmark", "review", "review__closed_by").first())
