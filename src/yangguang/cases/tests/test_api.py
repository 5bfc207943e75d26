"""The cases JSON API and the public progress query, through Django's test client.

The clock is pinned with time-machine, so every due time below is on the official calendar.
"""

import json

import pytest
import time_machine
from django.test import Client, override_settings

from yangguang.cases import throttle
from yangguang.cases.models import Case, Event, Material
from yangguang.core.services import token_create

from .conftest import PDF, PERSON, at, pdf

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


@pytest.fixture
def clock():
    """The platform's clock, standing still at Friday 2025-09-26 10:00 until moved."""
    with time_machine.travel(at("2025-09-26 10:00"), tick=False) as traveller:
        yield traveller


@pytest.fixture
def auth(officers):
    """auth(who): the bearer header of an officer or user by their key in ``officers``."""
    tokens = {}

    def header(who):
        if who not in tokens:
            tokens[who] = bearer(officers[who])
        return tokens[who]

    return header


@pytest.fixture
def client():
    return Client()


def post_json(client, url, body, headers):
    return client.post(url, body, content_type="application/json", **headers)


def application(power_, **extra):
    body = {"power": power_.code, "applicant": dict(PERSON), "title": "某某项目", "particulars": {"面积": "3.2公顷"}}
    body.update(extra)
    return body


def act(client, auth, number, who, action, step="", seq=None, **fields):
    body = {"action": action, "fields": fields}
    if step:
        body["step"] = step
    if seq is not None:
        body["seq"] = seq
    return post_json(client, f"/api/v1/cases/{number}/actions", body, auth(who))


def acted(client, auth, number, who, action, **kwargs):
    response = act(client, auth, number, who, action, **kwargs)
    assert response.status_code == 200, response.content.decode()
    return response.json()


@pytest.fixture
def applied(client, auth, land_power, clock):
    """A land pre-review applied for through the API at 2025-09-26 10:00: (number, query code)."""
    response = post_json(client, "/api/v1/cases", application(land_power), auth("applicant"))
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    return body["number"], body["query_code"]


def assert_problem(response, status, **expected):
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    for key, value in expected.items():
        assert body[key] == value, body
    return body


# --- OpenAPI ----------------------------------------------------------------------------------


def test_openapi_lists_the_case_endpoints(db, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/cases", "/api/v1/cases/multipart", "/api/v1/cases/queue", "/api/v1/cases/{number}",
                 "/api/v1/cases/{number}/events", "/api/v1/cases/{number}/actions",
                 "/api/v1/cases/{number}/actions/multipart", "/api/v1/public/cases/{number}"):
        assert path in paths, path
    assert "fields" in paths["/api/v1/cases/{number}/actions"]["post"]["description"]


# --- applying ---------------------------------------------------------------------------------


def test_apply_answers_the_number_and_the_query_code_once(client, auth, land_power, clock):
    response = post_json(client, "/api/v1/cases", application(land_power), auth("applicant"))
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert body["number"] == "320100-20250926-000001"
    assert body["state"] == "submitted"
    assert len(body["query_code"]) == 8
    assert body["received_at"] == "2025-09-26T10:00:00+08:00"
    assert body["url"] == f"/api/v1/cases/{body['number']}"
    detail = client.get(body["url"], **auth("applicant")).json()
    assert "query_code" not in detail and body["query_code"] not in str(detail)
    assert detail["applicant"]["account"] == "applicant"
    assert detail["particulars"] == {"面积": "3.2公顷"}


def test_apply_needs_a_login(client, land_power, clock):
    response = post_json(client, "/api/v1/cases", application(land_power), {})
    assert_problem(response, 401)
    assert Case.objects.count() == 0


@pytest.mark.parametrize(("change", "field"), [
    ({"power": "320100-012-XK-9999"}, "power"),
    ({"applicant": dict(PERSON, id_number="110105194912310021")}, "applicant.id_number"),  # wrong check digit
    ({"applicant": dict(PERSON, name="")}, "applicant.name"),
    ({"applicant": dict(PERSON, kind="robot")}, "applicant.kind"),
    ({"applicant": dict(PERSON, nickname="三儿")}, "applicant.nickname"),  # nothing silently dropped
    ({"channel": "fax"}, "channel"),
    ({"colour": "red"}, "colour"),
])
def test_bad_applications_are_problem_json_naming_the_field(client, auth, land_power, clock, change, field):
    response = post_json(client, "/api/v1/cases", application(land_power, **change), auth("applicant"))
    assert_problem(response, 422, field=field)
    assert Case.objects.count() == 0


