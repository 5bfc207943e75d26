"""The officer's workbench through Django's test client: pending steps with their lights, the
case page (flowchart, timeline, forms), actions with stale-form protection, the head's view,
material downloads and counter intake."""

import copy
import re

import pytest
import time_machine
from django.test import Client

from yangguang.cases import services
from yangguang.flows.tests.conftest import LAND_PRE_REVIEW
from yangguang.cases.models import Case, Event, Extension, Token, TokenState
from yangguang.org.models import Role

from .conftest import PDF, PERSON, _published, at, pdf

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def active_steps(case):
    return sorted(Token.objects.filter(case=case, state=TokenState.ACTIVE).values_list("step__key", flat=True))


def row_of(html: str, number: str) -> str:
    match = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{re.escape(number)}.*?</tr>", html, re.S)
    assert match, number
    return match.group(0)


def block(html: str, marker: str) -> str:
    """The <details> action form whose class contains ``marker``."""
    match = re.search(rf'<details class="action-form {re.escape(marker)}".*?</details>', html, re.S)
    return match.group(0) if match else ""


@pytest.fixture
def in_progress(land_power, apply, act):
    """A land pre-review accepted on Monday 2025-11-03, now at 初审 (first review, 2 working days)."""
    case = apply(land_power, "2025-11-03 09:00:00")
    return act(case, "window", "accept", "2025-11-03 10:00:00")


# My pending steps ---------------------------------------------------------------------------


def test_the_queue_shows_a_pending_step_with_its_due_and_light(in_progress, officers):
    client = logged_in(officers["review"])
    with time_machine.travel(at("2025-11-04 12:00"), tick=False):
        row = row_of(client.get("/office/").content.decode(), in_progress.number)
    assert "初审" in row and "张三" in row and "建设项目用地预审" in row
    assert "2025-11-03 10:00:00" in row  # arrived, to the second
    assert "2025-11-05 24:00:00" in row  # two working days: 11-04, 11-05
    assert "light-green" in row
    with time_machine.travel(at("2025-11-05 22:00"), tick=False):  # 95% of the step's time used
        assert "light-yellow" in row_of(client.get("/office/").content.decode(), in_progress.number)
    with time_machine.travel(at("2025-11-06 08:00"), tick=False):
        row = row_of(client.get("/office/").content.decode(), in_progress.number)
    assert "light-red" in row


def test_the_queue_is_the_holders_only(in_progress, officers):
    assert in_progress.number not in logged_in(officers["window"]).get("/office/").content.decode()
    assert in_progress.number not in logged_in(officers["planning"]).get("/office/").content.decode()


def test_the_workbench_links_to_the_users_other_work(officers, clerk, legal, land_power):
    window = logged_in(officers["window"]).get("/office/").content.decode()
    assert 'href="/office/apply/"' in window and 'href="/office/catalog/"' not in window
    assert 'href="/office/catalog/"' in logged_in(clerk).get("/office/").content.decode()
    assert 'href="/office/review/"' in logged_in(legal).get("/office/").content.decode()
    assert 'href="/office/department/"' in logged_in(officers["head"]).get("/office/").content.decode()


def test_applicants_and_anonymous_users_do_not_get_the_workbench(officers):
    response = Client().get("/office/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/office/")
    assert logged_in(officers["applicant"]).get("/office/").status_code == 403


# The case page --------------------------------------------------------------------------------


def test_the_case_page_shows_timeline_flowchart_and_forms_for_held_steps(in_progress, officers, act):
    case = act(in_progress, "review", "complete", "2025-11-03 15:30:45", opinion="材料齐全，同意")
    url = f"/office/cases/{case.number}/"
    html = logged_in(officers["review"]).get(url).content.decode()
    # the flowchart, its current step highlighted
    assert re.search(r'<g id="step-survey" class="node current"', html)
    assert not re.search(r'<g id="step-accept" class="node current"', html)
    # the full timeline: seq, time to the second, action, step, actor, post, opinion
    timeline = html[html.index('class="timeline"'):]
    for text in ("#1", "#2", "#3", "2025-11-03 09:00:00", "2025-11-03 10:00:00", "2025-11-03 15:30:45", "初审",
                 "审查岗", "材料齐全，同意", "受理"):
        assert text in timeline, text
    # applicant data in full for the department's officers
    assert "11010519491231002X" in html and "13912345678" in html
    # forms for the step the user holds (survey: 现场踏勘岗), with the case's seq
    assert 'name="step" value="survey"' in html and f'name="seq" value="{case.last_seq}"' in html
    assert block(html, "action-complete")
    # the window officer sees the case but holds no active step
    window = logged_in(officers["window"]).get(url).content.decode()
    assert 'name="step" value="survey"' not in window and "action-complete" not in window
    for page in (html, window):
        assert not INLINE_SCRIPT.search(page) and not INLINE_HANDLER.search(page)


