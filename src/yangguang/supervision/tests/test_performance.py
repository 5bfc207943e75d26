"""The readers of performance evaluation (绩效评估): the land bureau's November 2025 counted by hand
(see ``performance_fixtures.november``), its score line by line with what lies behind each line,
quarter and year as the mean of their months, the officers' figures, who sees what, and a fixed
number of queries whatever the number of departments."""

from datetime import date
from fractions import Fraction as F

import pytest
from django.core.exceptions import ImproperlyConfigured

from yangguang.cases.models import Case, Token, TokenState
from yangguang.cases.tests.conftest import at
from yangguang.core.errors import InvalidInput, NotFound
from yangguang.org.models import Department, Officer, Role

from .. import performance, scoring
from .performance_fixtures import *
from .performance_fixtures import NOVEMBER_NOW, make_alert, make_complaint

NOW = at(NOVEMBER_NOW)
NOVEMBER = scoring.period_parse("2025-11")


def row_of(league, department):
    [row] = [row for row in league.rows if row.key == department.pk]
    return row


def test_a_department_month_counted_by_hand(supervisor, november, land_bureau, planning_bureau):
    league = performance.league_for(supervisor, NOVEMBER, NOW)
    land = row_of(league, land_bureau)
    assert {key: land.counts[key] for key in ("received", "handled", "finished", "on_time", "early", "late", "due",
                                              "overdue", "over_statutory", "decisions", "rejected", "alarmed",
                                              "licences", "powers_listed", "powers_used")} == {
        "received": 7, "handled": 7, "finished": 4, "on_time": 3, "early": 2, "late": 1, "due": 5, "overdue": 2,
        "over_statutory": 1, "decisions": 5, "rejected": 2, "alarmed": 1, "licences": 4, "powers_listed": 2,
        "powers_used": 1}
    assert {key: rate.value for key, rate in land.rates.items()} == {
        "on_time": F(3, 4), "early": F(1, 2), "overdue": F(2, 5), "over_statutory": F(1, 5), "rejection": F(2, 5),
        "alarm": F(1, 7), "complaint": F(1, 7), "power_usage": F(1, 2)}
    low, high = land.rates["on_time"].interval
    assert (round(low, 4), round(high, 4)) == (0.3006, 0.9544)  # Wilson 3 of 4
    assert land.alerts == {"yellow": 3, "red": 1} and land.complaints == {"confirmed": 1, "partly": 1}
    # licence duration: (168 + 360 + 360 + 120) h / 4 = 10.5 days; elapsed against the committed spans
    # (398 + 384 + 360 + 792 h) and statutory spans (566 + 552 + 528 + 1032 h)
    assert land.licence_days == 10.5 and land.average_days == 10.5
    assert land.hours["committed"] == 1934 and land.hours["statutory"] == 2678
    assert land.used_committed_percent == pytest.approx(100 * 1008 / 1934)
    assert land.speedup == 1 - F(15 * 24 + 30 * 24, 20 * 24 + 45 * 24)  # 30.8 %
    # 100 − 10 (1 red) − 15 (3 yellow) − 5 (confirmed) − 2 (partly) + 5 (early 50 %) + 3 (speed-up) = 76
    assert land.score == 76 and land.score_value == 76.0
    assert [(line.key, line.count, line.points) for line in land.scores[date(2025, 11, 1)].lines] == [
        ("red", 1, -10), ("yellow", 3, -15), ("confirmed_complaint", 1, -5), ("partly_confirmed_complaint", 1, -2),
        ("early_bonus", 2, 5), ("speedup_bonus", 0, 3)]
    planning = row_of(league, planning_bureau)  # nothing at all: a clean 100, not ranked
    assert planning.score == 100 and planning.rank is None and planning.rates["on_time"].value is None
    assert land.rank == (1, 1) and [row.key for row in league.rows] == [land_bureau.pk, planning_bureau.pk]


def test_each_score_line_knows_what_lies_behind_it(supervisor, november, land_bureau, joint_power, land_power):
    detail = performance.department_detail_for(supervisor, land_bureau.pk, NOVEMBER, NOW)
    assert detail.figures.rank == (1, 1)  # its place among the departments the supervisor sees
    [month] = detail.months
    assert month.month == date(2025, 11, 1) and month.total == 76
    lines = {line.key: line for line in month.lines}
    alerts = november["alerts"]
    assert [a.pk for a in lines["red"].alerts] == [alerts[2].pk]  # the removed card is not behind any line
    assert [a.pk for a in lines["yellow"].alerts] == [alerts[0].pk, alerts[1].pk, alerts[5].pk]
    assert [c.pk for c in lines["confirmed_complaint"].complaints] == [november["complaints"][0].pk]
    assert [c.pk for c in lines["partly_confirmed_complaint"].complaints] == [november["complaints"][1].pk]
    assert lines["early_bonus"].case_ids == [november["c1"].pk, november["c6"].pk]
    assert sorted(lines["speedup_bonus"].power_ids) == sorted([land_power.pk, joint_power.pk])
    assert lines["early_bonus"].share_percent == 50.0 and lines["early_bonus"].points == 5.0
    # by full code as well
    assert performance.department_detail_for(supervisor, land_bureau.full_code, NOVEMBER, NOW).figures.score == 76


