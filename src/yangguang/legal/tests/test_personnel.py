"""Enforcement bodies and personnel (行政执法主体和人员监督): certificate checks on enforcement
steps, refused actions recorded, reminders before expiry, and the register's pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yangguang.cases import services as case_services
from yangguang.cases.errors import NotStepHolder
from yangguang.cases.models import Case
from yangguang.cases.tests.conftest import at
from yangguang.catalog.models import Category
from yangguang.discretion.tests.conftest import COMPANY
from yangguang.org.models import CertificateAction, CertificateEvent, DepartmentKind, Officer
from yangguang.supervision.models import Notification

from .. import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspectors(inspectors, make_user, land_bureau):
    """The land bureau's inspector, and a second one whose certificate each test spoils."""
    return {**inspectors, "expired": make_user("expired", officer_of=land_bureau, posts=("investigate",))}


def _case(inspectors, penalty_power):
    return case_services.case_apply(actor=inspectors["inspector"], power=penalty_power, applicant=dict(COMPANY),
                                    channel="counter", title="无照经营", now=at("2025-09-25 09:00"))


@pytest.mark.parametrize(("changes", "standing"), [
    ({"certificate_valid_until": datetime.date(2025, 9, 24)}, "expired"),  # expired the day before
    ({"certificate_valid_from": datetime.date(2025, 9, 26)}, "expired"),  # valid only from tomorrow
    ({"certificate_status": "failed"}, "suspended"),  # failed its annual check
    ({"certificate_status": "lost"}, "withdrawn"),
    ({"certificate_status": "registered"}, "pending"),  # not yet approved
])
def test_an_uncertified_enforcement_action_is_refused_and_recorded(inspectors, penalty_power, changes, standing):
    Officer.objects.filter(user=inspectors["expired"]).update(**changes)
    case = _case(inspectors, penalty_power)
    with pytest.raises(NotStepHolder) as error:
        case_services.case_act(actor=inspectors["expired"], case=case, action="accept", now=at("2025-09-25 10:00"))
    assert error.value.rule == "enforcement-certificate"
    stored = Case.objects.get(pk=case.pk)
    assert (stored.state, stored.last_seq) == ("submitted", case.last_seq)  # nothing of the action was written
    event = CertificateEvent.objects.get(action=CertificateAction.ACTION_REFUSED)
    assert (event.officer.user_id, event.case_number, event.step, event.note) == (
        inspectors["expired"].pk, case.number, "立案", standing)
    assert event.at == at("2025-09-25 10:00")


def test_the_certificate_is_valid_on_its_last_day_in_shanghai(inspectors, penalty_power):
    Officer.objects.filter(user=inspectors["expired"]).update(certificate_valid_until=datetime.date(2025, 9, 25))
    case = _case(inspectors, penalty_power)
    # 23:30 on 25 September in Shanghai is already the 26th nowhere in China: the certificate still holds
    case = case_services.case_act(actor=inspectors["expired"], case=case, action="accept", now=at("2025-09-25 23:30"))
    assert case.state == "in_progress"
    later = case_services.case_apply(actor=inspectors["inspector"], power=penalty_power, applicant=dict(COMPANY),
                                     channel="counter", now=at("2025-09-25 23:40"))
    with pytest.raises(NotStepHolder):  # 00:10 on the 26th in Shanghai (16:10 UTC on the 25th)
        case_services.case_act(actor=inspectors["expired"], case=later, action="accept", now=at("2025-09-26 00:10"))
    assert CertificateEvent.objects.filter(action=CertificateAction.ACTION_REFUSED).count() == 1


def test_a_non_enforcement_step_needs_no_certificate(inspectors, penalty_power, officers):
    Officer.objects.filter(user=officers["approve"]).update(certificate_status="lost")
    case = _case(inspectors, penalty_power)
    case = case_services.case_act(actor=inspectors["inspector"], case=case, action="accept", now=at("2025-09-25 10:00"))
    case = case_services.case_act(actor=inspectors["inspector"], case=case, action="complete", now=at("2025-09-26 10:00"),
                                  opinion="调查终结")
    assert case.current_steps  # the approver's step is next; their lost certificate does not matter there
    assert not CertificateEvent.objects.exists()


# --- reminders before expiry -----------------------------------------------------------------------


@pytest.fixture
def expiring(inspectors, officers, legal):
    """The inspector's certificate expires on 20 October 2025."""
    Officer.objects.filter(user=inspectors["inspector"]).update(certificate_valid_until=datetime.date(2025, 10, 20))
    return Officer.objects.get(user=inspectors["inspector"])


def test_a_certificate_due_to_expire_is_reminded_once(expiring, officers, legal, inspectors):
    assert services.certificates_prompt(now=at("2025-09-20 08:00")) == 0  # 30 days before: not yet
    assert services.certificates_prompt(now=at("2025-09-21 08:00")) == 1  # 29 days left
    told = set(Notification.objects.filter(kind="certificate").values_list("user__username", flat=True))
    assert told == {"inspector", "head", "legal"}  # the holder, the department's head, the legal office
    text = Notification.objects.filter(kind="certificate").first().text
    assert expiring.certificate_no in text and "2025-10-20" in text
    assert services.certificates_prompt(now=at("2025-09-22 08:00")) == 0  # once per validity date
    assert CertificateEvent.objects.filter(action=CertificateAction.PROMPT, officer=expiring).count() == 1


