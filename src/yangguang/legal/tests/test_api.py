"""The legal-supervision API (/api/v1/legal/) through Django's test client: each endpoint's happy
path, who is refused (403) or shown nothing (404), and bad input as problem+json naming the field
and the rule. The clock stands at Thursday 2025-10-09 09:00 unless moved."""

import json

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from yangguang.cases.tests.conftest import at
from yangguang.core.services import token_create
from yangguang.org.models import Department, Role
from yangguang.org.rules import scope_of

from .. import selectors, services
from ..models import (
    Appeal,
    DocumentFiling,
    PenaltyFiling,
    PenaltyFilingState,
    PenaltyThreshold,
)

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
LAND = "320100-012"
PLANNING = "320100-015"


@pytest.fixture
def clock():
    with time_machine.travel(at("2025-10-09 09:00"), tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(officers, legal, supervisor, make_user, other_city):
    """The land bureau's head and officers, the planning officer, the city's legal office and
    supervisor, another city's legal office, and the applicant (no role)."""
    return {**officers, "legal": legal, "supervisor": supervisor,
            "far_legal": make_user("far-legal", Role.LEGAL_OFFICE, region=other_city)}


@pytest.fixture
def call(people, clock):
    """call(who, method, path, body=None): a request with ``who``'s bearer token (who=None: anonymous)."""
    client = Client()
    tokens = {}

    def request(who, method, path, body=None):
        headers = {}
        if who is not None:
            tokens.setdefault(who, token_create(user=people[who]))
            headers["HTTP_AUTHORIZATION"] = f"Bearer {tokens[who]}"
        if method == "get":
            return client.get(f"/api/v1/legal{path}", **headers)
        return getattr(client, method)(f"/api/v1/legal{path}", data=json.dumps(body or {}),
                                       content_type="application/json", **headers)

    return request


def problem(response, status, field=None, rule=None, code=None) -> dict:
    """Assert a problem+json answer with this status (and field, rule, code when given)."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    for key, value in (("field", field), ("rule", rule), ("code", code)):
        if value is not None:
            assert body.get(key) == value, body
    return body


@pytest.fixture
def major(threshold, penalty_power, decided):
    """major(amount="50000"): a penalty decided Fri 2025-09-26 10:00 above the threshold, selected for filing."""

    def make(amount="50000"):
        return PenaltyFiling.objects.get(case=decided(penalty_power, "2025-09-26 10:00", amount=amount))

    return make


def _filed(filing, head):
    return services.penalty_file(actor=head, filing=filing, filing_kind="重大处罚备案", report="案卷随附",
                                 now=at("2025-10-09 08:00"))


def _document(head, land_bureau, number="宁国土规〔2025〕1号"):
    return services.document_file(actor=head, department=land_bureau, kind="normative", title="关于加强土地执法的通知",
                                  number=number, published_on="2025-09-05", effective_on="2025-10-01",
                                  now=at("2025-09-10 09:00"))


def _appeal(head, case, kind="reconsideration", number="宁政复〔2025〕1号"):
    return services.appeal_record(actor=head, case=case, kind=kind, number=number, applicant="南京某某建材有限公司",
                                  body="南京市人民政府", received_at=at("2025-10-08 10:00"), now=at("2025-10-08 11:00"))


# --- the whole API ----------------------------------------------------------------------------------

GETS = ["/dashboard", "/thresholds", "/penalty-filings", "/penalty-filings/1", "/document-filings",
        "/document-filings/1", "/appeals", "/appeals/1"]


def test_openapi_describes_every_endpoint(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    legal = {path: set(ops) for path, ops in paths.items() if path.startswith("/api/v1/legal/")}
    assert legal == {
        "/api/v1/legal/dashboard": {"get"},
        "/api/v1/legal/personnel": {"get"}, "/api/v1/legal/personnel/{officer_id}": {"get"},
        "/api/v1/legal/personnel/{officer_id}/register": {"post"}, "/api/v1/legal/personnel/{officer_id}/review": {"post"},
        "/api/v1/legal/personnel/{officer_id}/annual-check": {"post"},
        "/api/v1/legal/personnel/{officer_id}/withdraw": {"post"},
        "/api/v1/legal/refused-actions": {"get"}, "/api/v1/legal/bodies": {"get"},
        "/api/v1/legal/thresholds": {"get"},
        "/api/v1/legal/thresholds/{department}": {"put"},
        "/api/v1/legal/penalty-filings": {"get"},
        "/api/v1/legal/penalty-filings/{filing_id}": {"get"},
        "/api/v1/legal/penalty-filings/{filing_id}/file": {"post"},
        "/api/v1/legal/penalty-filings/{filing_id}/review": {"post"},
        "/api/v1/legal/penalty-filings/{filing_id}/correct": {"post"},
        "/api/v1/legal/document-filings": {"get", "post"},
        "/api/v1/legal/document-filings/{filing_id}": {"get"},
        "/api/v1/legal/document-filings/{filing_id}/review": {"post"},
        "/api/v1/legal/document-filings/{filing_id}/correct": {"post"},
        "/api/v1/legal/appeals": {"get", "post"},
        "/api/v1/legal/appeals/{appeal_id}": {"get"},
        "/api/v1/legal/appeals/{appeal_id}/answer": {"post"},
        "/api/v1/legal/appeals/{appeal_id}/conclude": {"post"},
    }
    states = paths["/api/v1/legal/penalty-filings"]["get"]["parameters"]
    assert "stopped" in json.dumps(states)  # the state filter is an enumeration of the model's states


@pytest.mark.parametrize("path", GETS)
def test_anonymous_is_asked_to_authenticate(call, path):
    problem(call(None, "get", path), 401, code="unauthenticated")


@pytest.mark.parametrize("path", GETS)
def test_a_user_without_legal_pages_is_refused(call, path):
    """As the pages under /legal/ refuse the public (test_views), so does the API."""
    problem(call("applicant", "get", path), 403, code="forbidden", rule="legal-reader")


@pytest.mark.parametrize(("path", "body", "method"), [
    ("/thresholds/320100-012", {"fine_person": "1"}, "put"),
    ("/penalty-filings/1/file", {"filing_kind": "备案", "report": "x"}, "post"),
    ("/document-filings", {"department": LAND, "kind": "rule", "title": "t", "number": "n",
                           "published_on": "2025-09-05", "effective_on": "2025-09-05"}, "post"),
    ("/appeals", {"case": "x", "kind": "litigation", "number": "1", "applicant": "a", "body": "b",
                  "received_at": "2025-10-08T10:00:00+08:00"}, "post"),
    ("/appeals/1/answer", None, "post"),
])
def test_a_user_without_legal_pages_cannot_write(call, path, body, method):
    problem(call("applicant", method, path, body), 403, rule="legal-reader")


# --- dashboard ----------------------------------------------------------------------------------------


FILING_FIGURES = ("penalty_pending", "penalty_overdue", "penalty_review", "penalty_review_overdue", "document_review",
                  "document_correction", "document_correction_overdue", "appeals_open", "appeals_overdue")


def test_dashboard(call, clock, major, people, land_bureau):
    filings = [major() for _i in range(3)]
    _filed(filings[0], people["head"])
    case = filings[1].case
    services.appeal_conclude(actor=people["legal"], appeal=_appeal(people["head"], case), outcome="revoked",
                             concluded_on="2025-10-09")
    response = call("legal", "get", "/dashboard")
    assert response.status_code == 200
    body = response.json()
    assert body["at"] == "2025-10-09T09:00:00+08:00" and body["legal_office"] is True
    figures = body["figures"]
    assert {key: figures[key] for key in FILING_FIGURES} == {
        "penalty_pending": 2, "penalty_overdue": 0, "penalty_review": 1, "penalty_review_overdue": 0,
        "document_review": 0, "document_correction": 0, "document_correction_overdue": 0, "appeals_open": 0,
        "appeals_overdue": 0}
    assert set(figures) - set(FILING_FIGURES) <= {"certificates", "actions_refused"}
    assert body["stats"] == [{"name": land_bureau.name, "penalties": 3, "penalty_overdue": 0, "documents": 0,
                              "documents_late": 0, "appeals": 1, "concluded": 1, "overturned": 1, "rate": 1.0}]
    clock.move_to(at("2025-10-24 00:00"))  # the filing due of a decision of 09-26 (test_penalties)
    assert call("legal", "get", "/dashboard").json()["figures"]["penalty_overdue"] == 2
    head = call("head", "get", "/dashboard").json()
    assert head["legal_office"] is False and head["stats"][0]["penalties"] == 3
    far = call("far_legal", "get", "/dashboard").json()
    assert far["stats"] == [] and {far["figures"][key] for key in FILING_FIGURES} == {0}
    assert call("planning", "get", "/dashboard").json()["stats"] == []



def test_the_dashboard_takes_one_query_per_kind_of_figure(clock, major, people, land_bureau):
    filings = [major() for _i in range(3)]
    _filed(filings[0], people["head"])
    _appeal(people["head"], filings[1].case)
    _document(people["head"], land_bureau)
    user = people["legal"]
    scope_of(user)  # read once per request, before the dashboard
    with CaptureQueriesContext(connection) as queries:
        figures = selectors.dashboard_for(user, at("2025-10-09 09:00"))["figures"]
    assert (figures["penalty_pending"], figures["penalty_review"], figures["document_review"],
            figures["appeals_open"]) == (2, 1, 1, 1)
    # one each for penalties, documents, appeals, certificate standings and refused actions; the
    # statistics group penalties, documents and appeals by department, then the overturn rates
    assert len(queries) == 9

# --- lists: paginated, one query per list, not per row --------------------------------------------------


def _grow(kind, people, major, land_bureau, city, count):
    """Add ``count`` rows that the legal office sees in the list ``kind``."""
    for _i in range(count):
        if kind == "/penalty-filings":
            _filed(major(), people["head"])  # filed: filed_by is shown too
        elif kind == "/document-filings":
            _document(people["head"], land_bureau, number=f"宁国土规〔2025〕{DocumentFiling.objects.count() + 1}号")
        elif kind == "/appeals":
            _appeal(people["head"], major().case, number=f"宁政复〔2025〕{Appeal.objects.count() + 1}号")
        else:
            code = f"{Department.objects.count() + 100:03d}"
            department = Department.objects.create(region=city, code=code, name=f"部门{code}")
            services.threshold_set(actor=people["legal"], department=department, fine_person="1", now=at("2025-10-01"))


@pytest.mark.parametrize("kind", ["/penalty-filings", "/document-filings", "/appeals", "/thresholds"])
def test_lists_cost_the_same_queries_for_one_row_or_many(call, people, major, land_bureau, city, threshold, kind):
    _grow(kind, people, major, land_bureau, city, 1)
    call("legal", "get", kind)  # the token's first use
    with CaptureQueriesContext(connection) as few:
        first = call("legal", "get", kind).json()
    _grow(kind, people, major, land_bureau, city, 4)
    with CaptureQueriesContext(connection) as many:
        second = call("legal", "get", kind).json()
    assert second["count"] == first["count"] + 4 and len(second["items"]) == second["count"]
    assert len(many) == len(few), [query["sql"] for query in many]


@pytest.mark.parametrize("kind", ["/penalty-filings", "/document-filings", "/appeals", "/thresholds"])
def test_lists_page_and_refuse_a_bad_page(call, people, major, land_bureau, city, threshold, kind):
    _grow(kind, people, major, land_bureau, city, 3)
    everything = call("legal", "get", kind).json()
    page = call("legal", "get", f"{kind}?limit=2&offset=1").json()
    assert (page["count"], page["limit"], page["offset"]) == (everything["count"], 2, 1)
    assert page["items"] == everything["items"][1:3]
    problem(call("legal", "get", f"{kind}?limit=0"), 422, field="limit", rule="range")
    problem(call("legal", "get", f"{kind}?limit=501"), 422, field="limit", rule="range")
    problem(call("legal", "get", f"{kind}?offset=-1"), 422, field="offset", rule="range")
    problem(call("legal", "get", f"{kind}?limit=many"), 422, field="limit")


# --- thresholds (备案范围) -------------------------------------------------------------------------------


def test_threshold_list(call, threshold, planning_bureau):
    body = call("legal", "get", "/thresholds").json()
    assert body["count"] == 2
    land, planning = body["items"]
    assert land["department"] == {"code": LAND, "name": "南京市国土资源局"}
    assert land["threshold"] == {"fine_person": "1000.00", "fine_organisation": "20000.00", "revocation": True,
                                 "other_kinds": ["责令停产停业"], "updated_at": "2025-09-01T09:00:00+08:00",
                                 "updated_by": "legal"}
    assert planning == {"department": {"code": PLANNING, "name": "南京市规划局"}, "threshold": None}
    assert [row["department"]["code"] for row in call("head", "get", "/thresholds").json()["items"]] == [LAND]
    assert call("far_legal", "get", "/thresholds").json()["count"] == 0


def test_threshold_put(call, threshold, planning_bureau):
    response = call("legal", "put", f"/thresholds/{PLANNING}", {"fine_person": "500", "fine_organisation": 30000,
                                                                 "revocation": False, "other_kinds": ["责令停产停业", ""]})
    assert response.status_code == 200, response.content
    assert response.json()["threshold"]["fine_organisation"] == "30000.00"
    row = PenaltyThreshold.objects.get(department=planning_bureau)
    assert (str(row.fine_person), row.revocation, row.other_kinds) == ("500.00", False, ["责令停产停业"])
    assert row.updated_by.username == "legal"
    # only the legal office of the department's region sets it
    problem(call("head", "put", f"/thresholds/{LAND}", {"fine_person": "1"}), 403, code="not-legal-office")
    problem(call("supervisor", "put", f"/thresholds/{LAND}", {"fine_person": "1"}), 403, code="not-legal-office")
    problem(call("far_legal", "put", f"/thresholds/{LAND}", {"fine_person": "1"}), 404, field="department")
    problem(call("legal", "put", "/thresholds/320100-999", {"fine_person": "1"}), 404, field="department")
    # bad amounts: refused by the service's rule, or as not a number at all
    problem(call("legal", "put", f"/thresholds/{LAND}", {"fine_person": "-1"}), 422, field="fine_person", rule="amount")
    problem(call("legal", "put", f"/thresholds/{LAND}", {"fine_organisation": "abc"}), 422, field="fine_organisation")
    problem(call("legal", "put", f"/thresholds/{LAND}", {"fine_person": "1" * 15}), 422, field="fine_person")
    problem(call("legal", "put", f"/thresholds/{LAND}", {"other_kinds": ["长" * 61]}), 422, field="other_kinds",
            rule="max-length")
    problem(call("legal", "put", f"/thresholds/{LAND}", {"limit": "1"}), 422, field="limit", rule="extra_forbidden")
    assert str(PenaltyThreshold.objects.get(department__code="012").fine_person) == "1000.00"  # unchanged


# --- major-penalty filings (重大行政处罚备案) ---------------------------------------------------------------


def test_penalty_list(call, major, people, land_bureau):
    pending, filed = major(), major("30000")
    _filed(filed, people["head"])
    body = call("legal", "get", "/penalty-filings").json()
    assert body["count"] == 2 and [item["id"] for item in body["items"]] == [pending.pk, filed.pk]
    item = body["items"][0]
    assert item["case"] == pending.case.number and item["department"] == {"code": LAND, "name": land_bureau.name}
    assert item["penalty_amount"] == "50000.00" and item["reasons"][0]["kind"] == "fine"
    assert item["due_at"] == "2025-10-24T00:00:00+08:00" and item["state"] == "pending" and item["state_name"]
    filed_only = call("head", "get", "/penalty-filings?state=filed").json()
    assert [item["id"] for item in filed_only["items"]] == [filed.pk] and filed_only["items"][0]["filed_by"] == "head"
    assert call("planning", "get", "/penalty-filings").json()["count"] == 0  # another department's
    assert call("far_legal", "get", "/penalty-filings").json()["count"] == 0  # another city's
    problem(call("legal", "get", "/penalty-filings?state=lost"), 422, field="state", rule="literal_error")


def test_penalty_detail(call, major):
    filing = major()
    body = call("supervisor", "get", f"/penalty-filings/{filing.pk}").json()
    assert body["id"] == filing.pk and body["case"] == filing.case.number and body["outcome"] == ""
    problem(call("planning", "get", f"/penalty-filings/{filing.pk}"), 404, field="pk")
    problem(call("far_legal", "get", f"/penalty-filings/{filing.pk}"), 404, field="pk")
    problem(call("legal", "get", f"/penalty-filings/{filing.pk + 1000}"), 404)
    problem(call("legal", "get", "/penalty-filings/first"), 422, field="filing_id")


def test_penalty_file(call, major):
    filing = major()
    path = f"/penalty-filings/{filing.pk}/file"
    problem(call("planning", "post", path, {"filing_kind": "备案", "report": "x"}), 404)
    problem(call("supervisor", "post", path, {"filing_kind": "备案", "report": "x"}), 403,
            code="not-department-filer", field="department", rule="own-department")
    problem(call("head", "post", path, {"filing_kind": "", "report": "x"}), 422, field="filing_kind", rule="required")
    problem(call("head", "post", path, {"report": "x"}), 422, field="filing_kind", rule="missing")
    assert PenaltyFiling.objects.get(pk=filing.pk).state == PenaltyFilingState.PENDING
    response = call("head", "post", path, {"filing_kind": "重大处罚备案", "report": "案卷随附"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["filed_by"], body["report"]) == ("filed", "head", "案卷随附")
    # 30 days from 10-10 end on Sat 11-08, moved to Mon 11-10 (test_penalties)
    assert body["filed_at"] == "2025-10-09T09:00:00+08:00" and body["review_due"] == "2025-11-11T00:00:00+08:00"
    problem(call("head", "post", path, {"filing_kind": "重大处罚备案", "report": "案卷随附"}), 409, rule="wrong-state")


def test_penalty_review(call, major, people):
    filing = _filed(major(), people["head"])
    path = f"/penalty-filings/{filing.pk}/review"
    problem(call("head", "post", path, {"outcome": "record"}), 403, code="not-legal-office")
    problem(call("far_legal", "post", path, {"outcome": "record"}), 404)
    problem(call("legal", "post", path, {"outcome": "forgive"}), 422, field="outcome", rule="literal_error")
    problem(call("legal", "post", path, {"outcome": "correct", "opinion": " "}), 422, field="opinion", rule="required")
    response = call("legal", "post", path, {"outcome": "correct", "opinion": "罚款明显不当，建议变更"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["outcome"], body["reviewed_by"]) == ("correction", "correct", "legal")
    assert body["action_due"] == "2025-10-25T00:00:00+08:00"  # 15 days from 10-10
    problem(call("legal", "post", path, {"outcome": "record"}), 409, rule="wrong-state")


def test_penalty_correct(call, major, people):
    filing = services.penalty_review(actor=people["legal"], filing=_filed(major(), people["head"]), outcome="correct",
                                     opinion="建议变更", now=at("2025-10-09 08:30"))
    path = f"/penalty-filings/{filing.pk}/correct"
    problem(call("legal", "post", path, {"text": "已变更"}), 403, code="not-department-filer")
    problem(call("planning", "post", path, {"text": "已变更"}), 404)
    problem(call("head", "post", path, {"text": ""}), 422, field="text", rule="required")
    problem(call("head", "post", path, {"text": "已变更", "done": True}), 422, field="done", rule="extra_forbidden")
    response = call("window", "post", path, {"text": "已变更处罚决定"})  # an officer of the department
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["correction_text"], body["corrected_at"]) == (
        "corrected", "已变更处罚决定", "2025-10-09T09:00:00+08:00")
    problem(call("head", "post", path, {"text": "再次"}), 409, rule="wrong-state")


# --- document filings (规章和规范性文件报备) -------------------------------------------------------------------


DOCUMENT = {"department": LAND, "kind": "normative", "title": "关于加强土地执法的通知", "number": "宁国土规〔2025〕7号",
            "published_on": "2025-09-05", "effective_on": "2025-10-01"}


def test_document_create(call, clock, land_bureau):
    problem(call("legal", "post", "/document-filings", DOCUMENT), 403, code="not-department-filer")
    problem(call("planning", "post", "/document-filings", DOCUMENT), 422, field="department", rule="exists")
    problem(call("head", "post", "/document-filings", {**DOCUMENT, "effective_on": "2025-09-01"}), 422,
            field="effective_on", rule="after-publication")
    problem(call("head", "post", "/document-filings", {**DOCUMENT, "published_on": "2025-10-10",
                                                     "effective_on": "2025-10-10"}), 422,
            field="published_on", rule="not-future")
    problem(call("head", "post", "/document-filings", {**DOCUMENT, "published_on": "2025-09-31"}), 422,
            field="published_on")
    problem(call("head", "post", "/document-filings", {**DOCUMENT, "kind": "memo"}), 422, field="kind")
    bad = problem(call("head", "post", "/document-filings", {**DOCUMENT, "title": "", "number": ""}), 422)
    assert {error["field"] for error in bad["errors"]} == {"title", "number"}  # every field, not only the first
    assert not DocumentFiling.objects.exists()
    response = call("head", "post", "/document-filings", DOCUMENT)
    assert response.status_code == 201, response.content
    body = response.json()
    # published Fri 09-05: 30 days end inside the National Day holiday, due at 10-09 24:00 (test_documents)
    assert body["due_at"] == "2025-10-10T00:00:00+08:00" and body["late"] is False
    assert (body["state"], body["filed_by"], body["department"]["code"]) == ("filed", "head", LAND)
    assert DocumentFiling.objects.get().pk == body["id"]
    problem(call("head", "post", "/document-filings", DOCUMENT), 422, field="number", rule="unique")
    clock.move_to(at("2025-10-10 00:00"))
    late = call("head", "post", "/document-filings", {**DOCUMENT, "number": "宁国土规〔2025〕8号"}).json()
    assert late["late"] is True


def test_document_list(call, people, land_bureau):
    first = _document(people["head"], land_bureau)
    second = _document(people["head"], land_bureau, number="宁国土规〔2025〕2号")
    services.document_review(actor=people["legal"], filing=second, lawful=True, now=at("2025-09-20 09:00"))
    body = call("legal", "get", "/document-filings").json()
    assert [item["id"] for item in body["items"]] == [second.pk, first.pk]  # newest filed first
    lawful = call("head", "get", "/document-filings?state=lawful").json()
    assert [item["id"] for item in lawful["items"]] == [second.pk] and lawful["items"][0]["reviewed_by"] == "legal"
    assert call("planning", "get", "/document-filings").json()["count"] == 0
    assert call("far_legal", "get", "/document-filings").json()["count"] == 0
    problem(call("legal", "get", "/document-filings?state=draft"), 422, field="state")


def test_document_detail(call, people, land_bureau):
    filing = _document(people["head"], land_bureau)
    body = call("window", "get", f"/document-filings/{filing.pk}").json()
    assert (body["number"], body["kind"], body["published_on"]) == ("宁国土规〔2025〕1号", "normative", "2025-09-05")
    problem(call("planning", "get", f"/document-filings/{filing.pk}"), 404, field="pk")
    problem(call("legal", "get", "/document-filings/1.5"), 422, field="filing_id")


def test_document_review(call, people, land_bureau):
    filing = _document(people["head"], land_bureau)
    path = f"/document-filings/{filing.pk}/review"
    problem(call("head", "post", path, {"lawful": True}), 403, code="not-legal-office")
    problem(call("far_legal", "post", path, {"lawful": True}), 404)
    problem(call("legal", "post", path, {"lawful": False, "opinion": "与上位法抵触"}), 422, field="correction_due",
            rule="date")
    problem(call("legal", "post", path, {"lawful": False, "opinion": "与上位法抵触", "correction_due": "2025-10-09"}),
            422, field="correction_due", rule="future")
    problem(call("legal", "post", path, {"lawful": "perhaps"}), 422, field="lawful")
    response = call("legal", "post", path, {"lawful": False, "opinion": "与上位法抵触", "correction_due": "2025-10-20"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["opinion"]) == ("correction", "与上位法抵触")
    assert body["correction_due"] == "2025-10-21T00:00:00+08:00"  # the end of the deadline day
    problem(call("legal", "post", path, {"lawful": True}), 409, rule="wrong-state")
    other = _document(people["head"], land_bureau, number="宁国土规〔2025〕2号")
    assert call("legal", "post", f"/document-filings/{other.pk}/review", {"lawful": True}).json()["state"] == "lawful"


def test_document_correct(call, people, land_bureau):
    filing = _document(people["head"], land_bureau)
    path = f"/document-filings/{filing.pk}/correct"
    problem(call("head", "post", path, {"text": "已修改"}), 409, rule="wrong-state")  # not asked to correct
    services.document_review(actor=people["legal"], filing=filing, lawful=False, opinion="抵触",
                             correction_due="2025-10-20", now=at("2025-09-20 09:00"))
    problem(call("legal", "post", path, {"text": "已修改"}), 403, code="not-department-filer")
    problem(call("planning", "post", path, {"text": "已修改"}), 404)
    problem(call("head", "post", path, {}), 422, field="text", rule="missing")
    problem(call("head", "post", path, {"text": "x" * 2001}), 422, field="text", rule="max-length")
    response = call("head", "post", path, {"text": "已修改第三条"})
    assert response.status_code == 200, response.content
    assert (response.json()["state"], response.json()["correction_text"]) == ("corrected", "已修改第三条")


# --- reconsideration and litigation (行政复议 / 行政应诉) ---------------------------------------------------


def _appeal_body(of, **changes):
    return {"case": of.number, "kind": "reconsideration", "number": "宁政复〔2025〕9号", "applicant": "南京某某建材有限公司",
            "body": "南京市人民政府", "grounds": "处罚过重", "received_at": "2025-10-09T08:00:00+08:00", **changes}


def test_appeal_create(call, major, people):
    filing = _filed(major(), people["head"])
    case = filing.case
    problem(call("planning", "post", "/appeals", _appeal_body(case)), 422, field="case", rule="exists")
    problem(call("head", "post", "/appeals", _appeal_body(case, case="NOPE")), 422, field="case", rule="exists")
    problem(call("supervisor", "post", "/appeals", _appeal_body(case)), 403, code="not-department-filer")
    problem(call("head", "post", "/appeals", _appeal_body(case, received_at="2025-10-09T08:00:00")), 422,
            field="received_at", rule="timezone_aware")
    problem(call("head", "post", "/appeals", _appeal_body(case, received_at="2025-10-09T10:00:00+08:00")), 422,
            field="received_at", rule="not-future")
    problem(call("head", "post", "/appeals", _appeal_body(case, kind="petition")), 422, field="kind")
    assert not Appeal.objects.exists()
    response = call("head", "post", "/appeals", _appeal_body(case))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["case"], body["kind"], body["recorded_by"], body["outcome"]) == (
        case.number, "reconsideration", "head", "")
    assert body["due_at"] == "2025-12-09T00:00:00+08:00"  # 60 days from 10-10 end on Sun 12-07 → Mon 12-08
    # the major-penalty review under way stops
    assert call("legal", "get", f"/penalty-filings/{filing.pk}").json()["state"] == "stopped"
    problem(call("head", "post", "/appeals", _appeal_body(case)), 422, field="number", rule="unique")
    suit = call("legal", "post", "/appeals", _appeal_body(case, kind="litigation", number="(2025)苏0102行初1号",
                                                          body="南京市玄武区人民法院"))
    assert suit.status_code == 201 and suit.json()["recorded_by"] == "legal"  # the legal office records too


def test_appeal_list(call, major, people):
    first = _appeal(people["head"], major().case)
    suit = _appeal(people["head"], major().case, kind="litigation", number="(2025)苏0102行初1号")
    body = call("legal", "get", "/appeals").json()
    assert body["count"] == 2 and {item["id"] for item in body["items"]} == {first.pk, suit.pk}
    suits = call("head", "get", "/appeals?kind=litigation").json()
    assert [item["id"] for item in suits["items"]] == [suit.pk] and suits["items"][0]["kind_name"]
    assert call("planning", "get", "/appeals").json()["count"] == 0
    assert call("far_legal", "get", "/appeals").json()["count"] == 0
    problem(call("legal", "get", "/appeals?kind=petition"), 422, field="kind", rule="literal_error")


def test_appeal_detail(call, major, people):
    appeal = _appeal(people["head"], major().case)
    body = call("supervisor", "get", f"/appeals/{appeal.pk}").json()
    assert (body["number"], body["received_at"], body["answered_at"]) == (
        "宁政复〔2025〕1号", "2025-10-08T10:00:00+08:00", None)
    problem(call("planning", "get", f"/appeals/{appeal.pk}"), 404, field="pk")
    problem(call("legal", "get", "/appeals/x"), 422, field="appeal_id")


def test_appeal_answer(call, major, people):
    case = major().case
    reconsideration = _appeal(people["head"], case)
    suit = _appeal(people["head"], case, kind="litigation", number="(2025)苏0102行初1号")
    problem(call("head", "post", f"/appeals/{reconsideration.pk}/answer"), 409, rule="wrong-state")
    problem(call("supervisor", "post", f"/appeals/{suit.pk}/answer"), 403, code="not-department-filer")
    problem(call("planning", "post", f"/appeals/{suit.pk}/answer"), 404)
    problem(call("head", "post", "/appeals/none/answer"), 422, field="appeal_id")
    response = call("head", "post", f"/appeals/{suit.pk}/answer")
    assert response.status_code == 200 and response.json()["answered_at"] == "2025-10-09T09:00:00+08:00"
    problem(call("head", "post", f"/appeals/{suit.pk}/answer"), 409, rule="wrong-state")


def test_appeal_conclude(call, major, people):
    appeal = _appeal(people["head"], major().case)
    path = f"/appeals/{appeal.pk}/conclude"
    problem(call("supervisor", "post", path, {"outcome": "revoked", "concluded_on": "2025-10-09"}), 403,
            code="not-department-filer")
    problem(call("far_legal", "post", path, {"outcome": "revoked", "concluded_on": "2025-10-09"}), 404)
    problem(call("legal", "post", path, {"outcome": "annulled", "concluded_on": "2025-10-09"}), 422, field="outcome")
    problem(call("legal", "post", path, {"outcome": "revoked", "concluded_on": "2025-10-07"}), 422,
            field="concluded_on", rule="after-receipt")
    problem(call("legal", "post", path, {"outcome": "revoked", "concluded_on": "2025-10-10"}), 422,
            field="concluded_on", rule="not-future")
    problem(call("legal", "post", path, {"outcome": "revoked"}), 422, field="concluded_on", rule="missing")
    response = call("legal", "post", path, {"outcome": "revoked", "concluded_on": "2025-10-09"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["outcome"], body["concluded_on"]) == ("revoked", "2025-10-09") and body["outcome_name"]
    problem(call("head", "post", path, {"outcome": "upheld", "concluded_on": "2025-10-09"}), 409,
            rule="already-concluded")
    assert call("legal", "get", "/dashboard").json()["stats"][0]["rate"] == 1.0
