"""The supervision dashboard, the cases behind its figures and the Excel export, on three land
pre-reviews seen at Thu 2025-10-23 09:00 after a sweep: one past its committed due (red), one past
90% of its committed limit (yellow, rule T03) and one not accepted yet (green)."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from openpyxl import load_workbook

from yangguang.cases.tests.conftest import at
from yangguang.org.models import Role

from .. import services
from ..models import Alert

NOW = "2025-10-23 09:00"


@pytest.fixture
def three(land_power, apply, act):
    red = act(apply(land_power, "2025-09-19 10:00"), "window", "accept", "2025-09-19 11:00")
    yellow = act(apply(land_power, "2025-09-26 10:00"), "window", "accept", "2025-09-26 11:00")
    green = apply(land_power, "2025-10-20 10:00")
    services.sweep(now=at(NOW))
    return {"red": red, "yellow": yellow, "green": green}


@pytest.fixture
def now():
    with time_machine.travel(at(NOW), tick=False):
        yield


def login(client, user):
    client.force_login(user)
    return client


def numbers(response):
    return set(re.findall(r'href="/office/cases/([^/"]+)/"', response.content.decode()))


def test_anonymous_users_go_to_the_login_page(client, db):
    for url in ("/supervision/", "/supervision/cases/", "/supervision/alerts.xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_officers_heads_and_applicants_are_refused(client, officers):
    for who in ("window", "head", "applicant"):
        login(client, officers[who])
        for url in ("/supervision/", "/supervision/cases/?light=red", "/supervision/alerts.xlsx"):
            assert client.get(url).status_code == 403, (who, url)
        assert 'href="/supervision/"' not in client.get("/office/").content.decode()


def test_the_dashboard_counts_open_cases_by_light_from_the_clock(client, supervisor, three, now):
    response = login(client, supervisor).get("/supervision/")
    assert response.status_code == 200
    context = response.context
    assert {k: context["totals"][k] for k in ("red", "yellow", "green", "total")} == \
        {"red": 1, "yellow": 1, "green": 1, "total": 3}
    [department] = context["departments"]
    assert (department["label"], department["red"], department["yellow"], department["green"]) == \
        ("南京市国土资源局", 1, 1, 1)
    [power] = context["powers"]
    assert (power["label"], power["total"]) == (three["red"].power.code, 3)
    assert context["sweep"] is not None and context["sweep"].now == at(NOW)
    html = response.content.decode()
    assert 'href="/supervision/"' in html and 'aria-current="page"' in html  # the nav entry
    assert f"/supervision/cases/?department={department['id']}&amp;light=red" in html
    # the queue links every alert to its case page
    assert numbers(response) == set(Alert.objects.values_list("case__number", flat=True))
    assert {three["red"].number, three["yellow"].number} <= numbers(response)
    assert context["alerts_30"] == Alert.objects.count()


def test_red_is_live_even_before_the_next_sweep(client, supervisor, three):
    login(client, supervisor)
    with time_machine.travel(at("2025-10-24 00:00"), tick=False):  # the yellow case's committed due
        totals = client.get("/supervision/").context["totals"]
    assert (totals["red"], totals["yellow"], totals["green"]) == (2, 0, 1)
    with time_machine.travel(at("2025-10-24 00:00") - timedelta(seconds=1), tick=False):
        totals = client.get("/supervision/").context["totals"]
    assert (totals["red"], totals["yellow"], totals["green"]) == (1, 1, 1)


def test_a_supervisor_of_another_region_sees_none_of_it(client, make_user, other_city, three, now):
    far = make_user("far", Role.SUPERVISOR, region=other_city)
    response = login(client, far).get("/supervision/")
    assert response.status_code == 200
    assert response.context["totals"]["total"] == 0 and not response.context["alerts"]
    assert not numbers(login(client, far).get("/supervision/cases/?light=red"))


def test_an_administrator_of_the_region_sees_the_dashboard(client, make_user, city, three, now):
    admin = make_user("regional-admin", Role.ADMINISTRATOR, region=city)
    assert login(client, admin).get("/supervision/").context["totals"]["total"] == 3


def test_each_figure_opens_the_cases_behind_it(client, supervisor, land_bureau, three, now):
    login(client, supervisor)
    for light, case in three.items():
        response = client.get(f"/supervision/cases/?department={land_bureau.pk}&light={light}")
        assert response.status_code == 200
        assert numbers(response) == {case.number}, light
        assert f"row-{light}" in response.content.decode()
    power = three["red"].power_id
    assert numbers(client.get(f"/supervision/cases/?power={power}")) == {c.number for c in three.values()}
    assert not numbers(client.get(f"/supervision/cases/?department={land_bureau.pk + 99}&light=red"))
    # alert bars: red alarms over the last 30 days; trend points: yellow warnings raised on one day
    assert numbers(client.get("/supervision/cases/?alert=red&days=30")) == {three["red"].number}
    on_day = set(Alert.objects.filter(level="yellow").values_list("case__number", flat=True))  # all swept at NOW
    assert three["yellow"].number in on_day
    assert numbers(client.get("/supervision/cases/?alert=yellow&day=2025-10-23")) == on_day
    assert not numbers(client.get("/supervision/cases/?alert=yellow&day=2025-10-22"))


def test_the_alert_list_downloads_as_a_workbook(client, supervisor, three, now):
    response = login(client, supervisor).get("/supervision/alerts.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + Alert.objects.count()
    cases = {row[4] for row in rows[1:]}
    assert cases == set(Alert.objects.values_list("case__number", flat=True))
    red_only = load_workbook(io.BytesIO(client.get("/supervision/alerts.xlsx?level=red").content)).active
    assert sheet.max_row > red_only.max_row == 1 + Alert.objects.filter(level="red").count()


def test_the_pages_have_no_inline_script(client, supervisor, three, now):
    login(client, supervisor)
    for url in ("/supervision/", "/supervision/cases/?light=red"):
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, tag
        assert not re.search(r"\son[a-z]+=", html)
    assert 'id="supervision-data" type="application/json"' in client.get("/supervision/").content.decode()


def test_the_case_behind_an_alert_opens_for_the_supervisor(client, supervisor, three, now):
    login(client, supervisor)
    for number in numbers(client.get("/supervision/")):
        assert client.get(f"/office/cases/{number}/").status_code == 200
