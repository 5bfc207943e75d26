"""Public supervision pages (部门评价): the league table and scorecards counted by supervision's
performance readers, checked against the land bureau's November 2025 worked out by hand (see
``supervision.tests.performance_fixtures.november``), with the overdue share's interval and the
share of good ratings added for the public."""

import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yangguang.cases.tests.conftest import _published, at
from yangguang.core.errors import NotFound
from yangguang.org.models import Department, Post
from yangguang.supervision import scoring
from yangguang.supervision.tests.performance_fixtures import NOVEMBER_NOW, PLANNING_FLOW

from .. import selectors, services
from .conftest import assert_private_absent

NOW = at(NOVEMBER_NOW)
NOVEMBER = scoring.period_parse("2025-11")


@pytest.fixture
def rated(november, officers):
    """Ratings of the land bureau's November cases by their applicant: very satisfied and
    fairly satisfied (good) and dissatisfied (bad), and one in October (not counted)."""
    for case, grade, when in ((november["c1"], 5, "2025-11-11 09:00"), (november["c2"], 3, "2025-11-20 09:00"),
                              (november["c3"], 2, "2025-11-21 09:00"), (november["c7"], 1, "2025-10-31 09:00")):
        services.rating_give(actor=officers["applicant"], case=case, grade=grade, comment="等了太久", now=at(when))
    return november


def row_of(league, department):
    [row] = [row for row in league.rows if row.key == department.pk]
    return row


def test_the_public_league_counted_by_hand(rated, planning_power, land_bureau, planning_bureau):
    league = selectors.league_public(NOVEMBER, NOW)
    assert [row.key for row in league.rows] == [land_bureau.pk, planning_bureau.pk]
    land = row_of(league, land_bureau)
    # finished 4 (c1, c2, c3, c6): on time c1, c2, c6; early c1, c6; due 5, overdue c3 and c4
    assert (land.counts["received"], land.counts["finished"]) == (7, 4)
    assert (land.rates["on_time"].hits, land.rates["on_time"].total) == (3, 4)
    assert (land.rates["early"].hits, land.rates["early"].total) == (2, 4)
    assert (land.rates["overdue"].hits, land.rates["overdue"].total) == (2, 5)
    # Wilson 95 %: 3 of 4 → [0.3006, 0.9544]; 2 of 5 → centre 0.4434, half-width 0.3258
    assert tuple(round(x, 4) for x in land.rates["on_time"].interval) == (0.3006, 0.9544)
    assert tuple(round(x, 4) for x in land.rates["overdue"].interval) == (0.1176, 0.7693)
    # (168 + 360 + 360 + 120) h / 4 = 10.5 days against committed spans of 1934 h / 4 = 20.15 days
    assert land.average_days == 10.5 and round(land.committed_days, 2) == 20.15
    # ratings in November: 5 and 3 good, 2 bad; the October one is not counted
    assert (land.satisfaction.hits, land.satisfaction.total) == (2, 3)
    assert land.rank == (1, 1)
    planning = row_of(league, planning_bureau)  # nothing finished: no place, no rate
    assert planning.rank is None and planning.rates["on_time"].value is None
    assert planning.satisfaction.value is None and planning.counts.get("finished", 0) == 0


def test_a_department_without_a_published_power_is_not_listed(november, planning_bureau):
    assert planning_bureau.pk not in [row.key for row in selectors.league_public(NOVEMBER, NOW).rows]


def test_a_quarter_and_a_region(rated, land_bureau, other_city):
    quarter = selectors.league_public(scoring.period_parse("2025-Q4"), NOW)
    land = row_of(quarter, land_bureau)
    assert land.counts["finished"] == 5  # c7 finished in October joins
    assert (land.satisfaction.hits, land.satisfaction.total) == (2, 4)  # the October rating joins
    assert selectors.league_public(NOVEMBER, NOW, region="320200").rows == []


