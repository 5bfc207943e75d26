"""The work pages of electronic supervision: an alert handled from explanation to confirmation,
a supervision order from issue to conclusion, a complaint from registration to reply — each
through the HTML forms, as the officers, the head and the supervisor use them."""

import re

import pytest
import time_machine
from django.test import Client
from django.utils.html import escape
from django.utils.translation import gettext as _

from yangguang.cases.services import query_code_hash
from yangguang.cases.tests.conftest import at

from ..models import Alert, AlertRule, Complaint, SupervisionOrder
from .lifecycle_fixtures import *


@pytest.fixture
def clock():
    with time_machine.travel(at("2025-10-09 09:00"), tick=False) as traveller:
        yield traveller


def error_shown(response, message: str) -> bool:
    """The page shows ``message`` as an error (a refusal, naming its field in brackets)."""
    return f'<div class="alert alert-danger">{escape(message)}</div>' in response.content.decode()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_alert_is_explained_and_confirmed_through_its_page(step_alert, people, clock):
    supervisor, review = client_of(people["supervisor"]), client_of(people["review"])
    page = supervisor.get("/supervision/alerts/?level=yellow")
    assert page.status_code == 200 and f"/supervision/alerts/{step_alert.pk}/" in page.content.decode()
    assert "T01" not in page.content.decode().split("<tbody>")[1]  # the prompt is filtered out
    page = review.get(f"/supervision/alerts/{step_alert.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'value="explain"' in body and 'value="confirm"' not in body and 'value="order"' not in body
    response = review.post(f"/supervision/alerts/{step_alert.pk}/", {"action": "explain", "text": ""})
    assert response.status_code == 302
    assert Alert.objects.get(pk=step_alert.pk).status == "notified"  # refused: the text is required
    refusal = _("%(action)s needs a text (reason, explanation or correction).") % {"action": "explain"}
    assert error_shown(review.get(response.url), f"{refusal} (text)")
    review.post(f"/supervision/alerts/{step_alert.pk}/", {"action": "explain", "text": "踏勘遇暴雨，已补办。"})
    assert Alert.objects.get(pk=step_alert.pk).status == "explained"
    body = supervisor.get(f"/supervision/alerts/{step_alert.pk}/").content.decode()
    assert 'value="confirm"' in body and 'value="reject"' in body and "踏勘遇暴雨" in body
    supervisor.post(f"/supervision/alerts/{step_alert.pk}/", {"action": "confirm", "text": ""})
    assert Alert.objects.get(pk=step_alert.pk).status == "confirmed"
    assert client_of(people["far_supervisor"]).get(f"/supervision/alerts/{step_alert.pk}/").status_code == 404


def test_an_order_on_a_department_is_replied_and_concluded(land_bureau, people, clock):
    supervisor, head = client_of(people["supervisor"]), client_of(people["head"])
    response = supervisor.post("/supervision/orders/", {"department": land_bureau.pk, "text": "请说明本月超期原因。"})
    order = SupervisionOrder.objects.get()
    assert response.status_code == 302 and response.url == f"/supervision/orders/{order.pk}/"
    assert 'value="reply"' in head.get(response.url).content.decode()
    assert 'value="reply"' not in supervisor.get(response.url).content.decode()
    head.post(response.url, {"action": "reply", "text": "已逐件核查并整改。"})
    supervisor.post(response.url, {"action": "conclude", "text": "整改到位。", "verified": "true"})
    order.refresh_from_db()
    assert (order.status, order.verified, order.reply) == ("concluded", True, "已逐件核查并整改。")
    listed = head.get("/supervision/orders/?status=concluded").content.decode()
    assert f"/supervision/orders/{order.pk}/" in listed
    assert client_of(people["far_supervisor"]).get(response.url).status_code == 404


def test_a_complaint_is_registered_accepted_and_answered_through_its_pages(land_bureau, people, clock):
    supervisor = client_of(people["supervisor"])
    response = supervisor.post("/supervision/complaints/new/", {
        "kind": "efficiency", "department": land_bureau.pk, "subject": "窗口推诿", "text": "来电反映窗口推诿。",
        "complainant_name": "王小明", "complainant_phone": "13912345678"})
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response.url == f"/supervision/complaints/{complaint.number}/"
    page = supervisor.get(response.url).content.decode()
    shown = [code for code in re.findall(r"\b[A-Z2-9]{8}\b", page)
             if query_code_hash(complaint.number, code) == complaint.code_hash]
    assert len(shown) == 1 and "王小明" in page and 'value="accept"' in page  # the tracking code, shown once
    supervisor.post(response.url, {"action": "accept", "officer": people["window"].officer.pk})
    supervisor.post(response.url, {"action": "reply", "finding": "confirmed", "text": "经查属实，已整改。"})
    complaint.refresh_from_db()
    assert (complaint.status, complaint.finding, complaint.officer) == ("replied", "confirmed", people["window"].officer)
    queue = supervisor.get("/supervision/complaints/?status=replied").content.decode()
    assert complaint.number in queue
    assert client_of(people["head"]).get("/supervision/complaints/").status_code == 403
    assert client_of(people["head"]).get(response.url).status_code == 404


def test_a_bad_registration_names_the_fields_and_keeps_what_was_typed(land_bureau, people, clock):
    response = client_of(people["supervisor"]).post("/supervision/complaints/new/", {
        "kind": "efficiency", "department": land_bureau.pk, "subject": "窗口推诿", "text": "经过"})
    assert response.status_code == 422
    assert error_shown(response, _("An efficiency complaint is made in the complainant's own name.")
                       + " (complainant_name)")
    assert error_shown(response, _("Give a phone number or an e-mail address for the answer.") + " (complainant_phone)")
    assert 'name="subject" maxlength="200" required value="窗口推诿"' in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_registration_naming_an_unknown_case_is_refused(land_bureau, people, clock):
    response = client_of(people["supervisor"]).post("/supervision/complaints/new/", {
        "kind": "efficiency", "case": " 320100-20250926-999999 ", "subject": "窗口推诿", "text": "经过",
        "complainant_name": "王小明", "complainant_phone": "13912345678"})
    assert response.status_code == 422
    assert error_shown(response, _("No case with number %(number)s.") % {"number": "320100-20250926-999999"}
                       + " (case)")
    assert not Complaint.objects.exists()


def test_notifications_are_listed_opened_and_marked_read(step_alert, people, clock):
    review = client_of(people["review"])
    page = review.get("/supervision/notifications/").content.decode()
    assert "T02" in page or step_alert.rule.name in page
    row = people["review"].notifications.filter(alert=step_alert).get()
    response = review.post(f"/supervision/notifications/{row.pk}/open")
    assert response.status_code == 302 and response.url == f"/supervision/alerts/{step_alert.pk}/"
    row.refresh_from_db()
    assert row.read_at is not None
    other = people["head"].notifications.first()
    assert review.post(f"/supervision/notifications/{other.pk}/open").status_code == 404
    review.post("/supervision/notifications/")
    assert not people["review"].notifications.filter(read_at__isnull=True).exists()
    assert people["head"].notifications.filter(read_at__isnull=True).exists()


def test_supervisors_tune_rules_on_their_page_and_each_change_is_recorded(people, clock):
    supervisor = client_of(people["supervisor"])
    page = supervisor.get("/supervision/rules/").content.decode()
    assert 'id="rule-T03"' in page and 'name="param-share"' in page and 'id="rule-Q01"' in page
    supervisor.post("/supervision/rules/", {"code": "T03", "enabled": "on", "param-share": "0.85"})
    rule = AlertRule.objects.get(code="T03")
    assert rule.params == {"share": 0.85} and rule.enabled
    assert rule.history.first().history_user == people["supervisor"]
    response = supervisor.post("/supervision/rules/", {"code": "T03", "enabled": "on", "param-share": "1.5"})
    assert response.status_code == 302 and AlertRule.objects.get(code="T03").params == {"share": 0.85}
    assert "params.share" in supervisor.get(response.url).content.decode()
    supervisor.post("/supervision/rules/", {"code": "E02"})
    assert not AlertRule.objects.get(code="E02").enabled
    assert client_of(people["head"]).get("/supervision/rules/").status_code == 403
    assert client_of(people["head"]).post("/supervision/rules/", {"code": "E02", "enabled": "on"}).status_code == 403
    assert not AlertRule.objects.get(code="E02").enabled
