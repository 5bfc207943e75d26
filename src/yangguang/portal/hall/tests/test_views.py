"""The hall's pages without an account: the progress query and complaints, as a resident uses
them — what they show, what they never show, and the throttle against guessing codes."""

import re

import pytest
from django.test import Client

from yangguang.cases.tests.conftest import PERSON, at
from yangguang.supervision.models import Complaint


@pytest.fixture
def accepted(land_power, apply, act):
    case = apply(land_power, "2025-09-26 10:00")
    return act(case, "window", "accept", "2025-09-26 11:00")


def personal_data(case):
    return [case.applicant_name, case.applicant_id_number, case.applicant_phone, PERSON.get("address") or "—"]


def test_the_query_page_shows_the_progress_and_no_personal_data(accepted, apply):
    client = Client()
    assert client.get("/query/").status_code == 200
    case = apply(accepted.power, "2025-09-29 10:00")
    response = client.post("/query/", {"number": case.number, "code": case.query_code})
    body = response.content.decode()
    assert response.status_code == 200 and case.number in body and "建设项目用地预审" in body
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    for value in personal_data(case):
        assert value not in body


def test_a_wrong_code_and_a_missing_case_look_alike_and_are_throttled(accepted, apply):
    case = apply(accepted.power, "2025-09-29 10:00")
    client = Client()
    wrong = client.post("/query/", {"number": case.number, "code": "AAAAAAAA"})
    missing = client.post("/query/", {"number": "320100-20990101-000001", "code": case.query_code})
    assert wrong.status_code == missing.status_code == 404
    error = re.compile(r'<div class="alert alert-danger[^>]*>(.*?)</div>', re.DOTALL)
    assert error.search(wrong.content.decode()).group(1) == error.search(missing.content.decode()).group(1)
    for _i in range(3):
        client.post("/query/", {"number": case.number, "code": "AAAAAAAA"})
    throttled = client.post("/query/", {"number": case.number, "code": case.query_code})
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) > 0
    assert "建设项目用地预审" not in throttled.content.decode()  # no progress shown, even for the right code


def test_a_resident_files_and_follows_a_complaint(accepted, supervisor):
    client = Client()
    assert client.get(f"/complaints/new/?case={accepted.number}").status_code == 200
    response = client.post("/complaints/new/", {
        "kind": "efficiency", "case": accepted.number, "subject": "办理超时", "text": "一个月无人联系。",
        "complainant_name": "王小明", "complainant_phone": "13912345678"})
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    body = response.content.decode()
    code = re.search(r'id="complaint-code">([A-Z2-9]{8})<', body).group(1)
    assert complaint.number in body and complaint.case == accepted
    tracked = client.post("/complaints/track/", {"number": complaint.number, "code": code})
    text = tracked.content.decode()
    assert tracked.status_code == 200 and "办理超时" in text and "王小明" not in text and "13912345678" not in text
    assert client.post("/complaints/track/", {"number": complaint.number, "code": "AAAAAAAA"}).status_code == 404


def test_complaint_errors_are_shown_by_the_field_and_nothing_is_filed(land_bureau):
    response = Client().post("/complaints/new/", {"kind": "efficiency", "department": "320100-012",
                                                  "subject": "", "text": "经过"})
    assert response.status_code == 422
    body = response.content.decode()
    assert body.count("is-invalid") >= 3  # subject, name, phone
    assert not Complaint.objects.exists()


def test_the_guide_page_shows_this_years_live_figures(land_power, apply, act):
    import time_machine

    for day in ("2025-09-22", "2025-09-23"):
        act(apply(land_power, f"{day} 10:00"), "window", "accept", f"{day} 11:00")
    apply(land_power, "2025-09-24 10:00")
    with time_machine.travel(at("2025-10-09 09:00"), tick=False):
        body = Client().get(f"/powers/{land_power.code}/").content.decode()
    assert 'id="figures-heading"' in body
    received = re.search(r'<dt>[^<]*</dt><dd>(\d+)</dd>', body.split('id="figures-heading"')[1])
    assert received and received.group(1) == "3"


def test_the_home_list_opens_with_the_halls_entries(land_power):
    body = Client().get("/").content.decode()
    assert 'class="hall-entries' in body and 'href="/query/"' in body and 'href="/complaints/new/"' in body
    assert body.index("hall-entries") < body.index("filter-heading")


@pytest.mark.parametrize("path", ["/", "/query/", "/complaints/new/", "/complaints/track/", "/results/", "/open-data/",
                                  "/departments/", "/register/", "/accounts/login/", "/no-such-page/"])
def test_every_public_page_has_a_csp_without_inline_scripts(land_power, path):
    response = Client().get(path)
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'self'" in script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
        assert "src=" in tag or 'type="application/json"' in tag, (path, tag)


def test_the_guide_offers_apply_online_exactly_when_case_apply_takes_it(land_power):
    from yangguang.cases.tests.conftest import _published
    from yangguang.catalog.models import PowerVersion
    from yangguang.flows.tests.conftest import LAND_PRE_REVIEW

    def offered(power) -> bool:
        return 'class="d-flex flex-wrap gap-2 align-items-center mt-3 apply-online"' in Client().get(
            f"/powers/{power.code}/").content.decode()

    assert offered(land_power)
    PowerVersion.objects.filter(pk=land_power.published_version_id).update(online=False)
    assert not offered(land_power)  # applied for at the window only
    filed = _published(land_power.department, 7, LAND_PRE_REVIEW, disclosure="filed", filed_reason="涉密")
    assert not offered(filed)
    flow = {**LAND_PRE_REVIEW, "steps": [dict(step, legal_review=True) if step["key"] == "examine" else step
                                         for step in LAND_PRE_REVIEW["steps"]]}
    penalty = _published(land_power.department, 8, flow, category="CF", name="对非法占地的处罚")
    assert not offered(penalty)  # opened by the department itself (依职权)
