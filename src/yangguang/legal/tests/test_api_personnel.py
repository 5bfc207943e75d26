"""The register of enforcement bodies and personnel through the API (/api/v1/legal/personnel,
/refused-actions, /bodies): each endpoint's happy path, who is refused (403) or shown nothing (404),
and bad input as problem+json naming the field and the rule. A certificate's standing is for
today's real date, so validity dates are built from ``timezone.localdate()``."""

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yangguang.core.services import token_create
from yangguang.org import services as org_services
from yangguang.org.models import (
    CertificateAction,
    CertificateEvent,
    Department,
    Officer,
    Role,
)

from .test_api import LAND, PLANNING, problem

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate  # called in each test: the standing is today's
DAY = datetime.timedelta(days=1)


@pytest.fixture
def people(officers, inspectors, legal, supervisor, make_user, other_city):
    """The land bureau's head, officers and inspector, the planning officer, the city's legal
    office and supervisor, another city's legal office, and the applicant (no role)."""
    return {**officers, **inspectors, "legal": legal, "supervisor": supervisor,
            "far_legal": make_user("far-legal", Role.LEGAL_OFFICE, region=other_city)}


@pytest.fixture
def call(people):
    """call(who, method, path, body=None): a request with ``who``'s bearer token, at the real clock."""
    client = Client()
    tokens = {}

    def request(who, method, path, body=None):
        tokens.setdefault(who, token_create(user=people[who]))
        headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[who]}"}
        if method == "get":
            return client.get(f"/api/v1/legal{path}", **headers)
        return client.post(f"/api/v1/legal{path}", data=json.dumps(body or {}), content_type="application/json",
                           **headers)

    return request


def _officer(people, who) -> Officer:
    return Officer.objects.get(user=people[who])


@pytest.fixture
def newcomer(make_user, land_bureau):
    """A land-bureau officer with no certificate yet."""
    return Officer.objects.create(user=make_user("newcomer"), department=land_bureau)


def _register(number="ZF320100012777", **changes):
    today = TODAY()
    return {"number": number, "areas": "国土资源执法（南京市）", "valid_from": str(today - 10 * DAY),
            "valid_until": str(today + 3 * 365 * DAY), **changes}


def _refuse(officer, case_number="320100-012-CF-0001-2026-000001", step="立案"):
    """Record an enforcement action of ``officer`` refused now (as a case step does)."""
    org_services.certificate_refusal_record(officer=officer, case_number=case_number, step=step, at=timezone.now())


# --- the whole register ------------------------------------------------------------------------------