def test_a_renewed_certificate_is_reminded_again_before_its_new_date(expiring, legal):
    services.certificates_prompt(now=at("2025-09-21 08:00"))
    Officer.objects.filter(pk=expiring.pk).update(certificate_valid_until=datetime.date(2025, 10, 31))
    assert services.certificates_prompt(now=at("2025-10-05 08:00")) == 1
    assert services.certificates_prompt(now=at("2025-10-06 08:00")) == 0


def test_expired_and_withdrawn_certificates_are_not_reminded(expiring, inspectors):
    Officer.objects.filter(pk=expiring.pk).update(certificate_status="left")
    assert services.certificates_prompt(now=at("2025-09-21 08:00")) == 0
    Officer.objects.filter(pk=expiring.pk).update(certificate_status="active")
    assert services.certificates_prompt(now=at("2025-10-21 08:00")) == 0  # already expired


# --- the register's pages ------------------------------------------------------------------------------

PAGES = ["legal:officers", "legal:bodies", "legal:refused"]


@pytest.mark.parametrize("name", PAGES)
def test_the_register_pages_open_for_the_legal_office_and_not_the_public(client, legal, officers, inspectors, name):
    client.force_login(legal)
    assert client.get(reverse(name)).status_code == 200
    client.force_login(officers["applicant"])
    assert client.get(reverse(name)).status_code == 403


def test_the_personnel_list_filters_by_standing(client, legal, expiring, inspectors, make_user, land_bureau):
    soon = timezone.localdate() + datetime.timedelta(days=10)  # the page shows today's standing
    Officer.objects.filter(pk=expiring.pk).update(certificate_valid_until=soon)
    client.force_login(legal)

    def listed():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("legal:officers"), {"standing": "expiring"})
        assert page.status_code == 200
        return page.content.decode(), len(queries)

    body, one_row = listed()
    assert expiring.certificate_no in body
    assert Officer.objects.get(user=inspectors["expired"]).certificate_no not in body
    more = [make_user(f"soon{n}", officer_of=land_bureau, posts=("investigate",)) for n in range(4)]
    Officer.objects.filter(user__in=more).update(certificate_valid_until=soon)
    body, several_rows = listed()
    assert all(officer.certificate_no in body for officer in Officer.objects.filter(user__in=more))
    assert several_rows == one_row  # no query per row


def test_the_legal_office_reviews_and_checks_through_the_pages(client, legal, officers, make_user, land_bureau):
    newcomer = Officer.objects.create(user=make_user("newcomer"), department=land_bureau)
    url = reverse("legal:officer", args=[newcomer.pk])
    client.force_login(officers["head"])
    assert client.post(url, {"action": "register", "number": "", "areas": "国土", "valid_from": "2025-01-01",
                             "valid_until": "2026-12-31"}).status_code == 422
    assert client.post(url, {"action": "register", "number": "ZF320100012777", "areas": "国土",
                             "valid_from": "2025-01-01", "valid_until": "2030-12-31"}).status_code == 302
    assert client.post(url, {"action": "approve"}).status_code == 403  # the head does not review
    client.force_login(legal)
    assert "ZF320100012777" in client.get(url).content.decode()
    assert client.post(url, {"action": "approve", "note": ""}).status_code == 302
    assert client.post(url, {"action": "pass", "valid_until": "2031-06-30"}).status_code == 302
    newcomer.refresh_from_db()
    assert (newcomer.certificate_status, newcomer.certificate_valid_until) == ("active", datetime.date(2031, 6, 30))
    client.force_login(officers["planning"])  # another department's officer
    assert client.get(url).status_code == 404


def test_bodies_show_kind_powers_and_certified_people(client, legal, penalty_power, land_power, inspectors,
                                                      land_bureau):
    land_bureau.basis = "《土地管理法》第五条"
    land_bureau.kind = DepartmentKind.AUTHORISED
    land_bureau.save()
    Officer.objects.filter(user=inspectors["expired"]).update(certificate_valid_until=datetime.date(2025, 1, 1))
    client.force_login(legal)
    response = client.get(reverse("legal:bodies"))
    body = response.content.decode()
    assert "《土地管理法》第五条" in body and land_bureau.name in body
    assert str(DepartmentKind.AUTHORISED.label) in body
    bodies = {entry["department"].pk: entry for entry in response.context["bodies"]}
    land = bodies[land_bureau.pk]
    assert land["department"].kind == DepartmentKind.AUTHORISED
    assert [(code, str(label), n) for code, label, n in land["powers"]] == [
        (Category.PENALTY, str(Category.PENALTY.label), 1), (Category.LICENCE, str(Category.LICENCE.label), 1)]
    assert land["power_total"] == 2
    assert (land["people"]["certified"], land["people"]["unusable"]) == (1, 1)  # the expired one is not certified


def test_the_dashboard_counts_refused_actions_and_certificates(client, legal, inspectors, penalty_power):
    Officer.objects.filter(user=inspectors["expired"]).update(certificate_valid_until=datetime.date(2025, 1, 1))
    case = _case(inspectors, penalty_power)
    with pytest.raises(NotStepHolder):
        case_services.case_act(actor=inspectors["expired"], case=case, action="accept")
    client.force_login(legal)
    response = client.get(reverse("legal:dashboard"))
    figures = response.context["figures"]
    assert figures["actions_refused"] == 1
    assert figures["certificates"]["expired"] == 1


def test_the_standing_is_named_in_the_visitors_language(client, legal, expiring, settings):
    Officer.objects.filter(pk=expiring.pk).update(
        certificate_valid_until=timezone.localdate() + datetime.timedelta(days=10))
    client.force_login(legal)
    url = reverse("legal:officers") + "?standing=expiring"
    assert "即将到期" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(url).content.decode()
    assert ">expiring<" in body and "即将到期" not in body
