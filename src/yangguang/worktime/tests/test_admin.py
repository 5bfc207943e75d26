from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from yangguang.org.models import Role
from yangguang.worktime.models import CalendarDay, CalendarYear
from yangguang.worktime.selectors import calendar_load

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/worktime/calendaryear/add/"


def change_url(year: int) -> str:
    return f"/admin/worktime/calendaryear/{CalendarYear.objects.get(year=year).pk}/change/"


@pytest.fixture
def staff_admin(make_user, city):
    user = make_user("calendar-admin", Role.ADMINISTRATOR, region=city)
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    return user, client


def form_data(response) -> dict:
    """The POST a browser would send for the page as shown."""
    data = {}

    def put(form, name, value):
        if isinstance(value, bool):
            if value:
                data[form.add_prefix(name)] = "on"
            return
        data[form.add_prefix(name)] = "" if value is None else value

    form = response.context["adminform"].form
    for name in form.fields:
        put(form, name, form[name].value())
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            put(formset.management_form, name, formset.management_form[name].value())
        for day_form in formset.forms:
            for name in day_form.fields:
                if name != "DELETE":
                    put(day_form, name, day_form[name].value())
    return data


def test_add_a_year_with_its_days(staff_admin):
    user, client = staff_admin
    data = form_data(client.get(ADD_URL))
    data.update({
        "year": "2027", "notice_title": "国务院办公厅关于2027年部分节假日安排的通知", "notice_number": "",
        "published_on": "2026-11-01", "source": "test", "confirmed": "on",
        "days-TOTAL_FORMS": "2",
        "days-0-date": "2027-01-01", "days-0-kind": "holiday", "days-0-name": "元旦",
        "days-1-date": "2027-01-09", "days-1-kind": "makeup_workday", "days-1-name": "",
    })
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    year = CalendarYear.objects.get(year=2027)
    assert year.confirmed and year.history.latest().history_user == user
    assert list(year.days.values_list("date", "kind")) == [(date(2027, 1, 1), "holiday"), (date(2027, 1, 9), "makeup_workday")]
    assert calendar_load().is_workday(date(2027, 1, 9))


def test_form_errors_name_the_rule_and_nothing_is_saved(staff_admin):
    _, client = staff_admin
    data = form_data(client.get(ADD_URL))
    data.update({
        "year": "2027", "notice_title": "国务院办公厅关于2027年部分节假日安排的通知",
        "days-TOTAL_FORMS": "2",
        "days-0-date": "2027-01-06", "days-0-kind": "makeup_workday",  # a Wednesday
        "days-1-date": "2028-01-01", "days-1-kind": "holiday",  # another year
    })
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    forms = response.context["inline_admin_formsets"][0].formset.forms
    assert "星期六或星期日" in str(forms[0].errors["date"])
    assert "不在 2027 年内" in str(forms[1].errors["date"])
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_change_a_year_removes_and_moves_days(staff_admin):
    _, client = staff_admin
    response = client.get(change_url(2026))
    data = form_data(response)
    forms = response.context["inline_admin_formsets"][0].formset.forms
    index = {form.initial["date"]: i for i, form in enumerate(forms)}
    data[f"days-{index[date(2026, 10, 10)]}-DELETE"] = "on"  # Sat 10/10 is no longer worked
    data[f"days-{index[date(2026, 9, 20)]}-date"] = "2026-09-19"  # the make-up moves from Sun 9/20 to Sat 9/19
    assert client.post(change_url(2026), data).status_code == 302
    calendar = calendar_load()
    assert not calendar.is_workday(date(2026, 10, 10)) and not calendar.is_workday(date(2026, 9, 20))
    assert calendar.is_workday(date(2026, 9, 19))
    assert CalendarDay.objects.filter(year__year=2026).count() == 27


def test_years_are_not_deleted_and_others_may_not_edit(staff_admin, make_user, land_bureau):
    _, client = staff_admin
    assert client.get(change_url(2026).replace("change", "delete")).status_code == 403
    clerk = make_user("clerk", Role.CATALOG_CLERK, department=land_bureau)
    clerk.is_staff = True
    clerk.save()
    other = Client()
    other.force_login(clerk)
    assert other.get(ADD_URL).status_code == 403
    assert other.post(change_url(2026), {}).status_code == 403


def test_a_superuser_may_edit():
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", password="pw-root-123"))
    assert client.get(change_url(2026)).status_code == 200
    changelist = client.get("/admin/worktime/calendaryear/")
    assert changelist.status_code == 200 and "国办发明电〔2025〕7号" in changelist.content.decode()
    assert client.get(change_url(2026).replace("change", "history")).status_code == 200