def test_forms_at_a_parallel_step_are_for_its_own_department(in_progress, officers, act):
    case = act(in_progress, "review", "complete", "2025-11-03 11:00")
    case = act(case, "review", "complete", "2025-11-03 12:00")
    assert active_steps(case) == ["examine", "planning"]
    planner = logged_in(officers["planning"]).get(f"/office/cases/{case.number}/").content.decode()
    assert 'name="step" value="planning"' in planner and 'name="step" value="examine"' not in planner
    assert "11010519491231002X" in planner  # an officer handling a step of the case
    review = logged_in(officers["review"]).get(f"/office/cases/{case.number}/").content.decode()
    assert 'name="step" value="examine"' in review and 'name="step" value="planning"' not in review


def test_accept_then_complete_through_the_forms(land_power, apply, officers):
    case = apply(land_power, "2025-11-03 09:00")
    window = logged_in(officers["window"])
    html = window.get(f"/office/cases/{case.number}/").content.decode()
    assert block(html, "action-accept") and block(html, "action-refuse") and block(html, "action-request_correction")
    response = window.post(f"/office/cases/{case.number}/act/",
                           {"action": "accept", "step": "accept", "seq": case.last_seq, "opinion": "材料齐全"})
    assert response.status_code == 302 and response["Location"] == f"/office/cases/{case.number}/"
    case.refresh_from_db()
    assert case.state == "in_progress" and active_steps(case) == ["first-review"]
    assert "alert-success" in window.get(response["Location"]).content.decode()

    review = logged_in(officers["review"])
    response = review.post(f"/office/cases/{case.number}/act/", {"action": "complete", "step": "first-review",
                                                                 "seq": case.last_seq, "opinion": "同意"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert active_steps(case) == ["survey"]
    assert Event.objects.filter(case=case).latest("seq").opinion == "同意"


def test_htmx_success_reloads_and_a_refusal_swaps_the_actions_panel(land_power, apply, officers):
    case = apply(land_power, "2025-11-03 09:00")
    client = logged_in(officers["window"])
    url = f"/office/cases/{case.number}/act/"
    headers = {"HX-Request": "true", "HX-Target": "case-actions"}
    response = client.post(url, {"action": "refuse", "step": "accept", "seq": case.last_seq, "reason": " "},
                           headers=headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="case-actions"') and "<html" not in html
    refuse = block(html, "action-refuse")
    assert "open" in refuse.split(">", 1)[0] and 'id="refuse-accept-reason_error"' in refuse
    response = client.post(url, {"action": "accept", "step": "accept", "seq": case.last_seq}, headers=headers)
    assert response.status_code == 200 and response["HX-Redirect"] == f"/office/cases/{case.number}/"
    case.refresh_from_db()
    assert case.state == "in_progress"


def test_a_refusal_names_the_field_and_writes_nothing(land_power, apply, officers):
    case = apply(land_power, "2025-11-03 09:00")
    client = logged_in(officers["window"])
    response = client.post(f"/office/cases/{case.number}/act/", {"action": "request_correction", "step": "accept",
                                                                 "seq": case.last_seq, "items": "\n  \n"})
    assert response.status_code == 422
    form = block(response.content.decode(), "action-request_correction")
    assert 'id="request_correction-accept-items_error"' in form
    assert Event.objects.filter(case=case).count() == 1
    response = client.post(f"/office/cases/{case.number}/act/", {"action": "request_correction", "step": "accept",
                                                                 "seq": case.last_seq, "items": "勘测定界图\n土地利用总体规划图"})
    case.refresh_from_db()
    assert case.state == "correcting" and case.correction_items == ["勘测定界图", "土地利用总体规划图"]


def test_the_window_records_the_corrected_materials(land_power, apply, act, officers):
    case = act(apply(land_power, "2025-11-03 09:00"), "window", "request_correction", "2025-11-03 10:00",
               items=["勘测定界图", "土地利用总体规划图"])
    client = logged_in(officers["window"])
    form = block(client.get(f"/office/cases/{case.number}/").content.decode(), "action-supplement")
    assert "勘测定界图" in form and 'enctype="multipart/form-data"' in form
    response = client.post(f"/office/cases/{case.number}/act/", {
        "action": "supplement", "seq": case.last_seq, "file_0": pdf("定界图.pdf"), "file_1": pdf("规划图.txt")})
    assert response.status_code == 422  # the second file is not a PDF by its name
    assert 'id="supplement-case-file_1_error"' in block(response.content.decode(), "action-supplement")
    response = client.post(f"/office/cases/{case.number}/act/", {
        "action": "supplement", "seq": case.last_seq, "file_0": pdf("定界图.pdf"), "file_1": pdf("规划图.pdf")})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "submitted"
    assert sorted(case.materials.filter(for_correction=True).values_list("name", flat=True)) == ["勘测定界图", "土地利用总体规划图"]


def test_a_penalty_decision_and_its_delivery(land_bureau, officers):
    flow = copy.deepcopy(LAND_PRE_REVIEW)  # with its examination as the legal review (法制审核) of a penalty
    next(step for step in flow["steps"] if step["key"] == "examine")["legal_review"] = True
    power = _published(land_bureau, 3, flow, category="CF", name="非法占用土地行为的处罚")
    case = services.case_apply(actor=officers["window"], power=power, applicant=dict(PERSON), channel="counter",
                               now=at("2025-11-03 09:00"))
    for who, step in (("window", "accept"), ("review", "first-review"), ("review", "survey"), ("review", "examine"),
                      ("planning", "planning")):
        action = "accept" if step == "accept" else "complete"
        case = services.case_act(actor=officers[who], case=case, action=action, step=step, now=at("2025-11-04 09:00"))
    client = logged_in(officers["approve"])
    decide = block(client.get(f"/office/cases/{case.number}/").content.decode(), "action-decide")
    assert 'name="penalty_kind"' in decide and 'name="penalty_amount"' in decide and "<datalist" in decide
    url = f"/office/cases/{case.number}/act/"
    response = client.post(url, {"action": "decide", "step": "approve", "seq": case.last_seq, "decision": "granted",
                                 "document_no": "宁国土罚〔2025〕12号", "penalty_kind": "罚款", "penalty_amount": "5千"})
    assert response.status_code == 422
    assert 'id="decide-approve-penalty_amount_error"' in response.content.decode()
    response = client.post(url, {"action": "decide", "step": "approve", "seq": case.last_seq, "decision": "granted",
                                 "document_no": "宁国土罚〔2025〕12号", "penalty_kind": "罚款", "penalty_amount": "5000"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.penalty_kind == "罚款" and str(case.penalty_amount) == "5000.00"
    case = services.case_act(actor=officers["approve"], case=case, action="complete", step="approve", branch="准予",
                             now=at("2025-11-05 09:00"))
    case = services.case_act(actor=officers["window"], case=case, action="complete", step="issue",
                             now=at("2025-11-05 10:00"))
    assert case.state == "completed"
    window = logged_in(officers["window"])
    html = window.get(f"/office/cases/{case.number}/").content.decode()
    assert block(html, "action-deliver") and "5000.00" in html
    response = window.post(url, {"action": "deliver", "seq": case.last_seq, "method": "post"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.delivery_method == "post"
    timeline = window.get(f"/office/cases/{case.number}/").content.decode()
    assert "By post" in timeline or "邮寄送达" in timeline


def test_a_stale_form_is_refused_with_the_conflict_message(in_progress, officers):
    client = logged_in(officers["review"])
    stale = in_progress.last_seq
    assert client.post(f"/office/cases/{in_progress.number}/act/",
                       {"action": "complete", "step": "first-review", "seq": stale}).status_code == 302
    events = Event.objects.filter(case=in_progress).count()
    # the same form sent again (a double click, or a second tab)
    response = client.post(f"/office/cases/{in_progress.number}/act/",
                           {"action": "complete", "step": "first-review", "seq": stale})
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-error-code="stale-case"' in html and in_progress.number in html
    assert Event.objects.filter(case=in_progress).count() == events
    assert active_steps(in_progress) == ["survey"]
    in_progress.refresh_from_db()
    assert f'name="seq" value="{in_progress.last_seq}"' in html  # the page now offers the current state


def test_complete_before_an_exclusive_gateway_needs_the_branch(in_progress, officers, act):
    case = in_progress
    for step in ("first-review", "survey"):
        case = act(case, "review", "complete", "2025-11-04 09:00", step=step)
    case = act(case, "review", "complete", "2025-11-04 10:00", step="examine")
    case = act(case, "planning", "complete", "2025-11-04 11:00", step="planning")
    assert active_steps(case) == ["approve"]
    client = logged_in(officers["approve"])
    html = client.get(f"/office/cases/{case.number}/").content.decode()
    complete = block(html, "action-complete")
    assert 'value="准予"' in complete and 'value="不予"' in complete
    assert block(html, "action-decide") and not block(html, "action-return")  # not back across the join
    url = f"/office/cases/{case.number}/act/"
    response = client.post(url, {"action": "complete", "step": "approve", "seq": case.last_seq})
    assert response.status_code == 422 and 'id="complete-approve-branch_error"' in response.content.decode()
    response = client.post(url, {"action": "decide", "step": "approve", "seq": case.last_seq, "decision": "granted",
                                 "document_no": "宁国土预〔2025〕88号"})
    assert response.status_code == 302
    case.refresh_from_db()
    response = client.post(url, {"action": "complete", "step": "approve", "seq": case.last_seq, "branch": "准予"})
    assert response.status_code == 302
    assert active_steps(case) == ["issue"]


def test_return_transfer_and_special_procedure_through_the_forms(in_progress, officers, act):
    case = act(in_progress, "review", "complete", "2025-11-04 09:00")
    client = logged_in(officers["review"])
    url = f"/office/cases/{case.number}/act/"
    html = client.get(f"/office/cases/{case.number}/").content.decode()
    assert 'value="first-review"' in block(html, "action-return")
    assert client.post(url, {"action": "return", "step": "survey", "seq": case.last_seq, "to": "first-review",
                             "reason": "踏勘前需补充初审意见"}).status_code == 302
    assert active_steps(case) == ["first-review"]
    case.refresh_from_db()
    html = client.get(f"/office/cases/{case.number}/").content.decode()
    assert 'value="review2"' in block(html, "action-transfer")
    assert client.post(url, {"action": "transfer", "step": "first-review", "seq": case.last_seq,
                             "to": "review2"}).status_code == 302
    assert Token.objects.get(case=case, state=TokenState.ACTIVE).assignee == officers["review2"]
    case.refresh_from_db()
    other = logged_in(officers["review2"])
    assert other.post(url, {"action": "suspend", "step": "first-review", "seq": case.last_seq, "kind": "appraisal",
                            "reason": "需对界址进行鉴定"}).status_code == 302
    case.refresh_from_db()
    assert case.suspended_since is not None
    assert block(other.get(f"/office/cases/{case.number}/").content.decode(), "action-resume")
    assert other.post(url, {"action": "resume", "step": "first-review", "seq": case.last_seq}).status_code == 302
    case.refresh_from_db()
    assert case.suspended_since is None


def test_an_officer_of_another_department_gets_404(in_progress, make_user, planning_bureau):
    outsider = logged_in(make_user("other-planner", officer_of=planning_bureau, posts=("review",)))
    material = in_progress.materials.get()
    # the planning bureau's review post has not been reached yet: the case is not theirs to see
    assert outsider.get(f"/office/cases/{in_progress.number}/").status_code == 404
    assert outsider.get(f"/office/cases/{in_progress.number}/materials/{material.pk}/").status_code == 404
    response = outsider.post(f"/office/cases/{in_progress.number}/act/",
                             {"action": "complete", "step": "first-review", "seq": in_progress.last_seq})
    assert response.status_code == 404
    assert Event.objects.filter(case=in_progress).count() == 2


def test_a_material_downloads_as_an_attachment(in_progress, officers):
    material = in_progress.materials.get()
    response = logged_in(officers["window"]).get(f"/office/cases/{in_progress.number}/materials/{material.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    url = f"/office/cases/{in_progress.number}/materials/{material.pk}/"
    assert logged_in(officers["applicant"]).get(url).status_code == 403  # applicants use the public hall


def test_supervisors_see_the_applicant_masked(in_progress, make_user, city):
    supervisor = logged_in(make_user("watcher", Role.SUPERVISOR, region=city))
    html = supervisor.get(f"/office/cases/{in_progress.number}/").content.decode()
    assert "11010519491231002X" not in html and "110***********002X" in html
    assert "13912345678" not in html and 'name="seq"' not in html


# The department head ----------------------------------------------------------------------------


def test_the_head_sees_open_cases_and_approves_an_extension(in_progress, land_power, apply, officers, act):
    waiting = apply(land_power, "2025-11-03 11:00")
    case = act(in_progress, "review", "request_extension", "2025-11-04 09:00", days="5", reason="需补充调查")
    head = logged_in(officers["head"])
    html = head.get("/office/department/").content.decode()
    for number in (case.number, waiting.number):
        assert number in html
    row = row_of(html[html.index("department-table"):], case.number)
    assert "初审" in row and "light-" in row and "2025-11-24 24:00:00" in row  # committed due before the extension
    assert "需补充调查" in html and 'value="approve_extension"' in html
    # officers without the head's role do not get the page
    assert logged_in(officers["review"]).get("/office/department/").status_code == 403
    response = head.post(f"/office/cases/{case.number}/act/", {"action": "approve_extension", "seq": case.last_seq,
                                                               "opinion": "同意延期", "next": "/office/department/"})
    assert response.status_code == 302 and response["Location"] == "/office/department/"
    case.refresh_from_db()
    assert case.extension_days == 5 and Extension.objects.get(case=case).state == "approved"
    assert "需补充调查" not in head.get("/office/department/").content.decode()


def test_refusing_an_extension_needs_an_opinion(in_progress, officers, act):
    case = act(in_progress, "review", "request_extension", "2025-11-04 09:00", days="3", reason="需补充调查")
    head = logged_in(officers["head"])
    response = head.post(f"/office/cases/{case.number}/act/", {
        "action": "refuse_extension", "seq": case.last_seq, "opinion": "", "next": "/office/department/"}, follow=True)
    assert "alert-danger" in response.content.decode()
    assert Extension.objects.get(case=case).state == "requested"
    html = head.get(f"/office/cases/{case.number}/").content.decode()
    assert 'value="refuse_extension"' in html  # the head decides on the case page too


# Counter intake -----------------------------------------------------------------------------------


def applicant_form(**extra):
    data = {"kind": "person", "name": "李四", "id_type": "id_card", "id_number": "11010519491231002X",
            "phone": "13800001111", "address": "南京市鼓楼区", "contact": "", "title": "某某厂房用地",
            "material_0": pdf("申请表.pdf")}
    data.update(extra)
    return data


@pytest.fixture
def counter_power(land_power):
    """The land pre-review with the materials its catalog entry lists."""
    version = land_power.published_version
    version.materials = [{"name": "建设项目用地预审申请表", "required": True, "copies": 1},
                         {"name": "项目选址意见书", "required": False, "copies": 1, "note": "复印件"}]
    version.save(update_fields=["materials"])
    return land_power


def test_a_counter_application_shows_the_query_code_once(counter_power, officers):
    land_power = counter_power
    client = logged_in(officers["window"])
    assert land_power.code in client.get("/office/apply/").content.decode()
    page = client.get(f"/office/apply/{land_power.code}/").content.decode()
    assert "建设项目用地预审申请表" in page
    response = client.post(f"/office/apply/{land_power.code}/", applicant_form())
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.channel == "counter" and case.applicant_user is None and case.applicant_name == "李四"
    assert case.materials.get().name == "建设项目用地预审申请表"
    assert response["Location"] == f"/office/cases/{case.number}/receipt/"
    receipt = client.get(response["Location"]).content.decode()
    code = re.search(r'<dd class="receipt-value">([A-Z0-9]{8})</dd>', receipt)
    assert code and case.number in receipt
    assert services.query_code_matches(case, code.group(1))
    again = client.get(response["Location"]).content.decode()
    assert code.group(1) not in again and "receipt-gone" in again


def test_a_counter_application_with_errors_names_the_fields(counter_power, officers):
    land_power = counter_power
    client = logged_in(officers["window"])
    response = client.post(f"/office/apply/{land_power.code}/", applicant_form(
        id_number="110105194912310021", material_0=pdf("申请表.txt")))
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_id_number_error"' in html and 'id="id_material_0_error"' in html
    assert not Case.objects.exists()


def test_only_the_accepting_post_registers_counter_applications(land_power, officers):
    client = logged_in(officers["review"])
    assert land_power.code not in client.get("/office/apply/").content.decode()
    assert client.get(f"/office/apply/{land_power.code}/").status_code == 404
    assert client.post(f"/office/apply/{land_power.code}/", applicant_form()).status_code == 404
    assert not Case.objects.exists()


def test_workbench_pages_have_a_csp_and_no_inline_script(in_progress, land_power, officers, act):
    case = act(in_progress, "review", "request_extension", "2025-11-04 09:00", days="2", reason="需补充调查")
    pages = [
        (officers["review"], "/office/"), (officers["review"], f"/office/cases/{case.number}/"),
        (officers["head"], "/office/department/"), (officers["head"], f"/office/cases/{case.number}/"),
        (officers["window"], "/office/apply/"), (officers["window"], f"/office/apply/{land_power.code}/"),
    ]
    for user, url in pages:
        response = logged_in(user).get(url)
        assert response.status_code == 200, url
        assert "script-src 'self'" in response["Content-Security-Policy"], url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html) and not INLINE_HANDLER.search(html), url