def test_a_counter_application_needs_the_accepting_window(client, auth, land_power, clock):
    refused = post_json(client, "/api/v1/cases", application(land_power, channel="counter"), auth("review"))
    assert_problem(refused, 403, code="not-step-holder")
    response = post_json(client, "/api/v1/cases", application(land_power, channel="counter"), auth("window"))
    assert response.status_code == 201
    assert Case.objects.get().applicant_user is None


def test_apply_with_material_files(client, auth, land_power, clock):
    response = client.post("/api/v1/cases/multipart", {
        "payload": json_text(application(land_power)), "materials": [pdf("申请表.pdf"), pdf("定界图.pdf")],
        "material_names": ["建设项目用地预审申请表", "勘测定界图"],
    }, **auth("applicant"))
    assert response.status_code == 201, response.content.decode()
    case = Case.objects.get(number=response.json()["number"])
    assert sorted(Material.objects.filter(case=case).values_list("name", flat=True)) == ["勘测定界图", "建设项目用地预审申请表"]
    detail = client.get(f"/api/v1/cases/{case.number}", **auth("window")).json()
    assert {m["original_name"] for m in detail["materials"]} == {"申请表.pdf", "定界图.pdf"}


def test_material_files_need_one_name_each(client, auth, land_power, clock):
    response = client.post("/api/v1/cases/multipart", {
        "payload": json_text(application(land_power)), "materials": [pdf()], "material_names": [],
    }, **auth("applicant"))
    assert_problem(response, 422, field="material_names")
    fake = client.post("/api/v1/cases/multipart", {
        "payload": json_text(application(land_power)), "materials": [pdf("x.exe")], "material_names": ["申请表"],
    }, **auth("applicant"))
    assert_problem(fake, 422, rule="file-type")
    assert Case.objects.count() == 0


def json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def leaks(secret: str, text: str) -> bool:
    """Whether ``secret`` is in a raw JSON answer, as it is or \\u-escaped."""
    return secret in text or json.dumps(secret)[1:-1] in text


# --- reading ----------------------------------------------------------------------------------


def test_detail_for_an_officer_with_due_times_to_the_second(client, auth, applied, clock):
    number, _code = applied
    clock.move_to(at("2025-09-26 11:00"))
    detail = acted(client, auth, number, "window", "accept")
    assert detail["state"] == "in_progress" and detail["status"] == "in_progress"
    assert detail["applicant"]["id_number"] == PERSON["id_number"]  # officers see personal data
    assert detail["applicant"]["phone"] == PERSON["phone"]
    assert detail["accepted_at"] == "2025-09-26T11:00:00+08:00"
    assert detail["clock_start"] == "2025-09-26T11:00:00+08:00"
    # 15 working days from 09-27 (see test_services): due at 24:00 of 10-23
    assert detail["committed_due"] == "2025-10-24T00:00:00+08:00"
    assert detail["committed_due_display"] == "2025-10-23 24:00:00"
    assert detail["statutory_due"] == "2025-10-31T00:00:00+08:00"
    assert detail["light"] == "green"
    [step] = detail["active_steps"]
    assert step["key"] == "first-review" and step["post"]["name"] == "审查岗"
    # 2 working days from 09-26 11:00: 09-28 (make-up) and 09-29 → 24:00 of 09-29
    assert step["due_at"] == "2025-09-30T00:00:00+08:00" and step["light"] == "green"
    assert [s["key"] for s in detail["steps"]] == ["accept", "first-review"]
    assert detail["steps"][0]["done_by"] == "window"
    assert detail["last_seq"] == 2
    assert "complete" in detail["actions"] and "accept" not in detail["actions"]
    assert detail["decision"] is None

    clock.move_to(at("2025-09-30 08:00"))  # the step's due has passed
    detail = client.get(f"/api/v1/cases/{number}", **auth("review")).json()
    assert detail["active_steps"][0]["light"] == "red"


