"""Complaints (投诉): filing by the public and by supervisors, acceptance within five working days
(rule S02 at the exact second), handling, replies, orders on a complaint, tracking by number and
code without personal data."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client

from yangguang.cases.tests.conftest import at
from yangguang.core.errors import InvalidInput
from yangguang.core.services import token_create

from .. import services
from ..errors import NotResponsible, WrongStatus
from ..models import Alert, Complaint, ComplaintStatus, Notification, SupervisionOrder
from .lifecycle_fixtures import *

PROBLEM = "application/problem+json"
# Filed on Fri 2025-09-26 10:00. Five working days after receipt: Sun 28 Sep (make-up workday),
# Mon 29, Tue 30, then the National Day holiday Wed 1 – Wed 8 Oct, Thu 9, Fri 10 Oct: due at the
# end of Fri 10 Oct (24:00, i.e. 2025-10-11 00:00).
FILED = "2025-09-26 10:00"
ACCEPTANCE_DUE = "2025-10-11 00:00"


@pytest.fixture
def complaint(land_bureau, people):
    return services.complaint_file(kind="efficiency", subject="窗口推诿", text="窗口人员多次要求补交无关材料。",
                                   department=land_bureau, complainant_name="王小明", complainant_phone="13912345678",
                                   complainant_email="wang@example.cn", user=people["applicant"], now=at(FILED))


@pytest.fixture
def public():
    client = Client()

    def request(method, path, body=None):
        if method == "get":
            return client.get(f"/api/v1{path}")
        return client.post(f"/api/v1{path}", data=json.dumps(body or {}), content_type="application/json")

    return request


@pytest.fixture
def call(people):
    client = Client()

    def request(who, method, path, body=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=people[who])}"}
        if method == "get":
            return client.get(f"/api/v1{path}", **headers)
        return client.post(f"/api/v1{path}", data=json.dumps(body or {}), content_type="application/json", **headers)

    return request


def test_filing_sets_the_acceptance_due_across_the_national_day_holiday(complaint, people):
    assert complaint.number.startswith("TS-20250926-") and len(complaint.code) == 8
    assert complaint.acceptance_due == at(ACCEPTANCE_DUE)
    assert complaint.status == ComplaintStatus.RECEIVED and complaint.code not in complaint.code_hash
    assert complaint.actions.get().action == "file"
    # the supervisors over the region hear of it, nobody in the department does
    told = set(Notification.objects.filter(complaint=complaint).values_list("user__username", flat=True))
    assert told == {"supervisor"}


@pytest.mark.parametrize(("fields", "field", "rule"), [
    ({"complainant_name": ""}, "complainant_name", "real-name"),
    ({"complainant_phone": "", "complainant_email": ""}, "complainant_phone", "contact"),
    ({"complainant_phone": "call me"}, "complainant_phone", "phone"),
    ({"complainant_email": "wang"}, "complainant_email", "email"),
    ({"subject": "  "}, "subject", "required"),
    ({"kind": "gossip"}, "kind", "choice"),
    ({"department": None}, "department", "required"),
])
def test_bad_filings_name_the_field_and_the_rule(land_bureau, fields, field, rule):
    values = {"kind": "efficiency", "subject": "窗口推诿", "text": "经过", "department": land_bureau,
              "complainant_name": "王小明", "complainant_phone": "13912345678", "complainant_email": ""}
    values.update(fields)
    with pytest.raises(InvalidInput) as caught:
        services.complaint_file(now=at(FILED), **values)
    assert {(error["field"], error["rule"]) for error in caught.value.errors} >= {(field, rule)}
    assert not Complaint.objects.exists()


def test_an_anonymous_report_is_accepted_and_kept_from_the_department(land_bureau, people):
    report = services.complaint_file(kind="report", subject="收受礼品", text="经过", department=land_bureau,
                                     now=at(FILED))
    assert report.complainant_name == "" and report.user is None
    services.complaint_act(actor=people["supervisor"], complaint=report, action="accept", now=at("2025-09-29 09:00"))
    heads = Notification.objects.filter(complaint=report, user=people["head"])
    assert not heads.exists()  # a report is confidential: the department is not told


def test_s02_fires_at_the_acceptance_due_and_not_a_microsecond_before(complaint):
    services.sweep(now=at(ACCEPTANCE_DUE) - timedelta(microseconds=1))
    assert not Alert.objects.filter(complaint=complaint).exists()
    run = services.sweep(now=at(ACCEPTANCE_DUE))
    alert = Alert.objects.get(complaint=complaint)
    assert (alert.rule.code, alert.level, alert.case_id, alert.department_id) == ("S02", "yellow", None,
                                                                                   complaint.department_id)
    assert run.raised == 1 and alert.status == "notified"
    services.sweep(now=at("2025-10-13 09:00"))
    assert Alert.objects.filter(complaint=complaint).count() == 1  # idempotent


def test_an_accepted_complaint_raises_nothing(complaint, people):
    services.complaint_act(actor=people["supervisor"], complaint=complaint, action="accept",
                           now=at("2025-10-10 23:59"))
    services.sweep(now=at("2025-10-13 09:00"))
    assert not Alert.objects.filter(complaint=complaint).exists()


def test_accept_investigate_reply(complaint, people, django_capture_on_commit_callbacks):
    supervisor = people["supervisor"]
    complaint = services.complaint_act(actor=supervisor, complaint=complaint, action="accept",
                                       officer=people["window"].officer, now=at("2025-09-29 09:00"))
    # 15 working days from Mon 29 Sep 09:00, counted from the next day: Tue 30 Sep (1), the holiday
    # 1–8 Oct, Thu 9 (2), Fri 10 (3), Sat 11 (make-up workday, 4), 13–17 (5–9), 20–24 (10–14), Mon 27 (15)
    assert complaint.status == "accepted" and complaint.officer == people["window"].officer
    assert complaint.reply_due == at("2025-10-28 00:00")
    head_told = Notification.objects.filter(complaint=complaint, user=people["head"])
    assert head_told.count() == 1 and "王小明" not in head_told.get().text
    with pytest.raises(InvalidInput) as caught:
        services.complaint_act(actor=supervisor, complaint=complaint, action="reply", text="已核实", finding="maybe")
    assert caught.value.field == "finding"
    with pytest.raises(WrongStatus):
        services.complaint_act(actor=supervisor, complaint=complaint, action="refuse", text="重复投诉")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complaint = services.complaint_act(actor=supervisor, complaint=complaint, action="reply", finding="confirmed",
                                           text="经查属实，已责令整改并通报批评。", now=at("2025-10-15 16:00"))
    assert (complaint.status, complaint.finding, complaint.replied_at) == ("replied", "confirmed", at("2025-10-15 16:00"))
    assert Notification.objects.filter(complaint=complaint, user=people["applicant"], text__contains="属实").exists()
    assert [message.to for message in mail.outbox] == [["wang@example.cn"]]
    assert [row.action for row in complaint.actions.all()] == ["file", "accept", "reply"]


def test_only_a_supervisor_over_the_region_handles_a_complaint(complaint, people):
    for who in ("far_supervisor", "head", "review"):
        with pytest.raises(NotResponsible):
            services.complaint_act(actor=people[who], complaint=complaint, action="accept")
    with pytest.raises(NotResponsible):
        services.complaint_file(kind="efficiency", subject="s", text="t", department=complaint.department,
                                complainant_name="王", complainant_phone="13912345678", actor=people["far_supervisor"])
    with pytest.raises(InvalidInput) as caught:
        services.complaint_act(actor=people["supervisor"], complaint=complaint, action="refuse", text=" ")
    assert caught.value.field == "text"
    assert Complaint.objects.get(pk=complaint.pk).status == "received"


def test_an_order_on_a_complaint_escalates_with_it(complaint, people):
    order = services.order_issue(actor=people["supervisor"], complaint=complaint, text="请五日内说明情况。",
                                 now=at("2025-09-29 09:00"))
    assert order.department == complaint.department and order.complaint == complaint
    assert complaint.actions.filter(action="order").exists()
    services.orders_escalate(now=order.feedback_due)
    follow_up = SupervisionOrder.objects.get(parent=order)
    assert follow_up.complaint == complaint
    assert Alert.objects.get(order=order).rule.code == "S01"


def test_the_public_files_and_follows_a_complaint_without_personal_data(public, land_bureau, people):
    body = {"kind": "efficiency", "subject": "办理超时", "text": "申请后一个月无人联系。", "department": "320100-012",
            "complainant_name": "王小明", "complainant_phone": "13912345678"}
    response = public("post", "/public/complaints", body)
    assert response.status_code == 201, response.content
    filed = response.json()
    number, code = filed["number"], filed["code"]
    response = public("get", f"/public/complaints/{number}?code={code}")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    shown = response.json()
    assert shown["status"] == "received" and shown["department"]["code"] == "320100-012"
    assert "王小明" not in response.content.decode() and "13912345678" not in response.content.decode()
    missing = public("get", f"/public/complaints/TS-20990101-000001?code={code}")
    wrong = public("get", f"/public/complaints/{number}?code=AAAAAAAA")
    assert missing.status_code == wrong.status_code == 404 and missing.json()["detail"] == wrong.json()["detail"]
    for _i in range(3):
        public("get", f"/public/complaints/{number}?code=AAAAAAAA")
    throttled = public("get", f"/public/complaints/{number}?code={code}")
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) > 0


def test_public_filing_errors_are_problems(public, land_bureau):
    response = public("post", "/public/complaints", {"kind": "efficiency", "subject": "s", "text": "t",
                                                     "case": "320100-20990101-000001"})
    assert response.status_code == 422 and response["Content-Type"] == PROBLEM
    assert response.json()["field"] == "case"
    response = public("post", "/public/complaints", {"kind": "report", "subject": "s", "text": "t",
                                                     "department": "320100-012", "secret": "x"})
    assert response.status_code == 422
    assert not Complaint.objects.exists()


def test_supervisors_handle_complaints_through_the_api(call, complaint, people):
    listed = call("supervisor", "get", "/complaints?status=received").json()
    assert [row["number"] for row in listed] == [complaint.number] and listed[0]["complainant_name"] == "王小明"
    assert call("far_supervisor", "get", "/complaints").json() == []
    assert call("head", "get", f"/complaints/{complaint.number}").status_code == 404
    response = call("supervisor", "post", f"/complaints/{complaint.number}/actions", {"action": "accept"})
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    response = call("supervisor", "post", f"/complaints/{complaint.number}/actions",
                    {"action": "order", "text": "请说明。"})
    assert response.status_code == 200 and len(response.json()["orders"]) == 1
    response = call("supervisor", "post", f"/complaints/{complaint.number}/actions",
                    {"action": "reply", "text": "不属实。", "finding": "unfounded"})
    assert response.json()["finding"] == "unfounded"
    response = call("supervisor", "post", f"/complaints/{complaint.number}/actions", {"action": "accept"})
    assert response.status_code == 409 and response["Content-Type"] == PROBLEM
    registered = call("supervisor", "post", "/complaints", {
        "kind": "report", "subject": "电话举报", "text": "来电反映。", "department": "320100-012"})
    assert registered.status_code == 201 and registered.json()["actions"][0]["actor"] == "supervisor"