def test_openapi_describes_the_register(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {path: set(ops) for path, ops in paths.items() if path.startswith("/api/v1/legal/personnel")
            or path in ("/api/v1/legal/refused-actions", "/api/v1/legal/bodies")} == {
        "/api/v1/legal/personnel": {"get"},
        "/api/v1/legal/personnel/{officer_id}": {"get"},
        "/api/v1/legal/personnel/{officer_id}/register": {"post"},
        "/api/v1/legal/personnel/{officer_id}/review": {"post"},
        "/api/v1/legal/personnel/{officer_id}/annual-check": {"post"},
        "/api/v1/legal/personnel/{officer_id}/withdraw": {"post"},
        "/api/v1/legal/refused-actions": {"get"},
        "/api/v1/legal/bodies": {"get"},
    }
    standings = json.dumps(paths["/api/v1/legal/personnel"]["get"]["parameters"])
    assert "expiring" in standings and "withdrawn" in standings  # the standing filter is an enumeration


@pytest.mark.parametrize(("method", "path", "body"), [
    ("get", "/personnel", None),
    ("get", "/personnel/{pk}", None),
    ("get", "/refused-actions", None),
    ("get", "/bodies", None),
    ("post", "/personnel/{pk}/register", _register()),
    ("post", "/personnel/{pk}/review", {"approve": True}),
    ("post", "/personnel/{pk}/annual-check", {"passed": False, "note": "未参加年检"}),
    ("post", "/personnel/{pk}/withdraw", {"reason": "left"}),
])
def test_a_user_without_legal_pages_is_refused(call, people, method, path, body):
    """As the register's pages refuse the public (test_personnel), so does the API."""
    path = path.format(pk=_officer(people, "window").pk)
    problem(call("applicant", method, path, body), 403, code="forbidden", rule="legal-reader")
    assert not CertificateEvent.objects.exists()


# --- personnel (执法人员) --------------------------------------------------------------------------------


def test_personnel_list(call, people, land_bureau, planning_bureau):
    today = TODAY()
    Officer.objects.filter(user=people["inspector"]).update(certificate_valid_until=today + 10 * DAY,
                                                            certificate_checked_on=today - 100 * DAY)
    Officer.objects.filter(user=people["review2"]).update(certificate_valid_until=today - DAY)  # expired yesterday
    body = call("legal", "get", "/personnel").json()
    land = ["window", "window2", "review", "review2", "approve", "head", "inspector"]
    assert body["count"] == 8 and body["limit"] == 50 and body["offset"] == 0
    # by department, then certificate number
    assert [item["id"] for item in body["items"]] == sorted(
        [_officer(people, who).pk for who in land], key=lambda pk: Officer.objects.get(pk=pk).certificate_no
    ) + [_officer(people, "planning").pk]
    inspector = _officer(people, "inspector")
    item = next(item for item in body["items"] if item["id"] == inspector.pk)
    assert item == {"id": inspector.pk, "name": "inspector", "department": {"code": LAND, "name": land_bureau.name},
                    "certificate_no": inspector.certificate_no, "certificate_status": "active",
                    "certificate_status_name": item["certificate_status_name"], "standing": "expiring", "areas": "",
                    "valid_from": "2024-01-01", "valid_until": str(today + 10 * DAY),
                    "checked_on": str(today - 100 * DAY)}
    assert item["certificate_status_name"]
    expiring = call("legal", "get", "/personnel?standing=expiring").json()
    assert [item["id"] for item in expiring["items"]] == [inspector.pk]
    expired = call("supervisor", "get", "/personnel?standing=expired").json()
    assert [item["id"] for item in expired["items"]] == [_officer(people, "review2").pk]
    assert expired["items"][0]["standing"] == "expired"
    planning = call("legal", "get", f"/personnel?department={PLANNING}").json()
    assert [(item["name"], item["department"]["code"]) for item in planning["items"]] == [("planner", PLANNING)]
    assert call("legal", "get", f"/personnel?department={LAND}&standing=valid").json()["count"] == 5
    # who sees whom: the head their department, an officer their own, another city's legal office nobody
    assert {item["department"]["code"] for item in call("head", "get", "/personnel").json()["items"]} == {LAND}
    assert call("planning", "get", "/personnel").json()["count"] == 1
    assert call("far_legal", "get", "/personnel").json()["count"] == 0
    problem(call("head", "get", f"/personnel?department={PLANNING}"), 422, field="department", rule="exists")
    problem(call("legal", "get", "/personnel?department=320100-999"), 422, field="department", rule="exists")
    problem(call("legal", "get", "/personnel?standing=retired"), 422, field="standing", rule="literal_error")


def test_personnel_list_pages_and_refuses_a_bad_page(call, people):
    everything = call("legal", "get", "/personnel").json()
    page = call("legal", "get", "/personnel?limit=2&offset=1").json()
    assert (page["count"], page["limit"], page["offset"]) == (everything["count"], 2, 1)
    assert page["items"] == everything["items"][1:3]
    problem(call("legal", "get", "/personnel?limit=0"), 422, field="limit", rule="range")
    problem(call("legal", "get", "/personnel?limit=501"), 422, field="limit", rule="range")
    problem(call("legal", "get", "/personnel?offset=-1"), 422, field="offset", rule="range")


def test_personnel_detail_with_its_record_newest_first(call, people, land_bureau):
    inspector = _officer(people, "inspector")
    now = timezone.now()
    CertificateEvent.objects.bulk_create([
        CertificateEvent(officer=inspector, department=land_bureau, action=CertificateAction.PROMPT,
                         certificate_no=inspector.certificate_no, at=now - datetime.timedelta(hours=hours))
        for hours in range(1, 106)])
    _refuse(inspector)
    body = call("supervisor", "get", f"/personnel/{inspector.pk}").json()
    assert (body["id"], body["name"], body["standing"]) == (inspector.pk, "inspector", "valid")
    assert body["department"] == {"code": LAND, "name": land_bureau.name}
    record = body["record"]
    assert len(record) == 100  # at most 100 entries
    assert record[0]["action"] == "action_refused" and record[0]["action_name"]
    assert (record[0]["case_number"], record[0]["step"], record[0]["note"], record[0]["by"]) == (
        "320100-012-CF-0001-2026-000001", "立案", "valid", None)
    instants = [entry["at"] for entry in record]
    assert instants == sorted(instants, reverse=True)
    assert {entry["action"] for entry in record[1:]} == {"prompt"}
    # an officer of a department one may not see is not there
    problem(call("planning", "get", f"/personnel/{inspector.pk}"), 404, field="pk")
    problem(call("far_legal", "get", f"/personnel/{inspector.pk}"), 404, field="pk")
    problem(call("legal", "get", f"/personnel/{inspector.pk + 1000}"), 404)
    problem(call("legal", "get", "/personnel/first"), 422, field="officer_id")


# --- the register's steps (登记 → 审核 → 年检, withdrawal) ---------------------------------------------------


def test_the_head_registers_and_the_legal_office_reviews(call, people, newcomer):
    path = f"/personnel/{newcomer.pk}"
    problem(call("head", "post", f"{path}/register", _register(number="")), 422, field="number", rule="required")
    bad = problem(call("head", "post", f"{path}/register", _register(number=" ", areas="")), 422)
    assert {(error["field"], error["rule"]) for error in bad["errors"]} == {("number", "required"),
                                                                            ("areas", "required")}
    problem(call("head", "post", f"{path}/register", _register(valid_until=str(TODAY() - 20 * DAY))), 422,
            field="valid_until", rule="after-start")
    problem(call("head", "post", f"{path}/register", _register(valid_from="2026-02-30")), 422, field="valid_from")
    problem(call("head", "post", f"{path}/register", {**_register(), "status": "active"}), 422, field="status",
            rule="extra_forbidden")
    taken = _officer(people, "window").certificate_no
    problem(call("head", "post", f"{path}/register", _register(number=taken)), 422, field="number", rule="unique")
    problem(call("planning", "post", f"{path}/register", _register()), 404, field="pk")
    problem(call("supervisor", "post", f"{path}/register", _register()), 403, code="not-register-keeper",
            field="actor", rule="register-keeper")
    assert not CertificateEvent.objects.exists()
    response = call("head", "post", f"{path}/register", _register())
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["certificate_no"], body["certificate_status"], body["standing"]) == (
        "ZF320100012777", "registered", "pending")
    assert (body["areas"], body["valid_from"]) == ("国土资源执法（南京市）", str(TODAY() - 10 * DAY))
    assert [(entry["action"], entry["by"]) for entry in body["record"]] == [("register", "head")]
    # the head registers but does not review; only the legal office over the department does
    problem(call("head", "post", f"{path}/review", {"approve": True}), 403, code="not-register-keeper",
            rule="register-keeper")
    problem(call("far_legal", "post", f"{path}/review", {"approve": True}), 404)
    problem(call("legal", "post", f"{path}/review", {"approve": "perhaps"}), 422, field="approve")
    problem(call("head", "post", f"{path}/register", _register(number="ZF320100012778")), 409,
            rule="one-certificate")  # one under review already
    response = call("legal", "post", f"{path}/review", {"approve": True})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["certificate_status"], body["standing"]) == ("active", "valid")
    assert [entry["action"] for entry in body["record"]] == ["approve", "register"]
    problem(call("legal", "post", f"{path}/review", {"approve": True}), 409, field="certificate_status",
            rule="wrong-state", code="certificate-wrong-state")
    assert newcomer.pk in [item["id"] for item in call("legal", "get", "/personnel?standing=valid").json()["items"]]