def test_detail_is_refused_to_those_who_may_not_see_it(client, auth, applied):
    number, _code = applied
    assert_problem(client.get(f"/api/v1/cases/{number}"), 401)
    assert_problem(client.get(f"/api/v1/cases/{number}", **auth("stranger")), 404, code="case-not-found")
    # an officer of the planning bureau sees the case only once it reaches their step
    assert_problem(client.get(f"/api/v1/cases/{number}", **auth("planning")), 404, code="case-not-found")
    assert_problem(client.get(f"/api/v1/cases/{number}/events", **auth("planning")), 404)
    assert_problem(client.get("/api/v1/cases/320100-20250926-999999", **auth("window")), 404)
    assert client.get(f"/api/v1/cases/{number}", **auth("applicant")).status_code == 200
    assert client.get(f"/api/v1/cases/{number}", **auth("head")).status_code == 200


def test_list_filters_and_paginates_what_the_user_may_see(client, auth, land_power, joint_power, apply, clock):
    apply(land_power, "2025-09-26 10:00")
    apply(land_power, "2025-09-26 10:00")
    apply(joint_power, "2025-09-26 10:00")
    body = client.get("/api/v1/cases", **auth("window")).json()
    assert body["count"] == 3 and len(body["items"]) == 3
    item = body["items"][0]
    assert item["department"] == {"code": "320100-012", "name": "南京市国土资源局"}
    assert item["received_at"] == "2025-09-26T10:00:00+08:00" and item["light"] == "green"
    assert item["status"] == "submitted"
    assert client.get(f"/api/v1/cases?power={joint_power.code}", **auth("window")).json()["count"] == 1
    assert client.get("/api/v1/cases?state=submitted&department=320100-012", **auth("window")).json()["count"] == 3
    assert client.get("/api/v1/cases?department=320100-015", **auth("window")).json()["count"] == 0
    assert client.get("/api/v1/cases?state=completed", **auth("window")).json()["count"] == 0
    page = client.get("/api/v1/cases?limit=2&offset=2", **auth("window")).json()
    assert page["count"] == 3 and len(page["items"]) == 1 and page["limit"] == 2 and page["offset"] == 2
    assert client.get("/api/v1/cases", **auth("applicant")).json()["count"] == 3  # their own
    assert client.get("/api/v1/cases", **auth("stranger")).json()["count"] == 0
    assert client.get("/api/v1/cases", **auth("planning")).json()["count"] == 0
    assert_problem(client.get("/api/v1/cases?state=lost", **auth("window")), 422, field="state")
    assert_problem(client.get("/api/v1/cases?department=012", **auth("window")), 422, field="department")
    assert_problem(client.get("/api/v1/cases?limit=0", **auth("window")), 422, field="limit")
    assert_problem(client.get("/api/v1/cases"), 401)


def test_events_are_the_hash_chained_log(client, auth, applied, clock):
    number, _code = applied
    acted(client, auth, number, "window", "accept", opinion="材料齐全，予以受理")
    events = client.get(f"/api/v1/cases/{number}/events", **auth("window")).json()
    assert [e["seq"] for e in events] == [1, 2]
    assert [e["action"] for e in events] == ["apply", "accept"]
    assert events[0]["actor"] == "applicant" and events[0]["post"] is None
    assert events[1]["actor"] == "window" and events[1]["post"] == "窗口受理岗"
    assert events[1]["step"] == "accept" and events[1]["step_name"] == "受理"
    assert events[1]["opinion"] == "材料齐全，予以受理"
    assert events[1]["at"] == "2025-09-26T10:00:00+08:00"
    assert events[0]["prev_hash"] == "0" * 64 and events[1]["prev_hash"] == events[0]["hash"]
    assert events[1]["hash"] == Case.objects.get(number=number).last_hash
    assert_problem(client.get(f"/api/v1/cases/{number}/events"), 401)


