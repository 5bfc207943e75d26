import pytest
from django.test import Client

from yangguang.catalog import services
from yangguang.core.services import token_create


@pytest.fixture
def published(clerk, legal, land_bureau, licence_content, simple_flow):
    version = services.power_create(actor=clerk, department=land_bureau, category="XK", content=licence_content, flow=simple_flow)
    services.version_submit(actor=clerk, version=version)
    services.version_approve(actor=legal, version=version)
    return services.version_publish(actor=legal, version=version)


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def test_openapi_31_and_docs(db):
    client = Client()
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert "/api/v1/powers" in spec["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_list_filters_and_paginates(published, clerk, land_bureau, licence_content, simple_flow):
    client = Client()
    body = client.get("/api/v1/powers").json()
    assert body["count"] == 1 and body["items"][0]["code"] == "320100-012-XK-0001"
    assert body["items"][0]["category_name"]
    assert client.get("/api/v1/powers?category=CF").json()["count"] == 0
    assert client.get("/api/v1/powers?category=XK&department=320100-012").json()["count"] == 1
    assert client.get("/api/v1/powers?q=用地预审").json()["count"] == 1
    assert client.get("/api/v1/powers?q=320100-012-XK").json()["count"] == 1
    page = client.get("/api/v1/powers?limit=1&offset=1").json()
    assert page["count"] == 1 and page["items"] == []


def test_bad_filter_is_problem_json_naming_the_field(db):
    response = Client().get("/api/v1/powers?category=ZZ")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == "category"
    response = Client().get("/api/v1/powers?limit=0")
    assert response.status_code == 422 and response.json()["field"] == "limit"


def test_drafts_are_not_public(clerk, land_bureau, licence_content, simple_flow):
    version = services.power_create(actor=clerk, department=land_bureau, category="XK", content=licence_content, flow=simple_flow)
    assert Client().get(f"/api/v1/powers/{version.power.code}").status_code == 404
    assert Client().get("/api/v1/powers").json()["count"] == 0
    detail = Client().get(f"/api/v1/powers/{version.power.code}", **bearer(clerk))
    assert detail.status_code == 200 and detail.json()["versions"][0]["state"] == "draft"


def test_create_submit_approve_publish_through_the_api(clerk, legal, land_bureau, licence_content, simple_flow):
    client = Client()
    payload = dict(licence_content, department="320100-012", category="XK", flow=simple_flow)
    created = client.post("/api/v1/powers", payload, content_type="application/json", **bearer(clerk))
    assert created.status_code == 201, created.content
    code = created.json()["code"]
    for action, user in (("submit", clerk), ("approve", legal), ("publish", legal)):
        response = client.post(f"/api/v1/powers/{code}/versions/1/{action}", {"opinion": "同意"},
                               content_type="application/json", **bearer(user))
        assert response.status_code == 200, response.content
    assert response.json()["state"] == "published"
    assert client.get(f"/api/v1/powers/{code}").json()["content"]["committed_limit"] == 15


def test_refusals_are_problem_json(published, clerk, legal, licence_content):
    client = Client()
    code = published.power.code
    anonymous = client.post(f"/api/v1/powers/{code}/revisions", {"reason": "x"}, content_type="application/json")
    assert anonymous.status_code == 401
    wrong_role = client.post(f"/api/v1/powers/{code}/revisions", {"reason": "x"}, content_type="application/json", **bearer(legal))
    assert wrong_role.status_code == 403 and wrong_role.json()["code"] == "not-catalog-clerk"
    revision = client.post(f"/api/v1/powers/{code}/revisions", {"reason": "压缩时限"}, content_type="application/json", **bearer(clerk))
    assert revision.status_code == 201 and revision.json()["number"] == 2
    too_long = client.put(f"/api/v1/powers/{code}/versions/2", dict(licence_content, committed_limit=30),
                          content_type="application/json", **bearer(clerk))
    assert too_long.status_code == 422
    assert too_long.json()["field"] == "committed_limit" and too_long.json()["rule"] == "committed-within-statutory"
    shorter = client.put(f"/api/v1/powers/{code}/versions/2", dict(licence_content, committed_limit=10),
                         content_type="application/json", **bearer(clerk))
    assert shorter.status_code == 200
    diff = client.get(f"/api/v1/powers/{code}/versions/1/diff/2", **bearer(legal)).json()
    assert [c["field"] for c in diff["changes"]] == ["committed_limit"]
    conflict = client.post(f"/api/v1/powers/{code}/versions/2/approve", content_type="application/json", **bearer(legal))
    assert conflict.status_code == 409 and conflict.json()["rule"] == "approve-from-state"


def test_invalid_token_is_refused(db):
    response = Client().get("/api/v1/powers", HTTP_AUTHORIZATION="Bearer nonsense")
    assert response.status_code == 401