@pytest.mark.parametrize("line, cases", [
    ("received", {"c1", "c2", "c3", "c4", "c5", "c6", "c9"}),
    ("handled", {"c1", "c2", "c3", "c4", "c5", "c6", "c9"}),
    ("finished", {"c1", "c2", "c3", "c6"}),
    ("on_time", {"c1", "c2", "c6"}),
    ("early", {"c1", "c6"}),
    ("late", {"c3"}),
    ("due", {"c1", "c2", "c3", "c4", "c7"}),
    ("overdue", {"c3", "c4"}),
    ("over_statutory", {"c4"}),
    ("decisions", {"c1", "c2", "c3", "c5", "c6"}),
    ("rejected", {"c5", "c6"}),
    ("alarmed", {"c4"}),
    ("warned", {"c3", "c4"}),
    ("licences", {"c1", "c2", "c3", "c6"}),
])
def test_the_cases_behind_each_figure(supervisor, november, land_bureau, line, cases):
    department, found = performance.line_cases(supervisor, land_bureau.pk, NOVEMBER, line, NOW)
    names = {case.pk: name for name, case in november.items() if isinstance(case, Case)}
    assert department == land_bureau and {names[pk] for pk in found.values_list("pk", flat=True)} == cases


def test_an_unknown_line_is_refused(supervisor, land_bureau):
    with pytest.raises(InvalidInput) as error:
        performance.line_cases(supervisor, land_bureau.pk, NOVEMBER, "everything", NOW)
    assert error.value.field == "line"


def test_quarter_and_year_are_the_mean_of_their_months(supervisor, november, land_bureau):
    # October: −5 (T03 on c7) −5 (a complaint) +10 (c7 early: 1 of 1) +3 = 103 → 100; November 76;
    # December (begun): +3 → 100; the Q01 alert raised in December counts in November, the month it evaluates.
    quarter = performance.department_detail_for(supervisor, land_bureau.pk, scoring.period_parse("2025-Q4"), NOW)
    assert [(m.label, m.total) for m in quarter.months] == [("2025-10", 100), ("2025-11", 76), ("2025-12", 100)]
    assert quarter.figures.score == F(276, 3)
    assert quarter.months[0].score.capped
    # January–September: only the joint approval listed (speed-up 1/3, +3): 100 each → (11 × 100 + 76) / 12 = 98
    year = performance.league_for(supervisor, scoring.period_parse("2025"), NOW)
    assert row_of(year, land_bureau).score == 98
    assert len(year.months) == 12
    # months not begun have no score
    future = performance.league_for(supervisor, scoring.period_parse("2026-05"), NOW)
    assert future.months == () and row_of(future, land_bureau).score is None


def test_departments_whose_intervals_overlap_share_their_places(supervisor, november, land_bureau, planning_bureau,
                                                               planning_power, make_case):
    for day in range(3, 13):  # ten planning cases, each finished on time: Wilson [72.2 %, 100 %]
        make_case(planning_power, f"2025-11-{day:02d} 09:00", state="completed", decision="granted",
                  clock_start=f"2025-11-{day:02d} 10:00", committed_due="2025-11-28 00:00",
                  statutory_due="2025-12-05 00:00", decided_at="2025-11-20 09:00", completed_at="2025-11-20 10:00")
    league = performance.league_for(supervisor, NOVEMBER, NOW)
    planning, land = league.rows
    assert (planning.key, land.key) == (planning_bureau.pk, land_bureau.pk)  # best rate first
    assert planning.rank == land.rank == (1, 2) and planning.rank_label == "1–2"  # 3 of 4 overlaps 10 of 10


