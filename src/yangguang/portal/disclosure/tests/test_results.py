"""Published results (结果公开): which decisions the public sees, how they are searched, and that
no page shows a natural person's name, ID number, phone or address unmasked."""

import re

import pytest

from yangguang.catalog.models import PowerVersion

from .. import selectors
from ..errors import ResultNotFound
from .conftest import COMPANY, PERSON, PERSON2, assert_private_absent

PUBLISHED = {"licence_person", "licence_company", "penalty_person", "penalty_company"}


def numbers(results, keys):
    return {results[key].number for key in keys}


def found(query=None, **params):
    if params:
        query, errors = selectors.result_query_parse(params)
        assert not errors
    return {case.number for case in selectors.results_search(query)}


def test_only_completed_granted_licences_and_penalties_of_public_powers_are_published(results):
    assert found() == numbers(results, PUBLISHED)
    # newest decision first
    assert [case.number for case in selectors.results_search()] == [
        results[key].number for key in ("penalty_company", "penalty_person", "licence_company", "licence_person")]


def test_a_power_made_filed_only_since_hides_its_results(results, land_power):
    PowerVersion.objects.filter(pk=land_power.published_version_id).update(disclosure="filed", filed_reason="涉密")
    assert found() == numbers(results, {"penalty_person", "penalty_company"})


def test_results_are_searched_by_party_document_department_category_and_date(results, planning_bureau):
    assert found(party="某某建材") == numbers(results, {"licence_company", "penalty_company"})
    assert found(party=COMPANY["id_number"].lower()) == numbers(results, {"licence_company", "penalty_company"})
    # a natural person is never found by name or ID number: the masking cannot be undone by searching
    assert found(party=PERSON["name"]) == found(party=PERSON2["id_number"]) == set()
    assert found(document="国土罚") == numbers(results, {"penalty_person", "penalty_company"})
    assert found(document="〔2025〕101号") == numbers(results, {"licence_person"})
    assert found(department="320100-012") == numbers(results, PUBLISHED)
    assert found(department=planning_bureau.full_code) == found(department="nonsense") == set()
    assert found(category="CF") == numbers(results, {"penalty_person", "penalty_company"})
    assert found(category="XK") == numbers(results, {"licence_person", "licence_company"})
    # dates are Beijing calendar days, both ends included
    assert found(**{"from": "2025-11-12", "to": "2025-11-20"}) == numbers(
        results, {"licence_company", "penalty_person"})
    assert found(**{"from": "2025-11-21"}) == numbers(results, {"penalty_company"})


def test_bad_search_fields_are_named_and_left_out(results):
    query, errors = selectors.result_query_parse({"category": "QT", "from": "2025-13-01", "to": "x"})
    assert {error["field"] for error in errors} == {"category", "from", "to"}
    assert query == selectors.ResultQuery()
    query, errors = selectors.result_query_parse({"from": "2025-11-30", "to": "2025-11-01"})
    assert [error["rule"] for error in errors] == ["order"] and query.date_to is None


def test_a_public_record_masks_the_person_and_shows_the_organisation(results):
    person = selectors.result_get(results["licence_person"].number)
    assert person.party_name == "张*" and person.party_id == "110105********002X" and person.credit_code == ""
    assert person.subject == "张*住宅用地预审"  # the name inside the subject is masked too
    assert person.reason == "经审查符合规划。申请人张*，电话139****5678。"
    assert person.legal_bases == ("《中华人民共和国土地管理法》第五十二条",)
    penalty = selectors.result_get(results["penalty_person"].number)
    assert penalty.party_name == "欧**明" and penalty.party_id.startswith("320106********")
    assert penalty.reason == "当事人欧**明（住南京市鼓楼区中山北路****）违反《土地管理法》第七十七条。"
    assert str(penalty.penalty_amount) == "5000.00" and penalty.penalty_kind == "罚款"
    company = selectors.result_get(results["penalty_company"].number)
    assert company.party_name == COMPANY["name"] and company.credit_code == COMPANY["id_number"]
    assert company.party_id == COMPANY["id_number"] and company.department_code == "320100-012"
    for record in (person, penalty, company):
        assert_private_absent(repr(record.as_row()))


@pytest.mark.parametrize("key", ["denied", "open", "refused", "withdrawn", "filed"])
def test_an_unpublished_decision_has_no_record(results, key):
    with pytest.raises(ResultNotFound):
        selectors.result_get(results[key].number)


def test_the_results_page_lists_searches_and_masks(results, anonymous):
    response = anonymous.get("/results/")
    body = response.content.decode()
    assert response.status_code == 200
    listed = set(re.findall(r'href="/results/([^/"]+)/"', body))
    assert listed == numbers(results, PUBLISHED)
    assert "张*" in body and "欧**明" in body and COMPANY["name"] in body and COMPANY["id_number"] in body
    assert "5000.00" in body and "宁国土罚〔2025〕7号" in body
    assert_private_absent(body)
    response = anonymous.get("/results/", {"category": "CF", "party": "建材"})
    assert set(re.findall(r'href="/results/([^/"]+)/"', response.content.decode())) == numbers(
        results, {"penalty_company"})
    assert 'href="/open-data/results.csv?party=%E5%BB%BA%E6%9D%90&amp;category=CF"' in response.content.decode()


def test_a_bad_search_is_shown_with_its_field(results, anonymous):
    response = anonymous.get("/results/", {"from": "2025-02-30"})
    assert response.status_code == 400
    assert 'id="r-from-error"' in response.content.decode()


@pytest.mark.parametrize("key", sorted(PUBLISHED))
def test_each_result_page_shows_the_fields_and_no_personal_data(results, anonymous, key):
    case = results[key]
    response = anonymous.get(f"/results/{case.number}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert case.document_no in body and case.department.name in body and "南京市国土资源局" in body
    assert_private_absent(body)


@pytest.mark.parametrize("key", ["denied", "open", "refused", "withdrawn", "filed"])
def test_an_unpublished_result_page_is_not_found(results, anonymous, key):
    assert anonymous.get(f"/results/{results[key].number}/").status_code == 404


def test_the_results_query_is_a_fixed_number_of_queries(results, anonymous, django_assert_num_queries):
    with django_assert_num_queries(3):  # whatever the number of rows on the page
        anonymous.get("/results/")
