"""The alerts, supervision-order and notification API through Django's test client; the lists
run a fixed number of queries whatever the number of rows."""

import json

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from yangguang.cases.tests.conftest import at
from yangguang.core.services import token_create

from .. import services
from ..models import Alert, Notification, SupervisionOrder
from .lifecycle_fixtures import *

PROBLEM = "application/problem+json"


@pytest.fixture
def call(people):
    client = Client()

    def request(who, method, path, body=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=people[who])}"}
        if method == "get":
            return client.get(f"/api/v1{path}", **headers)
        return client.post(f"/api/v1{path}", data=json.dumps(body or {}), content_type="application/json", **headers)

    return request


@pytest.fixture
def clock():
    with time_machine.travel(at("2025-10-09 09:00"), tick=False) as traveller:
        yield traveller


def test_list_filters_and_visibility(step_alert, call, clock):
    response = call("supervisor", "get", "/alerts?level=yellow")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["items"][0]["rule"] == "T02" and body["items"][0]["step"] == "first-review"
    assert body["items"][0]["department"]["code"] == "320100-012"
    assert call("supervisor", "get", "/alerts?level=prompt").json()["count"] == 1  # T01
    assert call("head", "get", "/alerts?department=320100-012&status=notified").json()["count"] == 2
    assert call("far_supervisor", "get", "/alerts").json()["count"] == 0
    assert call("review", "get", "/alerts").json()["count"] == 2  # the step alerts of their post
    assert call("window", "get", "/alerts").json()["count"] == 0
    response = call("supervisor", "get", "/alerts?level=green")
    assert response.status_code == 422 and response["Content-Type"] == PROBLEM and response.json()["field"] == "level"
    response = call("far_supervisor", "get", f"/alerts/{step_alert.pk}")
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM


def test_lifecycle_through_the_api(step_alert, call, clock):
    path = f"/alerts/{step_alert.pk}/actions"
    response = call("review", "post", path, {"action": "explain", "fields": {"text": "申请人补正中"}})
    assert response.status_code == 200 and response.json()["status"] == "explained"
    response = call("review", "post", path, {"action": "confirm"})
    assert response.status_code == 403 and response["Content-Type"] == PROBLEM
    assert (response.json()["code"], response.json()["field"], response.json()["rule"]) == (
        "not-responsible", "action", "supervisor-side")
    response = call("supervisor", "post", path, {"action": "reject", "fields": {}})
    assert response.status_code == 422 and response.json()["field"] == "text"
    response = call("supervisor", "post", path, {"action": "confirm"})
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    detail = call("supervisor", "get", f"/alerts/{step_alert.pk}").json()
    assert [row["action"] for row in detail["actions"]] == ["notify", "explain", "confirm"]
    response = call("supervisor", "post", path, {"action": "confirm"})
    assert response.status_code == 409 and response.json()["rule"] == "status"
    response = call("supervisor", "post", path, {"action": "delete"})
    assert response.status_code == 422 and response.json()["field"] == "action"


def test_orders_through_the_api(step_alert, call, clock):
    response = call("supervisor", "post", f"/alerts/{step_alert.pk}/actions",
                    {"action": "order", "fields": {"text": "限期说明"}})
    assert response.status_code == 200 and len(response.json()["orders"]) == 1
    response = call("supervisor", "post", "/supervision-orders", {"department": "320100-012", "text": "整改超时件"})
    assert response.status_code == 201
    order = response.json()
    assert order["feedback_due"].startswith("2025-10-14T00:00:00")  # 10-10, 10-11 (make-up), 10-13
    response = call("far_supervisor", "post", "/supervision-orders", {"department": "320100-012", "text": "x"})
    assert response.status_code == 403 and response["Content-Type"] == PROBLEM
    response = call("supervisor", "post", "/supervision-orders", {"department": "999999-000", "text": "x"})
    assert response.status_code == 422 and response.json()["field"] == "department"
    assert len(call("head", "get", "/supervision-orders").json()) == 2
    assert call("far_supervisor", "get", "/supervision-orders").json() == []
    path = f"/supervision-orders/{order['id']}/actions"
    response = call("supervisor", "post", path, {"action": "reply", "fields": {"text": "x"}})
    assert response.status_code == 403 and response.json()["rule"] == "department-head"
    response = call("head", "post", path, {"action": "reply", "fields": {"text": "已整改"}})
    assert response.status_code == 200 and response.json()["status"] == "replied"
    response = call("supervisor", "post", path, {"action": "conclude", "fields": {"text": "属实"}})
    assert response.status_code == 422 and response.json()["field"] == "verified"
    response = call("supervisor", "post", path, {"action": "conclude", "fields": {"text": "属实", "verified": True}})
    assert response.status_code == 200 and response.json()["verified"] is True
    assert SupervisionOrder.objects.get(pk=order["id"]).status == "concluded"