def test_officers_are_counted_by_the_steps_they_did(supervisor, land_power, apply, act, officers, land_bureau):
    early = act(apply(land_power, "2025-11-03 10:00"), "window", "accept", "2025-11-03 11:00")  # due 11-05 00:00
    act(apply(land_power, "2025-11-04 10:00"), "window", "accept", "2025-11-05 09:00")  # due 11-06: on time
    late = act(apply(land_power, "2025-11-05 10:00"), "window", "accept", "2025-11-07 10:00")  # due 11-07 00:00
    token = late.tokens.get(step__key="accept")
    make_alert("T02", "yellow", "2025-11-07 00:00", case=late, token=token)
    make_complaint(land_bureau, "confirmed", "2025-11-20 10:00", officer=Officer.objects.get(user=officers["window"]))
    rows = performance.officers_for(supervisor, NOVEMBER, NOW)
    [window] = rows
    assert window.key == officers["window"].pk and window.department == land_bureau
    assert {k: window.counts[k] for k in ("steps", "timed", "on_time", "late", "early", "cases")} == {
        "steps": 3, "timed": 3, "on_time": 2, "late": 1, "early": 1, "cases": 3}
    assert window.rates["on_time"].value == F(2, 3) and window.rates["early"].value == F(1, 3)
    assert window.alerts == {"yellow": 1} and window.complaints == {"confirmed": 1}
    # 100 − 5 (yellow on a step they did) − 5 (complaint) + 3 (1 of 3 steps early: +1, +2) = 93
    assert window.score == 93
    assert [(line.key, line.count, line.points) for line in window.scores[date(2025, 11, 1)].lines] == [
        ("yellow", 1, -5), ("confirmed_complaint", 1, -5), ("early_bonus", 1, 3)]
    month = window.months[date(2025, 11, 1)]
    assert (month.finished, month.early) == (3, 1)  # an officer's month: 3 timed steps, 1 of them early
    # the one early step is the first case's acceptance (a day and more before its due)
    early_steps = [token.case_id for token in Token.objects.filter(done_by=officers["window"], state=TokenState.DONE)
                   if token.due_at is not None and token.done_at < token.due_at - performance.EARLY_MARGIN]
    assert early_steps == [early.pk]


def test_who_sees_what(november, make_user, officers, land_bureau, planning_bureau, other_city, supervisor):
    head = officers["head"]
    assert performance.performance_allowed(head) and performance.performance_allowed(supervisor)
    assert not performance.performance_allowed(officers["window"])
    assert not performance.performance_allowed(officers["applicant"])
    assert [row.key for row in performance.league_for(head, NOVEMBER, NOW).rows] == [land_bureau.pk]
    with pytest.raises(NotFound):
        performance.department_detail_for(head, planning_bureau.pk, NOVEMBER, NOW)
    far = make_user("far-supervisor", Role.SUPERVISOR, region=other_city)
    assert performance.league_for(far, NOVEMBER, NOW).rows == []
    with pytest.raises(NotFound):
        performance.department_detail_for(far, land_bureau.pk, NOVEMBER, NOW)
    with pytest.raises(NotFound):  # by its full code neither
        performance.department_detail_for(far, land_bureau.full_code, NOVEMBER, NOW)
    with pytest.raises(NotFound):
        performance.line_cases(far, land_bureau.pk, NOVEMBER, "overdue", NOW)


def test_a_fixed_number_of_queries_whatever_the_number_of_departments(supervisor, november, city):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        supervisor.__dict__.pop("_yangguang_scope", None)
        with CaptureQueriesContext(connection) as context:
            league = performance.league_for(supervisor, NOVEMBER, NOW)
            performance.officers_for(supervisor, NOVEMBER, NOW)
        return len(context.captured_queries), league

    before, _league = count()
    for i, name in enumerate(("c1", "c2", "c3")):  # three more departments, each with one of the cases
        department = Department.objects.create(region=city, code=f"1{i}0", name=f"部门{i}")
        Case.objects.filter(pk=november[name].pk).update(department=department)
        make_complaint(department, "confirmed", "2025-11-21 10:00")
    after, league = count()
    assert after == before and len(league.rows) == 5


def test_the_score_scheme_comes_from_the_setting(settings, supervisor, november, land_bureau):
    settings.YANGGUANG_SCORE_SCHEME = {"red": -20, "confirmed_complaint": -10}
    assert row_of(performance.league_for(supervisor, NOVEMBER, NOW), land_bureau).score == 76 - 10 - 5
    settings.YANGGUANG_SCORE_SCHEME = {"red": 20}
    with pytest.raises(ImproperlyConfigured) as error:
        performance.league_for(supervisor, NOVEMBER, NOW)
    assert "YANGGUANG_SCORE_SCHEME['red'] is a deduction" in str(error.value)


@pytest.mark.parametrize("text", ["2025-13", "Q4", "2025-Q9", "next month"])
def test_a_bad_period_names_the_field(text):
    with pytest.raises(InvalidInput) as error:
        performance.period_parse(text)
    assert error.value.field == "period" and text in str(error.value.detail)


