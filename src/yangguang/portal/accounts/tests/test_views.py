"""The account pages: registration, throttled login, applying online, my cases, correction and
withdrawal by the applicant."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yangguang.cases import services as case_services
from yangguang.cases.models import Case, Material
from yangguang.portal.models import Applicant

from .conftest import CREDIT_CODE, ID_CARD, PASSWORD, PERSON, pdf

pytestmark = pytest.mark.django_db


def registration(**extra):
    data = {"kind": "person", "name": "张三", "id_type": "id_card", "id_number": ID_CARD, "phone": "13912345678",
            "password1": PASSWORD, "password2": PASSWORD}
    data.update(extra)
    return data


# Registration -------------------------------------------------------------------------------------


def test_registration_opens_the_account_and_signs_in(client):
    page = client.get(reverse("portal:register"))
    assert page.status_code == 200 and b'name="id_number"' in page.content
    response = client.post(reverse("portal:register"), registration())
    assert response.status_code == 302 and response["Location"] == reverse("portal:my_cases")
    applicant = Applicant.objects.get()
    assert int(client.session["_auth_user_id"]) == applicant.user_id
    assert client.get(reverse("portal:my_cases")).status_code == 200


def test_registration_follows_next_to_the_application(client, land_power):
    url = reverse("portal:apply", args=[land_power.code])
    response = client.post(reverse("portal:register"), registration(next=url))
    assert response["Location"] == url


@pytest.mark.parametrize(("data", "field"), [
    (registration(id_number=ID_CARD[:-1] + "1"), "id_number"),
    (registration(kind="organisation", id_type="credit_code", id_number=CREDIT_CODE[:-1] + "Y" if CREDIT_CODE[-1] != "Y"
                  else CREDIT_CODE[:-1] + "X", username="org"), "id_number"),
    (registration(password1="abc", password2="abc"), "password1"),
    (registration(password2="Sunlight-2026-other"), "password2"),
    (registration(phone=""), "phone"),
    (registration(email="nowhere"), "email"),
])
def test_a_refused_registration_names_the_field(client, data, field):
    response = client.post(reverse("portal:register"), data)
    assert response.status_code == 422
    form = response.context["form"]
    assert field in form.errors and response.context["error_lines"]
    assert not Applicant.objects.exists() and "_auth_user_id" not in client.session


def test_every_refused_field_is_named_at_once(client):
    response = client.post(reverse("portal:register"), registration(id_number=ID_CARD[:-1] + "1", password2="other"))
    assert response.status_code == 422 and {"id_number", "password2"} <= set(response.context["form"].errors)


def test_a_registered_document_is_refused(client, resident):
    response = client.post(reverse("portal:register"), registration(phone="13800000000"))
    assert response.status_code == 422 and "id_number" in response.context["form"].errors


def test_a_signed_in_account_completes_its_record(client, officers):
    client.force_login(officers["applicant"])
    page = client.get(reverse("portal:register"))
    assert page.status_code == 200 and page.context["binding"] and b'name="password1"' not in page.content
    data = {k: v for k, v in registration().items() if not k.startswith("password")}
    response = client.post(reverse("portal:register"), data)
    assert response.status_code == 302 and Applicant.objects.get().user == officers["applicant"]


# Login throttling --------------------------------------------------------------------------------


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, resident, officers):
    for _attempt in range(4):
        assert login(client, "13912345678", "wrong-password").status_code == 200  # the form again
    locked = login(client, "13912345678", "wrong-password")  # the fifth failure locks
    assert locked.status_code == 429 and "portal/accounts/locked.html" in [t.name for t in locked.templates]
    sixth = login(client, "13912345678", PASSWORD)
    assert sixth.status_code == 429 and "_auth_user_id" not in client.session
    assert sixth.context["minutes"] == 15  # minutes of the cool-off
    # by username and address: another account from the same address still logs in
    assert login(client, "window", "pw-window").status_code == 302
    client.logout()
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=16)):
        assert login(client, "13912345678", PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, resident):
    for _attempt in range(4):
        login(client, "13912345678", "wrong-password")
    assert login(client, "13912345678", PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(4):
        assert login(client, "13912345678", "wrong-password").status_code == 200
    assert login(client, "13912345678", PASSWORD).status_code == 302


# Applying online ----------------------------------------------------------------------------------


def test_the_guide_links_to_applying_online_when_the_power_is_applied_for_online(client, land_power):
    url = reverse("portal:apply", args=[land_power.code])
    assert url.encode() in client.get(reverse("catalog:power_detail", args=[land_power.code])).content
    version = land_power.published_version
    version.online = False
    version.save(update_fields=["online"])
    assert url.encode() not in client.get(reverse("catalog:power_detail", args=[land_power.code])).content


def test_applying_needs_an_account_and_a_real_name_record(client, officers, land_power):
    url = reverse("portal:apply", args=[land_power.code])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(officers["applicant"])  # an account without a real-name record
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:register"))


def test_apply_with_a_pdf_shows_the_receipt_once(client, resident, land_power_with_materials):
    power = land_power_with_materials
    client.force_login(resident)
    page = client.get(reverse("portal:apply", args=[power.code]))
    assert page.status_code == 200
    assert "建设项目用地预审申请表" in page.content.decode() and ID_CARD not in page.content.decode()  # masked
    response = client.post(reverse("portal:apply", args=[power.code]), {
        "title": "某某产业园一期用地", "material_0": pdf(), "extra_name_0": "授权委托书",
        "extra_file_0": pdf("委托书.pdf")})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("portal:apply_done", args=[case.number])
    assert case.channel == "online" and case.applicant_user == resident and case.title == "某某产业园一期用地"
    assert case.applicant_id_number == ID_CARD
    names = sorted(Material.objects.filter(case=case).values_list("name", flat=True))
    assert names == ["建设项目用地预审申请表", "授权委托书"]
    receipt = client.get(response["Location"])
    code = receipt.context["query_code"]
    assert code and code in receipt.content.decode() and case_services.query_code_matches(case, code)
    again = client.get(response["Location"])
    assert again.context["query_code"] is None and code not in again.content.decode()


def test_a_file_of_a_refused_type_is_named_and_nothing_is_written(client, resident, land_power_with_materials):
    power = land_power_with_materials
    client.force_login(resident)
    script = SimpleUploadedFile("申请表.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = client.post(reverse("portal:apply", args=[power.code]), {"title": "某某项目", "material_0": script})
    assert response.status_code == 422
    assert "material_0" in response.context["form"].errors
    assert "申请表.pdf" in " ".join(response.context["error_lines"])
    assert not Case.objects.exists() and not Material.objects.exists()


def test_every_required_material_is_uploaded_before_sending(client, resident, land_power_with_materials):
    power = land_power_with_materials
    client.force_login(resident)
    response = client.post(reverse("portal:apply", args=[power.code]), {"title": "某某项目", "material_1": pdf()})
    assert response.status_code == 422
    assert "material_0" in response.context["form"].errors and "material_1" not in response.context["form"].errors
    assert not Case.objects.exists()


def test_a_power_not_applied_for_online_says_where_to_apply(client, resident, land_power_with_materials):
    power = land_power_with_materials
    version = power.published_version
    version.online = False
    version.save(update_fields=["online"])
    client.force_login(resident)
    for method in (client.get, client.post):
        response = method(reverse("portal:apply", args=[power.code]))
        assert response.status_code == 409 and "南京市政务服务中心国土窗口" in response.content.decode()
    assert not Case.objects.exists()


def test_an_unknown_power_is_not_found(client, resident):
    client.force_login(resident)
    assert client.get(reverse("portal:apply", args=["320100-012-XK-9999"])).status_code == 404


# My cases ------------------------------------------------------------------------------------------


@pytest.fixture
def my_case(resident, land_power):
    from yangguang.portal.accounts import services

    return services.applicant_apply(user=resident, power=land_power, title="某某项目", materials=[("申请表", pdf())])


def test_my_cases_lists_only_my_own(client, resident, my_case, officers, land_power):
    other = case_services.case_apply(actor=officers["applicant"], power=land_power, applicant=dict(PERSON),
                                     materials=[("申请表", pdf())])
    client.force_login(resident)
    page = client.get(reverse("portal:my_cases"))
    assert page.status_code == 200
    assert my_case.number in page.content.decode() and other.number not in page.content.decode()
    assert client.get(reverse("portal:my_case", args=[my_case.number])).status_code == 200
    assert client.get(reverse("portal:my_case", args=[other.number])).status_code == 404
    assert client.get(reverse("portal:apply_done", args=[other.number])).status_code == 404
    material = Material.objects.get(case=other)
    assert client.get(reverse("portal:my_material", args=[other.number, material.pk])).status_code == 404
    mine = Material.objects.get(case=my_case)
    assert client.get(reverse("portal:my_material", args=[my_case.number, mine.pk])).status_code == 200


def test_my_cases_needs_a_login(client, my_case):
    assert client.get(reverse("portal:my_cases")).status_code == 302
    assert client.get(reverse("portal:my_case", args=[my_case.number])).status_code == 302


def test_the_case_page_shows_progress_without_officers(client, resident, my_case, officers):
    case_services.case_act(actor=officers["window"], case=my_case, action="accept", opinion="内部意见：材料齐全")
    client.force_login(resident)
    page = client.get(reverse("portal:my_case", args=[my_case.number])).content.decode()
    assert "窗口受理岗" in page and "受理" in page  # the step and the post
    record = client.get(reverse("portal:my_case", args=[my_case.number])).context["record"]
    assert [row["action"] for row in record] == ["apply", "accept"]
    assert "内部意见" not in page and "window" not in page  # no officer's opinion or account


def test_the_applicant_answers_a_correction_request(client, resident, my_case, officers):
    case = case_services.case_act(actor=officers["window"], case=my_case, action="request_correction",
                                  items=["土地权属证明", "项目选址图"])
    client.force_login(resident)
    page = client.get(reverse("portal:my_case", args=[case.number]))
    assert "土地权属证明" in page.content.decode() and page.context["supplement"] is not None
    url = reverse("portal:my_case_supplement", args=[case.number])
    empty = client.post(url, {"seq": case.last_seq})
    assert empty.status_code == 422 and empty.context["supplement"].errors
    response = client.post(url, {"seq": case.last_seq, "file_0": pdf("权属证明.pdf"), "file_1": pdf("选址图.pdf")})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "submitted" and case.materials_complete_at is not None
    assert sorted(Material.objects.filter(case=case, for_correction=True).values_list("name", flat=True)) == [
        "土地权属证明", "项目选址图"]


def test_a_stale_page_is_refused(client, resident, my_case, officers):
    case = case_services.case_act(actor=officers["window"], case=my_case, action="request_correction", items=["图"])
    client.force_login(resident)
    response = client.post(reverse("portal:my_case_supplement", args=[case.number]),
                           {"seq": case.last_seq - 1, "file_0": pdf()})
    assert response.status_code == 409
    case.refresh_from_db()
    assert case.state == "correcting"


def test_the_applicant_withdraws_with_a_reason(client, resident, my_case):
    client.force_login(resident)
    url = reverse("portal:my_case_withdraw", args=[my_case.number])
    refused = client.post(url, {"seq": my_case.last_seq, "reason": ""})
    assert refused.status_code == 422 and "reason" in refused.context["withdraw"].errors
    assert client.post(url, {"seq": my_case.last_seq, "reason": "项目调整，暂不申请"}).status_code == 302
    my_case.refresh_from_db()
    assert my_case.state == "withdrawn" and my_case.closing_reason == "项目调整，暂不申请"
    page = client.get(reverse("portal:my_case", args=[my_case.number]))
    assert page.context["withdraw"] is None and "项目调整，暂不申请" in page.content.decode()


def test_another_account_cannot_act_on_my_case(client, my_case, officers):
    client.force_login(officers["stranger"])
    response = client.post(reverse("portal:my_case_withdraw", args=[my_case.number]), {"reason": "恶意撤回"})
    assert response.status_code == 404
    my_case.refresh_from_db()
    assert my_case.state == "submitted"


# Navigation ----------------------------------------------------------------------------------------


def test_the_navigation_offers_registration_and_my_cases(client, resident, officers):
    anonymous = client.get(reverse("catalog:public_list")).content.decode()
    assert reverse("portal:register") in anonymous and reverse("portal:my_cases") not in anonymous
    client.force_login(resident)
    assert reverse("portal:my_cases") in client.get(reverse("catalog:public_list")).content.decode()
    client.force_login(officers["window"])
    assert reverse("portal:my_cases") not in client.get(reverse("catalog:public_list")).content.decode()
