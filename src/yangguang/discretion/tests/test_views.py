"""Pages and API: the guide panel, the decision form at a penalty's decision step, the legal
office's pages under /legal/benchmarks/, GET …/benchmarks and POST /api/v1/discretion/calculate."""

import json

import pytest
from django.test import Client

from yangguang.cases.models import Event

from ..models import Benchmark, DiscretionReview
from .conftest import content

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


# --- the public guide page ------------------------------------------------------------------------

def test_the_guide_page_of_a_penalty_power_shows_its_benchmarks(benchmarked):
    html = Client().get(f"/powers/{benchmarked.code}/").content.decode()
    assert 'id="benchmark-heading"' in html
    assert "V01" in html and "无照经营" in html and "第十四条" in html and "销售无照经营产品" in html
    assert "没有主观过错" in html  # the circumstances
    assert "tier-severe" in html


def test_no_panel_without_a_benchmark_in_force(penalty_power, land_power):
    assert 'id="benchmark-heading"' not in Client().get(f"/powers/{penalty_power.code}/").content.decode()
    assert 'id="benchmark-heading"' not in Client().get(f"/powers/{land_power.code}/").content.decode()


# --- the decision form ----------------------------------------------------------------------------

def test_the_decision_form_asks_for_the_violation_and_facts(benchmarked, at_decision, officers):
    case = at_decision(benchmarked)
    client = logged_in(officers["approve"])
    html = client.get(f"/office/cases/{case.number}/").content.decode()
    assert 'name="violation"' in html and "V01 无照经营" in html
    assert 'name="fact_illegal_income"' in html and 'name="fact_goods_value"' in html
    assert 'name="fact_circumstances"' in html and 'name="discretion_reason"' in html
    assert 'name="fact_persons"' not in html  # only the factors its tiers test
    form = {"action": "decide", "step": "decide", "seq": case.last_seq, "decision": "granted",
            "document_no": "宁国土罚〔2025〕12号", "penalty_kind": "罚款", "penalty_amount": "50000",
            "violation": "V01", "fact_illegal_income": "20000", "fact_circumstances": ["refused_order"]}
    response = client.post(f"/office/cases/{case.number}/act/", form)
    assert response.status_code == 422
    page = response.content.decode()
    assert "23000.00–30000.00" in page and 'data-error-code="outside-benchmark"' in page  # the upper third
    response = client.post(f"/office/cases/{case.number}/act/", form | {"discretion_reason": "拒不改正且情节恶劣。"})
    assert response.status_code == 302
    assert Event.objects.get(case=case, action="decide").data["discretion"]["deviation"] is True
    html = client.get(f"/office/cases/{case.number}/").content.decode()
    assert "case-discretion" in html and "拒不改正且情节恶劣" in html


def test_a_bad_fact_is_shown_next_to_its_field(benchmarked, at_decision, officers):
    case = at_decision(benchmarked)
    response = logged_in(officers["approve"]).post(f"/office/cases/{case.number}/act/", {
        "action": "decide", "step": "decide", "seq": case.last_seq, "decision": "granted", "document_no": "罚〔2025〕1号",
        "penalty_kind": "罚款", "penalty_amount": "100", "violation": "V01", "fact_illegal_income": "很多"})
    assert response.status_code == 422
    assert 'id="decide-decide-fact_illegal_income_error"' in response.content.decode()


# --- the legal office's pages ----------------------------------------------------------------------

def test_the_legal_office_lists_drafts_edits_submits_and_publishes(penalty_power, legal):
    client = logged_in(legal)
    html = client.get("/legal/benchmarks/").content.decode()
    assert penalty_power.code in html and "对无照经营行为的处罚" in html
    response = client.post(f"/legal/benchmarks/{penalty_power.code}/new/", {"reason": "首次制定"})
    assert response.status_code == 302 and response["Location"].endswith(f"/legal/benchmarks/{penalty_power.code}/1/edit/")
    draft = Benchmark.objects.get(power=penalty_power)
    edit = f"/legal/benchmarks/{penalty_power.code}/1/edit/"
    assert "V01" in client.get(edit).content.decode()  # the template to start from
    bad = content()
    bad["violations"][0]["tiers"][1]["standard"]["fine"]["max"] = "900000"
    response = client.post(edit, {"content": json.dumps(bad)})
    assert response.status_code == 422 and "violations[0].tiers[1].standard.fine" in response.content.decode()
    assert client.post(edit, {"content": "{not json"}).status_code == 422
    assert client.post(edit, {"content": json.dumps(content())}).status_code == 302
    client.post(f"/legal/benchmarks/{penalty_power.code}/1/submit/")
    draft.refresh_from_db()
    assert draft.state == "submitted"
    assert f'href="/legal/benchmarks/{penalty_power.code}/1/"' in client.get("/legal/benchmarks/").content.decode()
    client.post(f"/legal/benchmarks/{penalty_power.code}/1/publish/", {"opinion": "同意发布。"})
    draft.refresh_from_db()
    assert draft.state == "published"
    html = client.get(f"/legal/benchmarks/{penalty_power.code}/").content.decode()
    assert "销售无照经营产品" in html and f'action="/legal/benchmarks/{penalty_power.code}/new/"' in html
    export = client.get("/legal/benchmarks/export.json")
    assert json.loads(export.content)["powers"][0]["code"] == penalty_power.code