def test_no_period_means_the_current_month():
    assert performance.period_parse("", at("2025-12-01 00:30")).label == "2025-12"
    assert performance.period_parse(None, at("2025-11-30 23:59")).label == "2025-11"


# --- the pages ------------------------------------------------------------------------------------------

import io
import json
import re

import time_machine
from django.test import Client
from openpyxl import load_workbook

from yangguang.core.services import token_create


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_pages_need_a_login_and_an_evaluator(client, officers, land_bureau):
    urls = ["/supervision/performance/", f"/supervision/performance/departments/{land_bureau.pk}/",
            f"/supervision/performance/departments/{land_bureau.pk}/cases/?line=due", "/supervision/performance.xlsx"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for who in ("window", "applicant"):
        client.force_login(officers[who])
        assert [client.get(url).status_code for url in urls] == [403] * 4, who


def test_the_league_page_shows_scores_places_and_intervals(client, supervisor, november, land_bureau, clock):
    response = page(client, supervisor, "/supervision/performance/?period=2025-11")
    assert response.status_code == 200
    html = response.content.decode()
    land = response.context["league"].rows[0]
    assert land.key == land_bureau.pk and land.score == 76
    detail = f"/supervision/performance/departments/{land_bureau.pk}/?period=2025-11"
    assert f'href="{detail}"' in html.replace("&amp;", "&")
    assert ">76.0<" in html and "75.0%" in html and "30.1–95.4%" in html  # score, on-time rate, its interval
    assert 'aria-current="page" href="/supervision/performance/"' in html  # the tab
    data = json.loads(re.search(r'<script id="performance-data" type="application/json">(.*?)</script>', html,
                                re.DOTALL).group(1))
    assert data["scores"] == [76.0, 100.0] and data["interval"]["value"] == [75.0]
    assert data["interval"]["low"] == [30.1] and data["interval"]["high"] == [95.4]
    assert data["urls"][0] == detail
    assert 'href="/supervision/performance/"' in page(client, supervisor, "/supervision/").content.decode()


def test_the_dashboard_links_to_performance(client, supervisor, db):
    assert 'href="/supervision/performance/"' in page(client, supervisor, "/supervision/").content.decode()


def test_a_bad_period_is_said_on_the_page(client, supervisor, november, clock):
    response = page(client, supervisor, "/supervision/performance/?period=2025-13")
    assert response.status_code == 400
    assert "2025-13" in response.content.decode() and response.context["period"].label == "2025-12"


def test_a_quarter_page(client, supervisor, november, land_bureau, clock):
    response = page(client, supervisor, f"/supervision/performance/departments/{land_bureau.pk}/?period=2025-Q4")
    assert response.status_code == 200
    assert [month.total for month in response.context["detail"].months] == [100, 76, 100]
    assert response.context["figures"].score == F(276, 3) and "92.0" in response.content.decode()


def test_the_department_page_opens_each_line(client, supervisor, november, land_bureau, clock):
    response = page(client, supervisor, f"/supervision/performance/departments/{land_bureau.pk}/?period=2025-11")
    assert response.status_code == 200
    html = response.content.decode().replace("&amp;", "&")
    for alert in november["alerts"][:3] + november["alerts"][5:]:
        assert f'href="/supervision/alerts/{alert.pk}/"' in html
    assert f'href="/supervision/alerts/{november["alerts"][3].pk}/"' not in html  # the removed card
    assert f'href="/supervision/complaints/{november["complaints"][0].number}/"' in html
    for name in ("c1", "c6"):  # the early cases
        assert f'href="/office/cases/{november[name].number}/"' in html
    base = f"/supervision/performance/departments/{land_bureau.pk}/cases/?period=2025-11"
    assert f'href="{base}&line=overdue">2<' in html and f'href="{base}&line=finished">4<' in html
    assert ">76<" in html  # the month's total


def test_the_cases_behind_a_figure_page(client, supervisor, november, land_bureau, clock):
    url = f"/supervision/performance/departments/{land_bureau.pk}/cases/?period=2025-11&line=overdue"
    response = page(client, supervisor, url)
    assert response.status_code == 200
    numbers = set(re.findall(r'href="/office/cases/([^/"]+)/"', response.content.decode()))
    assert numbers == {november["c3"].number, november["c4"].number}
    assert client.get(url.replace("overdue", "everything")).status_code == 404


def test_a_head_sees_only_their_department(client, officers, november, land_bureau, planning_bureau, clock):
    head = officers["head"]
    response = page(client, head, "/supervision/performance/?period=2025-11")
    assert response.status_code == 200 and [row.key for row in response.context["league"].rows] == [land_bureau.pk]
    assert client.get(f"/supervision/performance/departments/{land_bureau.pk}/?period=2025-11").status_code == 200
    assert client.get(f"/supervision/performance/departments/{planning_bureau.pk}/").status_code == 404
    assert client.get(f"/supervision/performance/departments/{planning_bureau.pk}/cases/?line=due").status_code == 404


def test_the_league_table_as_excel(client, supervisor, november, clock):
    response = page(client, supervisor, "/supervision/performance.xlsx?period=2025-11")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('performance-2025-11.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, land, planning = rows
    values = dict(zip(header, land, strict=True))
    assert land[:4] == ("1", "320100-012", "南京市国土资源局", 76)
    assert len(header) == 23 and land[7] == 0.75 and round(land[8], 4) == 0.3006 and land[12] == 2
    assert planning[3] == 100 and planning[0] == "—"
    assert len(values) == 23
    assert page(client, supervisor, "/supervision/performance.xlsx?period=nope").status_code == 400


# --- the API ------------------------------------------------------------------------------------------------


@pytest.fixture
def call(db):
    client = Client()

    def request(user, path):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"} if user else {}
        return client.get(f"/api/v1{path}", **headers)

    return request


def test_api_league_and_officers(call, supervisor, november, land_bureau, clock):
    response = call(supervisor, "/performance?period=2025-11")
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == {"label": "2025-11", "kind": "month", "start": "2025-11-01T00:00:00+08:00",
                              "end": "2025-12-01T00:00:00+08:00", "months_scored": ["2025-11-01"]}
    land = body["items"][0]
    assert (land["code"], land["score"], land["place"]) == ("320100-012", 76.0, [1, 1])
    assert land["counts"]["overdue"] == 2 and land["counts"]["due"] == 5
    assert land["rates"]["on_time"]["value"] == 0.75 and round(land["rates"]["on_time"]["low"], 4) == 0.3006
    assert land["alerts"] == {"yellow": 3, "red": 1} and land["licence_days"] == 10.5
    assert land["months"] == [{"month": "2025-11-01", "score": 76.0}]
    officers = call(supervisor, "/performance?period=2025-11&by=officer").json()
    assert officers["by"] == "officer" and officers["items"] == []  # nobody did a step in the fixture


def test_api_department_lines(call, supervisor, november, land_bureau, land_power, joint_power, clock):
    for ref in (land_bureau.pk, land_bureau.full_code):
        response = call(supervisor, f"/performance/departments/{ref}?period=2025-11")
        assert response.status_code == 200
    body = response.json()
    [month] = body["score_months"]
    lines = {line["key"]: line for line in month["lines"]}
    assert (month["score"], month["base"]) == (76.0, 100.0)
    assert lines["red"]["alerts"] == [november["alerts"][2].pk] and lines["red"]["points"] == -10
    assert lines["yellow"]["alerts"] == [november["alerts"][i].pk for i in (0, 1, 5)]
    assert lines["confirmed_complaint"]["complaints"] == [november["complaints"][0].number]
    assert lines["early_bonus"]["cases"] == [november["c1"].number, november["c6"].number]
    assert lines["early_bonus"]["share"] == 0.5 and lines["early_bonus"]["points"] == 5
    assert sorted(lines["speedup_bonus"]["powers"]) == sorted([land_power.code, joint_power.code])


@pytest.mark.parametrize("path, field", [
    ("/performance?period=2025-13", "period"),
    ("/performance?period=2025-Q4&by=power", "by"),
    ("/performance/departments/1?period=next", "period"),
])
def test_api_bad_input_is_a_problem_naming_the_field(call, supervisor, path, field):
    response = call(supervisor, path)
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == field


def test_api_who_may_see(call, officers, supervisor, november, planning_bureau, land_bureau, clock):
    assert call(None, "/performance").status_code == 401
    assert call(officers["window"], "/performance").status_code == 403
    assert call(officers["window"], "/performance").json()["code"] == "not-evaluator"
    assert call(officers["head"], f"/performance/departments/{planning_bureau.pk}").status_code == 404
    assert [item["id"] for item in call(officers["head"], "/performance?period=2025-11").json()["items"]] == [
        land_bureau.pk]


def test_the_lines_of_cases_are_named_in_the_visitors_language(client, supervisor, november, land_bureau, clock, settings):
    url = f"/supervision/performance/departments/{land_bureau.pk}/?period=2025-11"
    assert "Cases received" not in page(client, supervisor, url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Cases received" in client.get(url).content.decode()
