from datetime import date, datetime, timedelta

import holidays
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from yangguang.core.errors import Forbidden, InvalidInput
from yangguang.org.models import Role
from yangguang.worktime import domain, services
from yangguang.worktime.errors import CalendarDayNotFound, CalendarNotConfirmed
from yangguang.worktime.models import CalendarDay, CalendarYear, DayKind
from yangguang.worktime.official import official_calendar
from yangguang.worktime.selectors import calendar_load

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 20, tzinfo=domain.SHANGHAI)  # Sun; + 20 working days runs into 2027


@pytest.fixture
def administrator(make_user, city):
    return make_user("calendar-admin", Role.ADMINISTRATOR, region=city)


@pytest.fixture
def notice_2027(administrator):
    return services.calendar_year_save(
        actor=administrator, year=2027, notice_title="国务院办公厅关于2027年部分节假日安排的通知",
        notice_number="国办发明电〔2026〕1号", published_on=date(2026, 11, 1), confirmed=True, source="test",
    )


def test_the_data_migration_seeded_2024_to_2026():
    years = list(CalendarYear.objects.values_list("year", "notice_number", "confirmed"))
    assert years == [(2024, "国办发明电〔2023〕7号", True), (2025, "国办发明电〔2024〕12号", True),
                     (2026, "国办发明电〔2025〕7号", True)]
    assert CalendarYear.objects.get(year=2026).published_on == date(2025, 11, 4)
    makeup_2025 = CalendarDay.objects.filter(year__year=2025, kind=DayKind.MAKEUP_WORKDAY).values_list("date", flat=True)
    assert list(makeup_2025) == [date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11)]
    assert calendar_load() == official_calendar()


def test_the_seeded_table_agrees_with_the_holidays_library_every_day():
    oracle = holidays.China(years=range(2024, 2027))
    calendar = calendar_load()
    day = date(2024, 1, 1)
    while day.year < 2027:
        assert calendar.is_workday(day) == oracle.is_working_day(day), day
        day += timedelta(days=1)


def test_seed_is_idempotent_and_corrects_drift():
    history_before = CalendarDay.history.count()
    first = services.calendar_seed()
    assert [(r.year, r.created, r.updated) for r in first] == [(2024, 0, 0), (2025, 0, 0), (2026, 0, 0)]
    assert CalendarDay.history.count() == history_before  # nothing rewritten, nothing in the history
    CalendarDay.objects.filter(date=date(2026, 10, 10)).update(kind=DayKind.HOLIDAY)
    CalendarDay.objects.filter(date=date(2026, 10, 1)).delete()
    CalendarYear.objects.filter(year=2026).update(confirmed=False)
    (result,) = services.calendar_seed([2026])
    assert (result.created, result.updated) == (1, 1)
    assert calendar_load() == official_calendar()


def test_seed_refuses_a_year_without_a_shipped_notice():
    with pytest.raises(InvalidInput) as caught:
        services.calendar_seed([2026, 2027])
    assert (caught.value.field, caught.value.rule) == ("years", "known-notice")
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_calendar_load_is_cached_until_a_write(administrator, django_assert_num_queries):
    loaded = calendar_load()
    with django_assert_num_queries(0):
        assert calendar_load() == loaded
    assert loaded.is_workday(date(2026, 10, 9))
    services.calendar_day_set(actor=administrator, date=date(2026, 10, 9), kind=DayKind.HOLIDAY, name="本地调整")
    assert not calendar_load().is_workday(date(2026, 10, 9))
    services.calendar_day_remove(actor=administrator, date=date(2026, 10, 9))
    assert calendar_load().is_workday(date(2026, 10, 9))


