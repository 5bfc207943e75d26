"""The alerts, supervision-order and notification API through Django's test client."""

import json

import pytest
import time_machine
from django.test import Client

from yangguang.cases.tests.conftest import at
from yangguang.core.services import token_create

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