def test_a_certificate_not_registered_is_not_reviewed(call, people):
    path = f"/personnel/{_officer(people, 'window').pk}/review"
    problem(call("legal", "post", path, {"approve": True}), 409, field="certificate_status", rule="wrong-state")
    Officer.objects.filter(user=people["window"]).update(certificate_status="registered")
    problem(call("legal", "post", path, {"approve": False, "note": " "}), 422, field="note", rule="required")
    body = call("legal", "post", path, {"approve": False, "note": "培训考试未通过"}).json()
    assert (body["certificate_status"], body["standing"]) == ("refused", "suspended")
    assert (body["record"][0]["action"], body["record"][0]["note"], body["record"][0]["by"]) == (
        "refuse", "培训考试未通过", "legal")


def test_the_annual_check(call, people):
    today = TODAY()
    officer = _officer(people, "inspector")
    path = f"/personnel/{officer.pk}/annual-check"
    problem(call("head", "post", path, {"passed": True, "valid_until": str(today + 365 * DAY)}), 403,
            code="not-register-keeper")
    problem(call("planning", "post", path, {"passed": True, "valid_until": str(today + 365 * DAY)}), 404)
    problem(call("legal", "post", path, {"passed": True}), 422, field="valid_until", rule="date")
    problem(call("legal", "post", path, {"passed": True, "valid_until": str(today)}), 422, field="valid_until",
            rule="in-future")
    problem(call("legal", "post", path, {"passed": False}), 422, field="note", rule="required")
    failed = call("legal", "post", path, {"passed": False, "note": "未按期参加年检"}).json()
    assert (failed["certificate_status"], failed["standing"], failed["checked_on"]) == (
        "failed", "suspended", str(today))
    response = call("legal", "post", path, {"passed": True, "valid_until": str(today + 400 * DAY), "note": "补检合格"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["certificate_status"], body["standing"], body["valid_until"], body["checked_on"]) == (
        "active", "valid", str(today + 400 * DAY), str(today))
    assert [entry["action"] for entry in body["record"]] == ["annual_pass", "annual_fail"]
    Officer.objects.filter(pk=officer.pk).update(certificate_status="registered")
    problem(call("legal", "post", path, {"passed": True, "valid_until": str(today + 400 * DAY)}), 409,
            rule="wrong-state")


def test_withdrawal(call, people):
    path = f"/personnel/{_officer(people, 'window').pk}/withdraw"
    problem(call("head", "post", path, {"reason": "retired"}), 422, field="reason", rule="literal_error")
    problem(call("head", "post", path, {}), 422, field="reason", rule="missing")
    problem(call("supervisor", "post", path, {"reason": "lost"}), 403, code="not-register-keeper")
    problem(call("planning", "post", path, {"reason": "lost"}), 404)
    response = call("head", "post", path, {"reason": "lost", "note": "2026年外出执法时遗失"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["certificate_status"], body["standing"]) == ("lost", "withdrawn")
    assert (body["record"][0]["action"], body["record"][0]["note"]) == ("lost", "2026年外出执法时遗失")
    problem(call("legal", "post", path, {"reason": "left"}), 409, rule="wrong-state")
    # a lost certificate is replaced by registering a new one
    assert call("head", "post", path.replace("withdraw", "register"),
                _register()).json()["certificate_status"] == "registered"


# --- refused enforcement actions (无证执法记录) ----------------------------------------------------------------


def test_refused_actions(call, people, land_bureau):
    expired = _officer(people, "inspector")
    Officer.objects.filter(pk=expired.pk).update(certificate_valid_until=TODAY() - DAY)
    expired.refresh_from_db()
    _refuse(expired, case_number="A1", step="立案")
    _refuse(_officer(people, "window"), case_number="A2", step="调查取证")  # a valid one: the standing then
    Officer.objects.filter(user=people["planning"]).update(certificate_status="left")
    _refuse(_officer(people, "planning"), case_number="B1", step="立案")
    body = call("legal", "get", "/refused-actions").json()
    assert body["count"] == 3 and [item["case_number"] for item in body["items"]] == ["B1", "A2", "A1"]  # newest first
    oldest = body["items"][2]
    assert oldest == {"at": oldest["at"], "officer": {"id": expired.pk, "name": "inspector"},
                      "department": {"code": LAND, "name": land_bureau.name}, "case_number": "A1", "step": "立案",
                      "certificate_no": expired.certificate_no, "standing": "expired"}
    assert body["items"][0]["standing"] == "withdrawn"
    assert [item["case_number"] for item in call("head", "get", "/refused-actions").json()["items"]] == ["A2", "A1"]
    assert call("far_legal", "get", "/refused-actions").json()["count"] == 0
    page = call("legal", "get", "/refused-actions?limit=1&offset=1").json()
    assert (page["count"], [item["case_number"] for item in page["items"]]) == (3, ["A2"])
    problem(call("legal", "get", "/refused-actions?limit=0"), 422, field="limit", rule="range")


# --- enforcement bodies (执法主体) ---------------------------------------------------------------------------


def test_bodies(call, people, land_bureau, planning_bureau, penalty_power, city):
    land_bureau.basis = "《中华人民共和国土地管理法》第五条"
    land_bureau.save()
    Department.objects.create(region=city, code="212", name="南京市国土资源执法监察支队",
                                          kind="entrusted", entrusted_by=land_bureau, basis="委托书〔2024〕3号")
    Officer.objects.filter(user=people["inspector"]).update(certificate_valid_until=TODAY() + 5 * DAY)
    Officer.objects.filter(user=people["review2"]).update(certificate_status="failed")
    response = call("legal", "get", "/bodies")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["on"] == str(TODAY())
    assert [item["department"]["code"] for item in body["items"]] == [LAND, PLANNING, "320100-212"]
    land, planning, agency = body["items"]
    assert land == {"department": {"code": LAND, "name": land_bureau.name}, "kind": "organ",
                    "kind_name": land["kind_name"], "basis": "《中华人民共和国土地管理法》第五条", "entrusted_by": None,
                    "powers": [{"category": "CF", "name": land["powers"][0]["name"], "count": 1}], "power_total": 1,
                    "people": {"certified": 6, "expiring": 1, "unusable": 1}}
    assert land["kind_name"] and land["powers"][0]["name"]
    assert planning["powers"] == [] and planning["people"] == {"certified": 1, "expiring": 0, "unusable": 0}
    assert (agency["kind"], agency["entrusted_by"], agency["basis"]) == ("entrusted", LAND, "委托书〔2024〕3号")
    assert agency["people"] == {"certified": 0, "expiring": 0, "unusable": 0}
    assert [item["department"]["code"] for item in call("head", "get", "/bodies").json()["items"]] == [LAND]
    assert call("far_legal", "get", "/bodies").json()["items"] == []


# --- lists: one query per list, not per row -------------------------------------------------------------------


def _grow(kind, people, make_user, land_bureau, city, count):
    """Add ``count`` rows that the legal office sees in the list ``kind``."""
    for _i in range(count):
        serial = Department.objects.count() + Officer.objects.count() + 100
        if kind == "/personnel":
            make_user(f"officer{serial}", officer_of=land_bureau)
        elif kind == "/refused-actions":
            _refuse(Officer.objects.get(user=make_user(f"officer{serial}", officer_of=land_bureau)),
                    case_number=f"C{serial}")
        else:
            organ = Department.objects.create(region=city, code=f"{serial % 1000:03d}", name=f"部门{serial}")
            agency = Department.objects.create(region=city, code=f"{(serial + 1) % 1000:03d}", name=f"支队{serial}",
                                               kind="entrusted", entrusted_by=organ)
            make_user(f"officer{serial}", officer_of=agency)


@pytest.mark.parametrize("kind", ["/personnel", "/refused-actions", "/bodies"])
def test_lists_cost_the_same_queries_for_one_row_or_many(call, people, make_user, land_bureau, city, kind):
    _grow(kind, people, make_user, land_bureau, city, 1)
    call("legal", "get", kind)  # the token's first use
    with CaptureQueriesContext(connection) as few:
        first = call("legal", "get", kind).json()
    _grow(kind, people, make_user, land_bureau, city, 4)
    with CaptureQueriesContext(connection) as many:
        second = call("legal", "get", kind).json()
    if kind == "/bodies":
        assert len(second["items"]) == len(first["items"]) + 8
        assert {item["entrusted_by"] for item in second["items"]} > {None}
    else:
        assert second["count"] == first["count"] + 4 and len(second["items"]) == second["count"]
    assert len(many) == len(few), [query["sql"] for query in many]