def test_adding_next_years_notice_lets_deadlines_cross_into_it(administrator, notice_2027):
    with pytest.raises(CalendarNotConfirmed):
        domain.due(START, 20, "workday", official_calendar())
    services.calendar_day_set(actor=administrator, date=date(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    # Sun 12/20 + 20 wd: 12/21–12/31 gives 9; Fri 2027-01-01 元旦; 1/4–1/8 (14), 1/11–1/15 (19), Mon 1/18 (20).
    assert domain.format_due(domain.due(START, 20, "workday", calendar_load())) == "2027-01-18 24:00:00"


def test_unconfirming_a_year_stops_the_arithmetic(administrator):
    services.calendar_year_save(actor=administrator, year=2026, notice_title="国务院办公厅关于2026年部分节假日安排的通知",
                                confirmed=False)
    with pytest.raises(CalendarNotConfirmed):
        domain.due(datetime(2026, 9, 30, tzinfo=domain.SHANGHAI), 5, "workday", calendar_load())


def test_the_actor_is_recorded_in_the_history(administrator):
    services.calendar_day_set(actor=administrator, date=date(2026, 12, 26), kind=DayKind.MAKEUP_WORKDAY, name="试验")
    assert CalendarDay.history.latest().history_user == administrator


@pytest.mark.parametrize("service", ["year_save", "day_set", "day_remove", "year_edit"])
def test_only_the_administrator_may_edit(service, make_user, land_bureau):
    clerk = make_user("clerk", Role.CATALOG_CLERK, department=land_bureau)
    calls = {
        "year_save": lambda actor: services.calendar_year_save(actor=actor, year=2027, notice_title="x"),
        "day_set": lambda actor: services.calendar_day_set(actor=actor, date=date(2026, 12, 26), kind=DayKind.MAKEUP_WORKDAY),
        "day_remove": lambda actor: services.calendar_day_remove(actor=actor, date=date(2026, 10, 1)),
        "year_edit": lambda actor: services.calendar_year_edit(actor=actor, year=2027, notice_title="x"),
    }
    for actor in (clerk, AnonymousUser()):
        with pytest.raises(Forbidden) as caught:
            calls[service](actor)
        assert caught.value.status == 403 and caught.value.code == "not-calendar-administrator"
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert CalendarDay.objects.filter(date=date(2026, 10, 1)).exists()


def test_a_superuser_passes():
    superuser = get_user_model().objects.create_superuser("root", password="pw-root-123")
    day = services.calendar_day_set(actor=superuser, date=date(2026, 12, 26), kind=DayKind.MAKEUP_WORKDAY)
    assert day.year.year == 2026


@pytest.mark.parametrize(("kwargs", "field", "rule"), [
    ({"date": date(2026, 12, 24), "kind": DayKind.MAKEUP_WORKDAY}, "date", "makeup-on-weekend"),  # a Thursday
    ({"date": date(2030, 1, 1), "kind": DayKind.HOLIDAY}, "date", "calendar-year-exists"),
    ({"date": date(2026, 12, 24), "kind": "half_day"}, "kind", "choice"),
    ({"date": date(2026, 12, 24), "kind": DayKind.HOLIDAY, "name": "长" * 61}, "name", "max-length"),
])
def test_day_validation(administrator, kwargs, field, rule):
    with pytest.raises(InvalidInput) as caught:
        services.calendar_day_set(actor=administrator, **kwargs)
    assert (caught.value.field, caught.value.rule) == (field, rule)
    assert caught.value.as_problem()["field"] == field


@pytest.mark.parametrize(("kwargs", "field", "rule"), [
    ({"year": 1980}, "year", "range"),
    ({"notice_title": "  "}, "notice_title", "required"),
    ({"published_on": date(2028, 1, 1)}, "published_on", "published-before-year-end"),
    ({"notice_number": "号" * 61}, "notice_number", "max-length"),
])
def test_year_validation(administrator, kwargs, field, rule):
    args = {"year": 2027, "notice_title": "国务院办公厅关于2027年部分节假日安排的通知"} | kwargs
    with pytest.raises(InvalidInput) as caught:
        services.calendar_year_save(actor=administrator, **args)
    assert (caught.value.field, caught.value.rule) == (field, rule)


def test_removing_an_ordinary_day_is_refused(administrator):
    with pytest.raises(CalendarDayNotFound) as caught:
        services.calendar_day_remove(actor=administrator, date=date(2026, 10, 9))
    assert caught.value.status == 404


def test_year_edit_writes_all_or_nothing(administrator):
    bad = services.DayEntry(date(2027, 1, 6), DayKind.MAKEUP_WORKDAY)  # a Wednesday
    with pytest.raises(InvalidInput) as caught:
        services.calendar_year_edit(actor=administrator, year=2027, notice_title="通知", confirmed=True,
                                    days_set=[services.DayEntry(date(2027, 1, 1), DayKind.HOLIDAY), bad])
    assert caught.value.rule == "makeup-on-weekend"
    assert not CalendarYear.objects.filter(year=2027).exists()

    with pytest.raises(CalendarDayNotFound):
        services.calendar_year_edit(actor=administrator, year=2026, notice_title="改过的标题",
                                    days_set=[services.DayEntry(date(2026, 12, 26), DayKind.MAKEUP_WORKDAY)],
                                    days_removed=[date(2026, 12, 25)])  # not a special day: the whole edit rolls back
    assert CalendarYear.objects.get(year=2026).notice_title == "国务院办公厅关于2026年部分节假日安排的通知"
    assert not CalendarDay.objects.filter(date=date(2026, 12, 26)).exists()

    services.calendar_year_edit(actor=administrator, year=2026, notice_title="国务院办公厅关于2026年部分节假日安排的通知",
                                confirmed=True, days_set=[services.DayEntry(date(2026, 12, 26), DayKind.MAKEUP_WORKDAY)],
                                days_removed=[date(2026, 10, 10)])
    assert CalendarDay.objects.filter(date=date(2026, 12, 26)).exists()
    assert not calendar_load().is_workday(date(2026, 10, 10))
