import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def get(path):
    return Client().get(f"/api/v1/calendar{path}")


def test_deadline_in_working_days():
    response = get("/deadline?start=2026-09-30&amount=5&unit=workday")
    assert response.status_code == 200
    # Wed 9/30: 10/1–10/7 off; Thu 10/8, Fri 10/9, Sat 10/10 make-up, Mon 10/12, Tue 10/13.
    assert response.json() == {
        "start": "2026-09-30T00:00:00+08:00", "amount": 5, "unit": "workday",
        "due": "2026-10-14T00:00:00+08:00", "due_display": "2026-10-13 24:00:00", "last_day": "2026-10-13",
    }


@pytest.mark.parametrize(("query", "due", "display"), [
    ("start=2026-09-30&amount=5&unit=day", "2026-10-09T00:00:00+08:00", "2026-10-08 24:00:00"),  # Mon 10/5 off → Thu 10/8
    ("start=2026-09-30T10:00:00%2B08:00&amount=24&unit=hour", "2026-10-01T10:00:00+08:00", "2026-10-01 10:00:00"),
    ("start=2026-09-30T10:00:00+08:00&amount=24&unit=hour", "2026-10-01T10:00:00+08:00", "2026-10-01 10:00:00"),  # raw '+'
    ("start=2026-09-30T02:00:00Z&amount=1&unit=hour", "2026-09-30T11:00:00+08:00", "2026-09-30 11:00:00"),
    ("start=2026-09-30T10:00:00&amount=0", "2026-10-01T00:00:00+08:00", "2026-09-30 24:00:00"),  # naive is Shanghai; unit defaults to workday
])
def test_deadline_variants(query, due, display):
    body = get(f"/deadline?{query}").json()
    assert (body["due"], body["due_display"]) == (due, display)


@pytest.mark.parametrize(("query", "status", "field"), [
    ("start=2026-09-30&amount=-1&unit=workday", 422, "amount"),
    ("start=2026-09-30&amount=five&unit=workday", 422, "amount"),
    ("start=2026-09-30&amount=5&unit=month", 422, "unit"),
    ("start=30.09.2026&amount=5&unit=workday", 422, "start"),
    ("amount=5&unit=workday", 422, "start"),
])
def test_bad_deadline_requests_are_problems_naming_the_field(query, status, field):
    response = get(f"/deadline?{query}")
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    assert response.json()["field"] == field


def test_unconfirmed_year_is_a_conflict():
    response = get("/deadline?start=2026-12-20&amount=20&unit=workday")
    assert response.status_code == 409 and response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["code"] == "calendar-not-confirmed" and "2027" in body["detail"]


def test_years_and_days():
    years = get("/years").json()
    assert [y["year"] for y in years] == [2024, 2025, 2026]
    assert years[2]["notice_number"] == "国办发明电〔2025〕7号" and years[2]["confirmed"] is True
    days = get("/days?year=2026").json()
    assert len(days) == 28
    assert {"date": "2026-10-10", "kind": "makeup_workday", "kind_name": "调休上班", "name": "调休上班（10月7日休息）"} in days


def test_days_of_an_unknown_year():
    response = get("/days?year=2030")
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "calendar-year-not-found"
    assert get("/days").json()["field"] == "year"


def test_openapi_lists_the_calendar():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/calendar/deadline", "/api/v1/calendar/years", "/api/v1/calendar/days"} <= set(paths)
