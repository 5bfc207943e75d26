"""The demo's benchmarks and ``yangguang bench discretion``."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from yangguang.demo import loader
from yangguang.demo.data.benchmarks import BENCHMARKS
from yangguang.demo.data.powers import POWERS

from ..models import Benchmark, DecisionCheck, DiscretionReview


def test_every_demo_penalty_power_has_a_benchmark_and_the_demo_data_checks():
    assert set(BENCHMARKS) == {record["code"] for record in POWERS if record["category"] == "CF"}
    assert loader.check_content() == []


@pytest.mark.django_db
def test_the_demo_loads_its_benchmarks_through_the_services(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    loader.load_powers(set(BENCHMARKS))
    users = {user.username: user for user in get_user_model().objects.all()}
    assert loader._load_benchmarks(users) == len(BENCHMARKS)
    published = Benchmark.objects.filter(state="published")
    assert set(published.values_list("power__code", flat=True)) == set(BENCHMARKS)
    assert set(published.values_list("published_by__username", flat=True)) == {"legal"}
    [revision] = Benchmark.objects.filter(state="submitted")
    assert revision.number == 2 and revision.strategy_params == {"split": "0.50", "lighter": "general"}


@pytest.mark.django_db
def test_bench_discretion_prints_one_json_object():
    out, err = io.StringIO(), io.StringIO()
    call_command("bench", "discretion", "--decisions", "300", "--json", stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert {"decisions", "seconds", "decisions_per_s"} <= set(figures)
    assert figures["decisions"] == 300 and figures["seconds"] > 0 and figures["decisions_per_s"] > 0
    assert 0 < figures["outside_benchmark"] < 300 and figures["benchmarks"] == len(BENCHMARKS)
    # every decision went through the service: its check recorded, a review opened for each one outside
    assert DecisionCheck.objects.count() == 300
    assert DiscretionReview.objects.count() == figures["outside_benchmark"]
    assert "300 decisions to check" in err.getvalue()