def test_the_queue_holds_the_steps_at_the_officers_posts(client, auth, applied, clock):
    number, _code = applied
    [item] = client.get("/api/v1/cases/queue", **auth("window")).json()
    assert item["number"] == number and item["step"] == "accept" and item["step_name"] == "受理"
    assert item["due_at"] == "2025-09-29T00:00:00+08:00" and item["light"] == "green"
    assert item["transferred_to_me"] is False
    assert client.get("/api/v1/cases/queue", **auth("review")).json() == []
    acted(client, auth, number, "window", "accept")
    assert client.get("/api/v1/cases/queue", **auth("window")).json() == []
    assert [i["step"] for i in client.get("/api/v1/cases/queue", **auth("review")).json()] == ["first-review"]
    acted(client, auth, number, "review", "transfer", to="review2")
    assert client.get("/api/v1/cases/queue", **auth("review")).json() == []
    [mine] = client.get("/api/v1/cases/queue", **auth("review2")).json()
    assert mine["transferred_to_me"] is True
    assert client.get("/api/v1/cases/queue", **auth("stranger")).json() == []
    assert_problem(client.get("/api/v1/cases/queue"), 401)


# --- acting -----------------------------------------------------------------------------------


def test_a_case_from_application_to_delivery_through_the_api(client, auth, applied, clock):
    number, _code = applied
    acted(client, auth, number, "window", "accept")
    clock.move_to(at("2025-09-29 09:00"))
    acted(client, auth, number, "review", "complete", opinion="材料齐全")
    acted(client, auth, number, "review", "complete", opinion="已踏勘")
    assert client.get(f"/api/v1/cases/{number}", **auth("planning")).status_code == 200  # now at their step
    detail = acted(client, auth, number, "review", "complete", step="examine")
    assert [s["key"] for s in detail["active_steps"]] == ["planning"]
    assert detail["active_steps"][0]["post"] == {"name": "规划审查岗", "department": "南京市规划局"}
    acted(client, auth, number, "planning", "complete", step="planning", opinion="符合规划")
    branch = act(client, auth, number, "approve", "complete")
    assert_problem(branch, 422, field="branch")
    detail = acted(client, auth, number, "approve", "decide", decision="granted", document_no="宁国土预〔2025〕88号")
    assert detail["decision"]["decision"] == "granted" and detail["decision"]["decided_at"] == "2025-09-29T09:00:00+08:00"
    acted(client, auth, number, "approve", "complete", branch="准予")
    detail = acted(client, auth, number, "window", "complete")
    assert detail["state"] == "completed" and detail["status"] == "completed" and detail["active_steps"] == []
    detail = acted(client, auth, number, "window", "deliver", method="direct")
    assert detail["decision"]["delivery_method"] == "direct"
    assert Event.objects.filter(case__number=number).count() == 11


def test_acting_without_the_steps_post_is_forbidden(client, auth, applied):
    number, _code = applied
    assert_problem(act(client, auth, number, "review", "accept"), 403, code="not-step-holder")
    assert_problem(act(client, auth, number, "stranger", "accept"), 404, code="case-not-found")
    assert_problem(act(client, auth, number, "planning", "accept"), 404)  # may not even see it
    response = post_json(client, f"/api/v1/cases/{number}/actions", {"action": "accept"}, {})
    assert_problem(response, 401)
    assert Event.objects.filter(case__number=number).count() == 1


def test_a_stale_seq_is_a_conflict(client, auth, applied):
    number, _code = applied
    assert_problem(act(client, auth, number, "window", "accept", seq=0), 409, code="stale-case", field="seq")
    detail = acted(client, auth, number, "window", "accept", seq=1)
    assert detail["last_seq"] == 2
    assert_problem(act(client, auth, number, "window2", "accept", seq=1), 409, code="stale-case")


def test_bad_actions_are_problem_json_naming_the_field(client, auth, applied):
    number, _code = applied
    assert_problem(act(client, auth, number, "window", "approve_everything"), 422, field="action")
    assert_problem(act(client, auth, number, "window", "accept", colour="red"), 422, field="colour")
    assert_problem(act(client, auth, number, "window", "refuse", reason=" "), 422, field="reason")
    assert_problem(act(client, auth, number, "window", "request_correction", items=[]), 422, field="items")
    # the service's own keywords cannot be smuggled in: no back-dated actions
    assert_problem(act(client, auth, number, "window", "accept", now="2020-01-01T00:00:00+08:00"), 422,
                   field="now", rule="reserved")
    missing = post_json(client, f"/api/v1/cases/{number}/actions", {"fields": {}}, auth("window"))
    assert_problem(missing, 422, field="action")
    bad_seq = post_json(client, f"/api/v1/cases/{number}/actions", {"action": "accept", "seq": "latest"}, auth("window"))
    assert_problem(bad_seq, 422, field="seq")
    assert_problem(act(client, auth, number, "window", "complete"), 409, code="action-refused")
    assert Event.objects.filter(case__number=number).count() == 1


