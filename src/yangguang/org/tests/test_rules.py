import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError

from yangguang.org.models import Department, Officer, Region, Role, RoleAssignment
from yangguang.org.rules import department_filter, has_role, holds_for_department, scope_of


@pytest.fixture
def district(city):
    return Region.objects.create(code="320115", name="江宁区", level="county", parent=city)


@pytest.fixture
def district_bureau(district):
    return Department.objects.create(region=district, code="012", name="江宁区国土分局")


def test_region_scope_follows_gbt2260_levels(city, district):
    province = city.parent
    assert province.scope_prefix == "32" and city.scope_prefix == "3201" and district.scope_prefix == "320115"
    assert province.contains(district) and city.contains(district) and not district.contains(city)


def test_region_roles_reach_departments_below(make_user, city, other_city, land_bureau, district_bureau):
    city_legal = make_user("legal", Role.LEGAL_OFFICE, region=city)
    province_supervisor = make_user("sup", Role.SUPERVISOR, region=city.parent)
    wuxi_legal = make_user("wuxi", Role.LEGAL_OFFICE, region=other_city)
    assert holds_for_department(city_legal, Role.LEGAL_OFFICE, district_bureau)
    assert holds_for_department(province_supervisor, Role.SUPERVISOR, land_bureau)
    assert not holds_for_department(wuxi_legal, Role.LEGAL_OFFICE, land_bureau)
    assert not holds_for_department(city_legal, Role.SUPERVISOR, land_bureau)  # the role matters, not only the region
    make_user("city-officer", officer_of=land_bureau)
    make_user("district-officer", officer_of=district_bureau)
    reached = Officer.objects.filter(department_filter(city_legal, Role.LEGAL_OFFICE))
    assert {o.department for o in reached} == {land_bureau, district_bureau}
    assert not Officer.objects.filter(department_filter(wuxi_legal, Role.LEGAL_OFFICE)).exists()


def test_department_roles_stay_in_their_department(make_user, land_bureau, planning_bureau):
    clerk = make_user("clerk", Role.CATALOG_CLERK, department=land_bureau)
    assert holds_for_department(clerk, Role.CATALOG_CLERK, land_bureau)
    assert not holds_for_department(clerk, Role.CATALOG_CLERK, planning_bureau)
    assert not holds_for_department(clerk, Role.DEPARTMENT_HEAD, land_bureau)
    assert scope_of(clerk).departments[Role.CATALOG_CLERK] == {land_bureau.pk}


def test_anonymous_and_superuser(db, land_bureau, django_user_model):
    assert scope_of(AnonymousUser()).authenticated is False
    assert not has_role(AnonymousUser(), Role.ADMINISTRATOR)
    root = django_user_model.objects.create_superuser("root", password="x")
    assert has_role(root, Role.LEGAL_OFFICE) and holds_for_department(root, Role.CATALOG_CLERK, land_bureau)


def test_officer_visibility(make_user, land_bureau, planning_bureau, city):
    land_officer = make_user("a", officer_of=land_bureau, posts=["window"])
    make_user("b", officer_of=planning_bureau)
    head = make_user("head", Role.DEPARTMENT_HEAD, department=land_bureau)
    supervisor = make_user("sup", Role.SUPERVISOR, region=city)
    applicant = make_user("app", Role.APPLICANT)
    assert set(Officer.objects.visible_to(land_officer).values_list("user__username", flat=True)) == {"a"}
    assert set(Officer.objects.visible_to(head).values_list("user__username", flat=True)) == {"a"}
    assert set(Officer.objects.visible_to(supervisor).values_list("user__username", flat=True)) == {"a", "b"}
    assert not Officer.objects.visible_to(applicant).exists()
    assert scope_of(land_officer).post_ids == {land_bureau.posts.get(code="window").pk}


def test_role_scope_is_enforced_by_the_database(make_user, land_bureau, city):
    user = make_user("x")
    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=user, role=Role.LEGAL_OFFICE, department=land_bureau)
