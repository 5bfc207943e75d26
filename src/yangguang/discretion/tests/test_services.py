"""Benchmarks as data: drafting, review and publication by the legal office, versions in force
over time, history, and who may do what."""

import pytest

from yangguang.cases.tests.conftest import at

from .. import selectors, services
from ..errors import (
    BenchmarkInProgress,
    InvalidBenchmark,
    NotBenchmarkDrafter,
    NotLegalOffice,
    TransitionRefused,
)
from ..models import Benchmark, BenchmarkRecord, Circumstance, Tier, Violation
from .conftest import content

pytestmark = pytest.mark.django_db


def test_a_clerk_drafts_the_legal_office_publishes(penalty_power, clerk, legal):
    draft = services.benchmark_create(actor=clerk, power=penalty_power, content=content(), reason="首次制定",
                                      now=at("2025-08-01 09:00"))
    assert (draft.number, draft.state) == (1, "draft")
    assert Violation.objects.filter(benchmark=draft).count() == 2
    assert Tier.objects.filter(violation__benchmark=draft).count() == 8
    assert Circumstance.objects.filter(benchmark=draft).count() == 6
    assert selectors.content_of(draft) == services.clean(content()).payload()  # stored as given, canonical
    with pytest.raises(NotLegalOffice):
        services.benchmark_publish(actor=clerk, benchmark=draft)
    with pytest.raises(TransitionRefused) as error:
        services.benchmark_publish(actor=legal, benchmark=draft)  # not submitted yet
    assert error.value.rule == "publish-from-state"
    services.benchmark_submit(actor=clerk, benchmark=draft, now=at("2025-08-02 09:00"))
    with pytest.raises(InvalidBenchmark) as error:
        services.benchmark_return(actor=legal, benchmark=draft, opinion=" ")
    assert error.value.field == "opinion"
    returned = services.benchmark_return(actor=legal, benchmark=draft, opinion="严重阶次的条件过宽，请修改。",
                                         now=at("2025-08-03 09:00"))
    assert returned.state == "draft" and returned.review_opinion.startswith("严重阶次")
    body = content()
    body["violations"][0]["tiers"][4]["conditions"] = [[{"factor": "illegal_income", "gte": "300000"}]]
    services.benchmark_update(actor=clerk, benchmark=returned, content=body, now=at("2025-08-04 09:00"))
    services.benchmark_submit(actor=clerk, benchmark=returned, now=at("2025-08-05 09:00"))
    published = services.benchmark_publish(actor=legal, benchmark=returned, opinion="同意发布。", now=at("2025-08-06 09:00"))
    assert published.state == "published" and published.published_at == at("2025-08-06 09:00")
    assert list(BenchmarkRecord.objects.filter(benchmark=published).values_list("action", flat=True)) == [
        "created", "submitted", "returned", "updated", "submitted", "published"]
    with pytest.raises(TransitionRefused):
        services.benchmark_update(actor=clerk, benchmark=published, content=content())


def test_a_revision_supersedes_the_version_in_force_when_published(benchmarked, legal, clerk):
    first = Benchmark.objects.get(power=benchmarked, number=1)
    assert selectors.in_force(benchmarked.pk, at("2025-08-31 23:59")) is None  # published 2025-09-01 09:00
    assert selectors.in_force(benchmarked.pk, at("2025-09-01 09:00")) == first
    revision = services.benchmark_create(actor=clerk, power=benchmarked, reason="调整裁量规则", now=at("2025-11-01 09:00"))
    assert revision.number == 2 and selectors.content_of(revision) == selectors.content_of(first)  # copied
    with pytest.raises(BenchmarkInProgress):
        services.benchmark_create(actor=legal, power=benchmarked, now=at("2025-11-01 10:00"))
    services.benchmark_update(actor=clerk, benchmark=revision, now=at("2025-11-02 09:00"),
                              content=content(strategy={"name": "percent_split", "params": {"split": "0.6"}}))
    services.benchmark_submit(actor=clerk, benchmark=revision, now=at("2025-11-03 09:00"))
    assert selectors.in_force(benchmarked.pk, at("2025-11-03 10:00")) == first  # still the first until published
    services.benchmark_publish(actor=legal, benchmark=revision, now=at("2025-11-10 09:00"))
    first.refresh_from_db()
    assert first.state == "superseded" and first.valid_until == at("2025-11-10 09:00")
    assert selectors.in_force(benchmarked.pk, at("2025-11-10 08:59")) == first  # a decision of that time
    assert selectors.in_force(benchmarked.pk, at("2025-11-10 09:00")).number == 2
    assert BenchmarkRecord.objects.filter(benchmark=first, action="superseded").exists()


def test_who_may_draft(penalty_power, outsider_clerk, make_user, city):
    with pytest.raises(NotBenchmarkDrafter):
        services.benchmark_create(actor=outsider_clerk, power=penalty_power, content=content())
    from yangguang.org.models import Role

    supervisor = make_user("watcher", Role.SUPERVISOR, region=city)
    with pytest.raises(NotBenchmarkDrafter):
        services.benchmark_create(actor=supervisor, power=penalty_power, content=content())


def test_only_penalty_powers_have_benchmarks_and_content_is_checked(land_power, penalty_power, legal):
    with pytest.raises(InvalidBenchmark) as error:
        services.benchmark_create(actor=legal, power=land_power, content=content())
    assert error.value.rule == "penalty-power-only"
    body = content()
    body["violations"][0]["tiers"][1]["standard"]["fine"]["max"] = "500000"
    with pytest.raises(InvalidBenchmark) as error:
        services.benchmark_create(actor=legal, power=penalty_power, content=body)
    assert (error.value.field, error.value.rule) == ("violations[0].tiers[1].standard.fine", "within-statutory")
    with pytest.raises(InvalidBenchmark) as error:
        services.benchmark_create(actor=legal, power=penalty_power)  # nothing to copy from
    assert error.value.rule == "content-required"
    assert not Benchmark.objects.exists()


def test_compiled_content_is_kept_per_version(benchmarked):
    benchmark = selectors.published(benchmarked)
    assert selectors.compiled(benchmark) is selectors.compiled(selectors.in_force(benchmarked.pk, at("2025-10-01 09:00")))
    assert list(selectors.compiled(benchmark).violations) == ["V01", "V02"]