def test_a_correction_supplied_with_files(client, auth, applied):
    number, _code = applied
    detail = acted(client, auth, number, "window", "request_correction", items=["勘测定界图"])
    assert detail["state"] == "correcting" and detail["correction_items"] == ["勘测定界图"]
    json_files = act(client, auth, number, "applicant", "supplement", materials=[["勘测定界图", "x"]])
    assert_problem(json_files, 422, field="materials")
    response = client.post(f"/api/v1/cases/{number}/actions/multipart", {
        "payload": json_text({"action": "supplement", "fields": {"note": "补交勘测定界图"}}),
        "materials": [pdf("图.pdf")], "material_names": ["勘测定界图"],
    }, **auth("applicant"))
    assert response.status_code == 200, response.content.decode()
    detail = response.json()
    assert detail["state"] == "submitted"
    assert [(m["name"], m["for_correction"]) for m in detail["materials"]] == [("勘测定界图", True)]
    assert Material.objects.get(case__number=number).file.read() == PDF


# --- the public progress query -------------------------------------------------------------------


def public(client, number, code, **extra):
    return client.get(f"/api/v1/public/cases/{number}", {"code": code}, **extra)


def test_the_public_query_shows_progress_and_no_personal_data(client, auth, applied, clock):
    number, code = applied
    response = public(client, number, code)
    assert response.status_code == 200, response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    body = response.json()
    assert body["status"] == "submitted"
    assert body["power"]["code"] == "320100-012-XK-0001" and body["power"]["name"] == "建设项目用地预审"
    assert body["department"] == "南京市国土资源局"
    assert body["received_at"] == "2025-09-26T10:00:00+08:00" and body["accepted_at"] is None
    assert body["current_steps"] == [{"name": "受理", "post": "窗口受理岗", "department": "南京市国土资源局",
                                      "arrived_at": "2025-09-26T10:00:00+08:00", "due_at": "2025-09-29T00:00:00+08:00",
                                      "light": "green"}]
    assert public(client, number, code.lower()).status_code == 200  # the code is not case-sensitive

    clock.move_to(at("2025-09-26 11:00"))
    acted(client, auth, number, "window", "accept", opinion="申请人张三材料齐全")
    clock.move_to(at("2025-09-29 09:00"))
    acted(client, auth, number, "review", "complete", opinion="初审通过")
    acted(client, auth, number, "review", "suspend", kind="appraisal", reason="委托土地勘测定界技术鉴定")
    body = public(client, number, code).json()
    assert body["status"] == "suspended"
    assert body["suspensions"] == [{"kind": "appraisal", "kind_name": body["suspensions"][0]["kind_name"],
                                    "reason": "委托土地勘测定界技术鉴定", "began_at": "2025-09-29T09:00:00+08:00",
                                    "ended_at": None}]
    assert body["committed_due"] is None  # the clock stands still
    clock.move_to(at("2025-09-30 09:00"))
    acted(client, auth, number, "review", "resume")
    acted(client, auth, number, "review", "request_extension", days=5, reason="需补充征求相关部门意见")
    acted(client, auth, number, "head", "approve_extension", opinion="同意")
    body = public(client, number, code).json()
    assert body["status"] == "in_progress" and body["accepted_at"] == "2025-09-26T11:00:00+08:00"
    assert [s["name"] for s in body["done_steps"]] == ["受理", "初审"]
    assert body["done_steps"][1] == {"name": "初审", "post": "审查岗", "department": "南京市国土资源局",
                                     "arrived_at": "2025-09-26T11:00:00+08:00", "done_at": "2025-09-29T09:00:00+08:00"}
    assert [s["name"] for s in body["current_steps"]] == ["现场踏勘"]
    assert body["extensions"] == [{"days": 5, "reason": "需补充征求相关部门意见", "decided_at": "2025-09-30T09:00:00+08:00"}]
    assert body["decision"] is None and body["committed_due_display"].endswith("24:00:00")

    text = public(client, number, code).content.decode()
    for secret in (PERSON["name"], PERSON["id_number"], PERSON["phone"], PERSON["address"], "某某项目", "3.2公顷",
                   "初审通过", '"window"', '"review"', '"head"', '"applicant"'):
        assert not leaks(secret, text), secret