def test_the_league_page(rated, planning_power, anonymous):
    with time_machine.travel(NOW, tick=False):
        response = anonymous.get("/departments/", {"period": "2025-11"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="/departments/320100-012/?period=2025-11"' in body
    assert 'href="/departments/320100-015/?period=2025-11"' in body
    for text in ("75.0%", "3/4", "50.0%", "2/4", "40.0%", "2/5", "30.1–95.4%", "11.8–76.9%", "66.7%", "2/3",
                 "10.5 / 20.1"):
        assert text in body, text
    assert "score" not in body.lower()  # supervision's internal score is not published
    assert_private_absent(body)


def test_the_league_page_defaults_to_this_year_and_names_a_bad_period(rated, anonymous):
    with time_machine.travel(NOW, tick=False):
        assert "2025-Q4" in anonymous.get("/departments/").content.decode()  # the year's links offer its quarter
        response = anonymous.get("/departments/", {"period": "2025-13"})
    assert response.status_code == 400 and 'class="invalid-feedback d-block"' in response.content.decode()


def test_the_scorecard_page(rated, planning_power, land_bureau, anonymous):
    with time_machine.travel(NOW, tick=False):
        response = anonymous.get("/departments/320100-012/", {"period": "2025-11"})
    body = response.content.decode()
    assert response.status_code == 200 and "南京市国土资源局" in body
    for text in ("75.0%", "30.1–95.4%", "40.0%", "11.8–76.9%", "66.7%", "10.5", "20.1"):
        assert text in body, text
    assert 'href="/results/?department=320100-012"' in body
    assert_private_absent(body)
    card = selectors.scorecard_public("320100-012", NOVEMBER, NOW)
    assert card.peers == 2 and card.figures.rank == (1, 1)
    assert card.ratings == {5: 1, 3: 1, 2: 1}
    assert card.rectifications == {"opened": 1, "closed": 0, "replied_late": 0}


@pytest.mark.parametrize("code", ["320100-999", "320100", "nonsense", "320100-015"])
def test_an_unknown_department_is_not_found(november, anonymous, code):
    # 320100-015 (planning) has no published power in this fixture
    with time_machine.travel(NOW, tick=False):
        assert anonymous.get(f"/departments/{code}/").status_code == 404
    with pytest.raises(NotFound):
        selectors.department_public_get(code)


def test_an_inactive_department_is_not_shown(november, land_bureau, anonymous):
    Department.objects.filter(pk=land_bureau.pk).update(is_active=False)
    with time_machine.travel(NOW, tick=False):
        assert anonymous.get("/departments/320100-012/").status_code == 404
        assert "320100-012" not in anonymous.get("/departments/").content.decode()


def _more_departments(count, city, make_case, officers):
    """``count`` more departments, each with a published power and a November case finished and rated."""
    for index in range(count):
        department = Department.objects.create(region=city, code=f"{30 + index:03d}", name=f"南京市第{index + 1}局",
                                               short_name=f"第{index + 1}局")
        Post.objects.create(department=department, code="review", name="审查岗")
        power = _published(department, 1, PLANNING_FLOW, name="建设项目选址意见书", statutory_limit=20,
                           committed_limit=10)
        case = make_case(power, "2025-11-03 09:00", state="completed", decision="granted",
                         clock_start="2025-11-03 10:00", committed_due="2025-11-18 00:00",
                         statutory_due="2025-12-02 00:00", decided_at="2025-11-10 09:00",
                         completed_at="2025-11-10 10:00")
        services.rating_give(actor=officers["applicant"], case=case, grade=4, comment="", now=at("2025-11-11 09:00"))


def test_the_league_is_a_fixed_number_of_queries(rated, planning_power, anonymous, city, make_case, officers):
    def league_queries():
        with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as queries:
            response = anonymous.get("/departments/", {"period": "2025"})
        assert response.status_code == 200
        return len(queries), set(re.findall(r'href="/departments/(320100-[0-9]{3})/', response.content.decode()))

    two = league_queries()
    _more_departments(3, city, make_case, officers)
    five = league_queries()
    assert (len(two[1]), len(five[1])) == (2, 5)  # the rows: each department links to its scorecard
    assert two[0] == five[0] == 9  # whatever the number of departments