def test_a_return_needs_an_opinion(penalty_power, legal, clerk):
    from .. import services

    draft = services.benchmark_create(actor=clerk, power=penalty_power, content=content())
    services.benchmark_submit(actor=clerk, benchmark=draft)
    client = logged_in(legal)
    client.post(f"/legal/benchmarks/{penalty_power.code}/1/return/", {"opinion": ""})
    draft.refresh_from_db()
    assert draft.state == "submitted"
    client.post(f"/legal/benchmarks/{penalty_power.code}/1/return/", {"opinion": "请补充从重情节。"})
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.review_opinion == "请补充从重情节。"


def test_the_pages_are_for_staff(penalty_power, officers, outsider_clerk):
    assert logged_in(officers["applicant"]).get("/legal/benchmarks/").status_code == 403
    assert Client().get("/legal/benchmarks/").status_code == 302  # to the login
    assert logged_in(outsider_clerk).post(f"/legal/benchmarks/{penalty_power.code}/new/").status_code == 403
    assert not Benchmark.objects.exists()


def test_the_legal_office_closes_a_review_on_its_page(benchmarked, at_decision, decide, legal, officers):
    case = decide(at_decision(benchmarked), penalty_amount="8000", violation="V01",
                  facts={"illegal_income": "20000"}, discretion_reason="经集体讨论减轻处罚。")
    review = DiscretionReview.objects.get()
    client = logged_in(legal)
    assert case.number in client.get("/legal/benchmarks/reviews/").content.decode()
    page = client.get(f"/legal/benchmarks/reviews/{review.pk}/").content.decode()
    assert "经集体讨论减轻处罚" in page and "16000.00" in page
    assert client.post(f"/legal/benchmarks/reviews/{review.pk}/", {"outcome": "lawful", "opinion": ""}).status_code == 422
    response = client.post(f"/legal/benchmarks/reviews/{review.pk}/", {"outcome": "lawful", "opinion": "理由充分，合法。"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.state == "lawful"
    assert logged_in(officers["approve"]).get("/legal/benchmarks/reviews/").status_code == 403


# --- the API ----------------------------------------------------------------------------------------

def test_get_the_benchmark_in_force(benchmarked, penalty_power, land_power):
    body = Client().get(f"/api/v1/powers/{benchmarked.code}/benchmarks").json()
    assert body["number"] == 1 and [v["code"] for v in body["violations"]] == ["V01", "V02"]
    assert body["strategy"] == {"name": "three_tiers", "params": {}}
    response = Client().get(f"/api/v1/powers/{land_power.code}/benchmarks")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_calculate_names_the_tier_range_and_basis_and_checks_a_decision(benchmarked):
    client = Client()
    body = client.post("/api/v1/discretion/calculate", {
        "power": benchmarked.code, "violation": "V01",
        "facts": {"illegal_income": "60000", "circumstances": ["refused_order"]},
        "decision": "granted", "penalty_kind": "罚款", "penalty_amount": "45000",
    }, content_type="application/json").json()
    assert body["tier"] == "serious" and body["range"] == ["50000.00", "60000.00"] and body["direction"] == 1
    assert body["basis"][1]["article"] == "第十四条" and len(body["explanation"]) >= 4
    assert body["within"] is False and body["deviations"][0]["rule"] == "discretion-range"
    for amount in ("-1", "NaN", "1e13", "五千"):  # read as the decision step reads it (core.fields.money)
        response = client.post("/api/v1/discretion/calculate", {
            "power": benchmarked.code, "violation": "V01", "facts": {"illegal_income": "60000"},
            "decision": "granted", "penalty_amount": amount}, content_type="application/json")
        assert response.status_code == 422 and (response.json()["field"], response.json()["rule"]) == (
            "penalty_amount", "amount"), amount
    response = client.post("/api/v1/discretion/calculate", {
        "power": benchmarked.code, "violation": "V01", "facts": {"harm": "apocalyptic"},
    }, content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "facts.harm"
    response = client.post("/api/v1/discretion/calculate", {"power": benchmarked.code, "violation": "V09"},
                           content_type="application/json")
    assert response.status_code == 422 and (response.json()["field"], response.json()["rule"]) == ("violation", "choice")
    assert "V01, V02" in response.json()["detail"]
    unresolved = {"power": benchmarked.code, "violation": "V02", "facts": {}}  # a multiple of the goods' value
    body = client.post("/api/v1/discretion/calculate", unresolved, content_type="application/json").json()
    assert body["missing_base"] == "goods_value" and body["range"] is None and body["within"] is None
    response = client.post("/api/v1/discretion/calculate", {**unresolved, "decision": "granted", "penalty_amount": "10"},
                           content_type="application/json")
    assert response.status_code == 422 and (response.json()["field"], response.json()["rule"]) == (
        "facts.goods_value", "base-required")