def test_the_public_query_shows_the_decision_once_made(client, auth, joint_power, apply, act_as, clock):
    case = apply(joint_power, "2025-09-26 10:00")
    number, code = case.number, case.query_code
    act_as(case, "window", "accept")
    act_as(case, "review", "complete", step="land")  # reaches the expert review, a special procedure
    body = public(client, number, code).json()
    assert body["status"] == "suspended" and body["suspensions"][0]["kind"] == "expert_review"
    assert {s["name"] for s in body["current_steps"]} == {"专家评审", "规划审查"}
    assert {s["post"] for s in body["current_steps"]} == {"审查岗", "规划审查岗"}
    act_as(case, "planning", "complete", step="planning")
    act_as(case, "review", "complete", step="expert")
    act_as(case, "approve", "decide", decision="denied", reason="申请人张三不符合产业政策", document_no="宁联审〔2025〕1号")
    act_as(case, "approve", "complete")
    response = public(client, number, code)
    body = response.json()
    assert body["status"] == "completed"
    assert body["decision"] == {"decision": "denied", "decision_name": body["decision"]["decision_name"],
                                "document_no": "宁联审〔2025〕1号", "decided_at": "2025-09-26T10:00:00+08:00"}
    assert body["completed_at"] == "2025-09-26T10:00:00+08:00"
    assert not leaks("不符合产业政策", response.content.decode())  # the reason may name the applicant
    assert {s["name"] for s in body["done_steps"]} == {"一门受理", "国土审查", "专家评审", "规划审查", "决定"}


@pytest.fixture
def act_as(officers):
    """act_as(case, who, action, **fields) through the services, at the pinned clock."""
    from yangguang.cases import services

    def make(case, who, action, **fields):
        return services.case_act(actor=officers[who], case=case, action=action, **fields)

    return make


def test_a_wrong_code_and_a_missing_case_get_the_same_answer(client, applied):
    number, code = applied
    wrong = public(client, number, "WRONG123")
    missing = public(client, "320100-20250926-999999", code)
    for response in (wrong, missing):
        assert_problem(response, 404, code="case-not-found")
    first, second = wrong.json(), missing.json()
    assert first.pop("instance") != second.pop("instance")
    assert first == second
    assert wrong.headers.keys() == missing.headers.keys()
    assert_problem(client.get(f"/api/v1/public/cases/{number}"), 422, field="code")


def test_repeated_wrong_codes_are_throttled(client, applied, clock):
    number, code = applied
    for _attempt in range(5):
        assert public(client, number, "WRONG123").status_code == 404
    throttled = public(client, number, code)  # even the right code, for the rest of the window
    body = assert_problem(throttled, 429, code="too-many-queries")
    assert int(throttled["Retry-After"]) == 900
    assert body["status"] == 429
    assert public(client, number, code, REMOTE_ADDR="10.1.2.3").status_code == 200  # another address
    clock.shift(600)
    assert int(public(client, number, code)["Retry-After"]) == 300
    clock.shift(301)
    assert public(client, number, code).status_code == 200


@override_settings(YANGGUANG_QUERY_FAILURES=2, YANGGUANG_QUERY_WINDOW_SECONDS=60)
def test_throttle_counts_failures_per_client_within_the_window(clock):
    assert throttle.query_allowed("10.0.0.1")
    throttle.query_failed("10.0.0.1")
    assert throttle.query_allowed("10.0.0.1") and throttle.retry_after("10.0.0.1") == 0
    clock.shift(30)
    throttle.query_failed("10.0.0.1")
    assert not throttle.query_allowed("10.0.0.1")
    assert throttle.retry_after("10.0.0.1") == 30  # the window began with the first failure
    assert throttle.query_allowed("2001:db8::1")
    clock.shift(30)
    assert throttle.query_allowed("10.0.0.1")
    throttle.query_failed("10.0.0.1")  # a new window
    assert throttle.query_allowed("10.0.0.1")
