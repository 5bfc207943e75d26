import pytest
from django.test import Client
from lxml import etree

from yangguang.catalog.models import PowerVersion
from yangguang.core.services import token_create
from yangguang.flows import services
from yangguang.flows.models import Flow

from .conftest import publish

CODE = "320100-012-XK-0001"
PROBLEM = "application/problem+json"


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


class TestPublic:
    def test_svg_of_a_published_public_power(self, published):
        response = Client().get(f"/api/v1/powers/{CODE}/flowchart.svg")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("image/svg+xml")
        root = etree.fromstring(response.content)
        assert root.tag == "{http://www.w3.org/2000/svg}svg" and "规划意见" in response.content.decode()
        assert Flow.objects.get(power_version=published).svg  # kept for the next visitor

    def test_bpmn_of_a_published_public_power(self, published):
        response = Client().get(f"/api/v1/powers/{CODE}/flow.bpmn")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/xml")
        assert response["Content-Disposition"] == f'attachment; filename="{CODE}.bpmn"'
        assert etree.fromstring(response.content).tag == "{http://www.omg.org/spec/BPMN/20100524/MODEL}definitions"

    def test_json_of_a_published_public_power(self, published, land_flow):
        response = Client().get(f"/api/v1/powers/{CODE}/flow")
        assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
        body = response.json()
        assert [s["key"] for s in body["steps"]] == [s["key"] for s in land_flow["steps"]]
        assert body["steps"][0] == {"key": "start", "name": "申请", "kind": "start"}
        assert body["steps"][6] == {"key": "planning", "name": "规划意见", "kind": "task", "department": "320100-015",
                                    "post": "review", "limit": 3, "unit": "workday"}
        assert body["transitions"][10] == {"from": "decide", "to": "issue", "condition": "准予"}

    @pytest.mark.parametrize("path", ["flowchart.svg", "flow.bpmn", "flow"])
    def test_a_filed_only_power_is_not_public(self, draft_with_flow, path):
        publish(draft_with_flow, disclosure="filed", filed_reason="涉及国家秘密")
        response = Client().get(f"/api/v1/powers/{CODE}/{path}")
        assert response.status_code == 404 and response["Content-Type"] == PROBLEM
        assert response.json()["code"] == "power-not-found"

    @pytest.mark.parametrize("path", ["flowchart.svg", "flow.bpmn", "flow", "flow?version=1"])
    def test_an_unpublished_power_is_not_public(self, draft_with_flow, path):
        response = Client().get(f"/api/v1/powers/{CODE}/{path}")
        assert response.status_code == 404 and response["Content-Type"] == PROBLEM

    def test_a_published_power_without_flowchart_is_a_problem(self, draft):
        publish(draft)
        response = Client().get(f"/api/v1/powers/{CODE}/flowchart.svg")
        assert response.status_code == 404 and response.json()["code"] == "flow-not-found"


class TestDrafts:
    def test_the_departments_clerk_sees_a_drafts_chart(self, draft_with_flow, clerk):
        client = logged_in(clerk)
        response = client.get(f"/api/v1/powers/{CODE}/flowchart.svg?version=1")
        assert response.status_code == 200 and "现场踏勘" in response.content.decode()
        assert Flow.objects.get(power_version=draft_with_flow).svg == ""  # a draft is drawn fresh every time
        assert client.get(f"/api/v1/powers/{CODE}/flow?version=1").status_code == 200
        assert client.get(f"/api/v1/powers/{CODE}/flowchart.svg").status_code == 404  # nothing is in force yet

    def test_the_regions_legal_office_sees_it_by_token(self, draft_with_flow, legal):
        response = Client().get(f"/api/v1/powers/{CODE}/flow.bpmn?version=1", **bearer(legal))
        assert response.status_code == 200

    def test_another_departments_clerk_does_not(self, draft_with_flow, outsider_clerk):
        response = logged_in(outsider_clerk).get(f"/api/v1/powers/{CODE}/flowchart.svg?version=1")
        assert response.status_code == 404 and response["Content-Type"] == PROBLEM

    def test_the_draft_of_a_revision_is_shown_beside_the_version_in_force(self, published, clerk, joint_flow):
        revision = PowerVersion.objects.create(power=published.power, number=2, name=published.name,
                                               statutory_limit=20, committed_limit=15)
        services.flow_write_many([(revision, joint_flow)])
        client = logged_in(clerk)
        assert "一门受理" in client.get(f"/api/v1/powers/{CODE}/flowchart.svg?version=2").content.decode()
        assert "一门受理" not in client.get(f"/api/v1/powers/{CODE}/flowchart.svg").content.decode()
        assert "一门受理" not in Client().get(f"/api/v1/powers/{CODE}/flowchart.svg").content.decode()
        assert Client().get(f"/api/v1/powers/{CODE}/flowchart.svg?version=2").status_code == 404


class TestReplace:
    def test_the_clerk_replaces_a_drafts_flowchart(self, draft_with_flow, clerk, joint_flow):
        response = Client().put(f"/api/v1/powers/{CODE}/versions/1/flow", joint_flow, content_type="application/json",
                                **bearer(clerk))
        assert response.status_code == 200, response.content
        assert response.json()["steps"][1]["name"] == "一门受理"
        assert Flow.objects.get(power_version=draft_with_flow).steps.count() == len(joint_flow["steps"])

    def test_every_error_comes_back_as_problem_json(self, draft_with_flow, clerk, joint_flow):
        joint_flow["steps"][3]["post"] = "nobody"
        joint_flow["steps"][5]["limit"] = 0
        response = Client().put(f"/api/v1/powers/{CODE}/versions/1/flow", joint_flow, content_type="application/json",
                                **bearer(clerk))
        assert response.status_code == 422 and response["Content-Type"] == PROBLEM
        body = response.json()
        assert body["code"] == "invalid-flow" and body["field"] == "flow.steps[5].limit"
        assert [(e["field"], e["rule"]) for e in body["errors"]] == [
            ("flow.steps[5].limit", "limit-positive"), ("flow.steps[3].post", "post-exists")]

    def test_the_legal_office_may_look_but_not_replace(self, draft_with_flow, legal, joint_flow):
        response = Client().put(f"/api/v1/powers/{CODE}/versions/1/flow", joint_flow, content_type="application/json",
                                **bearer(legal))
        assert response.status_code == 403 and response.json()["code"] == "not-catalog-clerk"

    def test_a_published_version_is_not_replaced(self, published, clerk, joint_flow):
        response = Client().put(f"/api/v1/powers/{CODE}/versions/1/flow", joint_flow, content_type="application/json",
                                **bearer(clerk))
        assert response.status_code == 409 and response.json()["rule"] == "editable-state"

    def test_anonymous_writes_are_refused(self, draft_with_flow, joint_flow):
        response = Client().put(f"/api/v1/powers/{CODE}/versions/1/flow", joint_flow, content_type="application/json")
        assert response.status_code == 401
