"""Real-name registration and online application through the services."""

import os
from importlib import import_module

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher

from yangguang.cases.errors import PowerNotOpen
from yangguang.cases.models import Case
from yangguang.core.errors import InvalidInput
from yangguang.org.models import Role, RoleAssignment
from yangguang.portal.accounts import services
from yangguang.portal.models import Applicant

from .conftest import CREDIT_CODE, ID_CARD, OTHER_ID_CARD, PASSWORD, at, pdf, person

pytestmark = pytest.mark.django_db


def test_a_resident_registers_and_signs_in_with_the_mobile_number(settings):
    # The suite swaps in a fast hasher (the root conftest); put back what the project configures.
    settings.PASSWORD_HASHERS = import_module(os.environ["DJANGO_SETTINGS_MODULE"]).PASSWORD_HASHERS
    applicant = services.applicant_register(**person(email="zhangsan@example.cn"), now=at("2026-03-02 09:00"))
    user = applicant.user
    assert user.username == "13912345678" and user.email == "zhangsan@example.cn" and user.first_name == "张三"
    assert identify_hasher(user.password).algorithm == "argon2" and user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)
    assert RoleAssignment.objects.filter(user=user, role=Role.APPLICANT, department=None, region=None).exists()
    assert (applicant.kind, applicant.id_type, applicant.id_number) == ("person", "id_card", ID_CARD)
    assert applicant.registered_at == at("2026-03-02 09:00")


def test_an_organisation_registers_with_its_credit_code_and_a_login_name():
    applicant = services.applicant_register(**person(
        kind="organisation", name="南京某某建设有限公司", id_type="credit_code", id_number=CREDIT_CODE.lower(),
        phone="025-83730000", contact="李四", username="moumou-jianshe"))
    assert applicant.user.username == "moumou-jianshe"
    assert applicant.id_number == CREDIT_CODE  # upper-cased, as the window's rule cleans it


def broken(id_number=ID_CARD, **extra):
    return person(id_number=id_number, **extra)


@pytest.mark.parametrize(("values", "field", "rule"), [
    (broken(ID_CARD[:-1] + "1"), "id_number", "id-card"),  # wrong GB 11643 check character
    (broken("1101051949123100"), "id_number", "id-card"),  # too short
    (broken(CREDIT_CODE[:-1] + ("0" if CREDIT_CODE[-1] != "0" else "1"), kind="organisation", id_type="credit_code",
            username="org"), "id_number", "credit-code"),  # wrong GB 32100 check character
    (broken(kind="organisation", username="org"), "id_type", "organisation-credit-code"),
    (broken(CREDIT_CODE, id_type="credit_code"), "id_type", "person-id"),
    (broken(name=""), "name", "required"),
    (broken(kind="robot"), "kind", "choice"),
    (broken(phone="call me"), "phone", "phone"),
    (broken(phone="025-83730000"), "username", "required"),  # a landline cannot be the login name
    (broken(username="张 三!"), "username", "login-name"),
    (broken(email="not-an-address"), "email", "email"),
    (broken(password="short1"), "password", "password"),  # shorter than 8
    (broken(password="password123"), "password", "password"),  # a common password
])
def test_each_broken_rule_names_its_field_and_nothing_is_written(values, field, rule):
    with pytest.raises(InvalidInput) as error:
        services.applicant_register(**values)
    assert {(e["field"], e["rule"]) for e in error.value.errors} >= {(field, rule)}
    assert not get_user_model().objects.exists() and not Applicant.objects.exists()


def test_every_broken_rule_is_reported_at_once():
    with pytest.raises(InvalidInput) as error:
        services.applicant_register(**person(name="", id_number="123", password="123"))
    assert {e["field"] for e in error.value.errors} >= {"name", "id_number", "password"}


def test_one_account_per_identity_document(resident):
    with pytest.raises(InvalidInput) as error:
        services.applicant_register(**person(phone="13800000000", id_number=ID_CARD.lower()))
    assert (error.value.field, error.value.rule) == ("id_number", "id-registered")
    assert Applicant.objects.count() == 1


def test_a_phone_already_signing_in_asks_for_a_login_name(resident):
    with pytest.raises(InvalidInput) as error:
        services.applicant_register(**person(id_number=OTHER_ID_CARD))
    assert (error.value.field, error.value.rule) == ("phone", "login-taken")
    applicant = services.applicant_register(**person(id_number=OTHER_ID_CARD, username="zhangsan2"))
    assert applicant.user.username == "zhangsan2"


def test_an_account_without_a_record_completes_it(officers):
    user = officers["applicant"]
    applicant = services.applicant_bind(user=user, **{k: v for k, v in person().items() if k != "password"})
    assert applicant.user == user and RoleAssignment.objects.filter(user=user, role=Role.APPLICANT).exists()
    with pytest.raises(InvalidInput):
        services.applicant_bind(user=user, **{k: v for k, v in person().items() if k != "password"})


def test_applying_online_uses_the_real_name_record(resident, land_power):
    case = services.applicant_apply(user=resident, power=land_power, title="某某项目",
                                    materials=[("建设项目用地预审申请表", pdf())], now=at("2026-03-02 10:00"))
    assert case.channel == "online" and case.applicant_user == resident and len(case.query_code) == 8
    assert (case.applicant_name, case.applicant_id_number, case.applicant_phone) == ("张三", ID_CARD, "13912345678")


def test_an_account_without_a_record_cannot_apply(officers, land_power):
    with pytest.raises(services.NotRegistered):
        services.applicant_apply(user=officers["applicant"], power=land_power, materials=[("申请表", pdf())])
    assert not Case.objects.exists()


def test_a_power_not_applied_for_online_is_refused_with_where_to_go(resident, land_power):
    version = land_power.published_version
    version.online, version.handling_place = False, "南京市政务服务中心二楼"
    version.save(update_fields=["online", "handling_place"])
    with pytest.raises(PowerNotOpen) as error:
        services.applicant_apply(user=resident, power=land_power, materials=[("申请表", pdf())])
    assert error.value.rule == "not-online" and "南京市政务服务中心二楼" in str(error.value.detail)
    assert not Case.objects.exists()


def test_a_revoked_power_is_refused(resident, land_power):
    land_power.revoked_at = at("2026-01-01 00:00")
    land_power.save(update_fields=["revoked_at"])
    with pytest.raises(PowerNotOpen):
        services.applicant_apply(user=resident, power=land_power, materials=[("申请表", pdf())])


def test_a_second_password_that_differs_is_named():
    with pytest.raises(InvalidInput) as error:
        services.applicant_register(**person(id_number="123", password_again="Sunlight-2026-other"))
    assert {e["field"] for e in error.value.errors} == {"id_number", "password_again"}
