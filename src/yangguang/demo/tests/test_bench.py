import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yangguang.cases.models import Case, Event
from yangguang.cases.selectors import log_verify
from yangguang.catalog import domain
from yangguang.demo.generate import chinese_number, generate_catalog, generate_org
from yangguang.org.models import Department, Post


def test_bench_catalog_prints_one_json_object(db):
    out, err = io.StringIO(), io.StringIO()
    call_command("bench", "catalog", "--powers", "50", "--json", stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert set(figures) == {"scenario", "powers", "steps", "seconds", "powers_per_s", "database"}
    assert figures["scenario"] == "catalog" and figures["powers"] == 50 and figures["steps"] >= 250
    assert figures["seconds"] > 0 and figures["database"] in ("sqlite", "postgresql")
    assert "50 powers" in err.getvalue()


def test_bench_prints_a_summary_and_then_refuses_a_database_that_holds_powers(db):
    out = io.StringIO()
    call_command("bench", "catalog", "--powers", "5", "--publish", stdout=out, stderr=io.StringIO())
    assert "powers_per_s" in out.getvalue() and len(out.getvalue().splitlines()) == 6
    with pytest.raises(CommandError, match="yangguang bench"):
        call_command("bench", "catalog", "--powers", "5")


def test_bench_cases_pushes_land_pre_reviews_through_the_services(db):
    out, err = io.StringIO(), io.StringIO()
    call_command("bench", "cases", "--cases", "6", "--json", stdout=out, stderr=err)
    figures = json.loads(out.getvalue())
    assert set(figures) == {"scenario", "cases", "transitions", "seconds", "transitions_per_s", "database"}
    assert figures["scenario"] == "cases" and figures["cases"] == 6
    # apply, accept, ten steps (with the decision) and the delivery: at least 13 calls a case
    assert figures["transitions"] >= 6 * 13 and figures["transitions_per_s"] > 0
    assert Case.objects.count() == 6 and set(Case.objects.values_list("state", flat=True)) == {"completed"}
    assert Event.objects.count() > figures["transitions"]  # automatic suspensions and completions too
    assert log_verify().ok
    assert "6 land pre-reviews" in err.getvalue()


def test_generated_catalog_is_deterministic_and_plausible():
    records = generate_catalog(300, seed=42, region_codes=("320100", "320200"))
    assert records == generate_catalog(300, seed=42, region_codes=("320100", "320200"))
    assert records != generate_catalog(300, seed=43, region_codes=("320100", "320200"))
    assert {r["department"][:6] for r in records} == {"320100", "320200"}
    assert len({r["category"] for r in records}) >= 8
    for record in records:
        _, errors = domain.clean_content(record)
        assert errors == [] and domain.category_errors(record["category"]) == []
        steps = record["flow"]["steps"]
        assert 5 <= len(steps) <= 12
        counted = sum(s["limit"] for s in steps if s["kind"] == "task" and "department" not in s)
        assert counted <= record["committed_limit"] <= record["statutory_limit"]
    kinds = [{s["kind"] for s in r["flow"]["steps"]} for r in records]
    assert any({"split", "join"} <= k for k in kinds)
    assert any("exclusive" in k for k in kinds) and any("excluded" in k for k in kinds)
    joint = [s["department"] for r in records for s in r["flow"]["steps"] if "department" in s]
    assert joint and all(code[:6] in ("320100", "320200") for code in joint)


def test_generated_org_has_every_post_the_flows_use_and_is_idempotent(db):
    departments = generate_org(region_codes=("320100",))
    again = generate_org(region_codes=("320100",))
    assert [d.pk for d in departments] == [d.pk for d in again]
    assert Department.objects.count() == len(departments) == 16
    used = {s["post"] for r in generate_catalog(200, seed=1) for s in r["flow"]["steps"] if "post" in s}
    for department in departments:
        assert used <= set(Post.objects.filter(department=department).values_list("code", flat=True))


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (52, "五十二"), (99, "九十九")])
def test_article_numbers_in_chinese(n, text):
    assert chinese_number(n) == text


def test_bench_sweep_bulk_writes_open_cases_and_times_a_full_and_an_incremental_sweep(db):
    out, err = io.StringIO(), io.StringIO()
    call_command("bench", "sweep", "--open-cases", "2000", "--json", stdout=out, stderr=err)
    figures = json.loads(out.getvalue())
    assert {"scenario", "open_cases", "full_sweep_s", "incremental_sweep_s", "alerts_raised", "database"} <= set(figures)
    assert figures["scenario"] == "sweep" and figures["open_cases"] == 2000
    assert figures["incremental_alerts_raised"] == 0 and 0 < figures["alerts_raised"] < 2000
    assert figures["full_sweep_s"] > 0 and figures["incremental_sweep_s"] >= 0
    assert Case.objects.filter(state="in_progress", tokens__state="active").count() == 2000
    assert "2000 open cases" in err.getvalue()


def test_bench_pages_times_the_halls_main_pages_on_the_demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    out, err = io.StringIO(), io.StringIO()
    call_command("bench", "pages", "--requests", "3", "--json", stdout=out, stderr=err)
    figures = json.loads(out.getvalue())
    assert figures["scenario"] == "pages" and figures["requests"] == 3
    for page in ("home", "guide", "query"):
        assert 0 < figures[f"{page}_median_ms"] <= figures[f"{page}_p95_ms"]
    assert "/query/" in err.getvalue()