def test_own_notifications_and_mark_read(step_alert, call, clock, people):
    rows = call("review", "get", "/notifications?unread=true").json()
    assert rows and all(row["read_at"] is None for row in rows)
    first = rows[0]["id"]
    assert call("head", "post", f"/notifications/{first}/read").status_code == 404  # not theirs
    response = call("review", "post", f"/notifications/{first}/read")
    assert response.status_code == 200 and response.json()["read_at"] == "2025-10-09T09:00:00+08:00"
    assert first not in [row["id"] for row in call("review", "get", "/notifications?unread=true").json()]
    assert Notification.objects.filter(user=people["review"]).count() == len(rows)
    assert Alert.objects.filter(pk=step_alert.pk).exists()


# --- a fixed number of queries per list, whatever the number of rows ---------------------------------


@pytest.fixture
def counted(people):
    """GET as ``who``: the answer and the number of queries it ran (the token made beforehand)."""
    client, tokens = Client(), {}

    def request(who, path):
        tokens.setdefault(who, token_create(user=people[who]))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {tokens[who]}")
        assert response.status_code == 200, response.content
        return response.json(), len(queries)

    return request


def register(people, land_bureau, subject, *, officer=None, order=False):
    """A complaint registered by the supervisor on Fri 2025-09-26 10:00 (its acceptance due at
    2025-10-11 00:00), accepted with ``officer`` on 09-29, with a supervision order if ``order``."""
    supervisor = people["supervisor"]
    complaint = services.complaint_file(kind="efficiency", subject=subject, text="来电反映。", department=land_bureau,
                                        complainant_name="王小明", complainant_phone="13912345678", actor=supervisor,
                                        now=at("2025-09-26 10:00"))
    if officer is not None:
        complaint = services.complaint_act(actor=supervisor, complaint=complaint, action="accept", officer=officer,
                                           now=at("2025-09-29 09:00"))
    if order:
        services.order_issue(actor=supervisor, complaint=complaint, text="请核查并反馈。", now=at("2025-09-29 10:00"))
    return complaint


@pytest.fixture
def crowded(step_alert, land_bureau, people):
    """Besides the step and case alerts of ``step_alert``: four complaints, two accepted (with the
    window officer) and three with an order; the S02 alerts of the two left unaccepted; an order
    on the step alert."""
    officer = people["window"].officer
    complaints = [register(people, land_bureau, "窗口推诿", officer=officer, order=True),
                  register(people, land_bureau, "拖延办理", officer=officer, order=True),
                  register(people, land_bureau, "态度生硬", order=True),
                  register(people, land_bureau, "不予答复")]
    services.order_issue(actor=people["supervisor"], alert=step_alert, text="限期说明。", now=at("2025-09-30 10:00"))
    services.sweep(now=at("2025-10-11 00:00"))
    assert Alert.objects.filter(rule__code="S02").count() == 2
    assert Alert.objects.filter(token__isnull=False).count() >= 2
    return complaints


def test_the_alert_list_runs_as_many_queries_for_one_row_as_for_many(crowded, counted, clock):
    for who in ("supervisor", "head", "review"):  # the officer's list is a union with their posts' alerts
        one, queries_one = counted(who, "/alerts?limit=1")
        many, queries_many = counted(who, "/alerts")
        assert len(one["items"]) == 1 and len(many["items"]) == many["count"] > 1
        assert queries_many == queries_one, who
    listed = counted("supervisor", "/alerts")[0]["items"]
    assert {item["complaint"] for item in listed} >= {complaint.number for complaint in crowded[2:]}
    assert {item["step"] for item in listed} >= {"first-review"}
    assert {item["department"]["code"] for item in listed} == {"320100-012"}


def test_the_order_list_runs_as_many_queries_for_one_row_as_for_many(step_alert, land_bureau, people, counted,
                                                                     clock):
    first = register(people, land_bureau, "窗口推诿", order=True)
    one, queries_one = counted("supervisor", "/supervision-orders")
    assert [order["complaint"] for order in one] == [first.number]
    crowded = [register(people, land_bureau, subject, order=True) for subject in ("拖延办理", "态度生硬")]
    services.order_issue(actor=people["supervisor"], alert=step_alert, text="限期说明。", now=at("2025-09-30 10:00"))
    many, queries_many = counted("supervisor", "/supervision-orders")
    assert sorted(order["complaint"] or "" for order in many) == sorted(
        ["", first.number] + [complaint.number for complaint in crowded])
    assert queries_many == queries_one


def test_the_complaint_list_runs_as_many_queries_for_one_row_as_for_many(crowded, counted, clock, people):
    one, queries_one = counted("supervisor", "/complaints?limit=1")
    many, queries_many = counted("supervisor", "/complaints")
    assert len(one) == 1 and len(many) == len(crowded)
    assert queries_many == queries_one
    by_number = {row["number"]: row for row in many}
    for complaint in crowded:  # what the list gives is what one complaint's page gives
        assert by_number[complaint.number] == counted("supervisor", f"/complaints/{complaint.number}")[0]
    assert [row["action"] for row in by_number[crowded[0].number]["actions"]] == ["file", "accept", "order"]
    assert {row["actor"] for row in by_number[crowded[0].number]["actions"]} == {"supervisor"}
    assert len(by_number[crowded[0].number]["orders"]) == 1 and by_number[crowded[3].number]["orders"] == []
    assert by_number[crowded[0].number]["officer"] == str(people["window"].officer)
