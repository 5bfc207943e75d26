import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.core.management import call_command
from django.core.management.base import CommandError

from yangguang.catalog.models import (
    Category,
    ChangeKind,
    Disclosure,
    Power,
    PowerVersion,
    ReviewRecord,
    VersionState,
)
from yangguang.demo import loader
from yangguang.demo.data import org
from yangguang.demo.data.powers import POWERS
from yangguang.flows.domain import flow_errors
from yangguang.flows.models import Step
from yangguang.org.models import Department, Officer, Post, Region, Role, RoleAssignment

PASSWORD = "demo-Passw0rd-1"


def run_demo(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {model.__name__: model.objects.count()
            for model in (Region, Department, Post, Officer, get_user_model(), RoleAssignment, Power, PowerVersion,
                          ReviewRecord, Step)}


def roles_of(username: str) -> set:
    return {
        (a.role, a.department.full_code if a.department else a.region.code if a.region else None)
        for a in RoleAssignment.objects.filter(user__username=username).select_related("department__region", "region")
    }


def test_demo_data_is_valid_without_a_database():
    assert loader.check_content() == []
    for record in POWERS:
        content = record["content"]
        assert flow_errors(record["flow"], committed_limit=content["committed_limit"],
                           committed_unit=content["committed_unit"], penalty=record["category"] == "CF") == [], record["code"]
    assert len({record["code"] for record in POWERS}) == len(POWERS)
    assert len(set(loader.demo_usernames())) == len(loader.demo_usernames())


@pytest.mark.django_db
def test_demo_loads_the_region_its_catalog_and_accounts():
    output = run_demo("--password", PASSWORD)
    assert PASSWORD in output and "http://127.0.0.1:8000" in output

    city = Region.objects.get(code="320100")
    assert {r.code for r in Region.objects.all()} == {"320000", "320100", "320102", "320115"}
    assert Department.objects.filter(region=city).count() >= 8
    assert Department.objects.filter(region__code__in=["320102", "320115"]).count() == 2
    assert set(Department.objects.values_list("kind", flat=True)) == {"organ", "authorised", "entrusted"}
    assert Department.objects.get(kind="entrusted").entrusted_by.full_code == "320100-012"
    assert not Post.objects.filter(officers__isnull=True).exists(), "every post has an officer"
    assert Post.objects.filter(is_enforcement=True).exists()
    today = datetime.date(2026, 6, 1)
    for officer in Officer.objects.filter(posts__is_enforcement=True).exclude(user__username__in=org.REGISTER).distinct():
        assert officer.has_valid_certificate(today), officer  # the register's stories are tested on their own

    powers = Power.objects.all()
    assert 55 <= powers.count() <= 75
    assert {p.code for p in powers} == {record["code"] for record in POWERS}
    assert set(Power.objects.published().values_list("category", flat=True)) == set(Category.values)

    land = PowerVersion.objects.get(name="建设项目用地预审", state=VersionState.PUBLISHED)
    assert land.power.department.full_code == "320100-012"
    assert land.flow.steps.filter(kind__in=["task", "excluded"]).count() == 12
    assert land.flow.steps.filter(kind="excluded").count() == 1

    joint = PowerVersion.objects.get(name="企业投资项目核准", state=VersionState.PUBLISHED)
    home = joint.power.department_id
    departments = {step.department_id or home for step in joint.flow.steps.filter(kind="task")}
    assert len(departments) >= 3 and home in departments
    assert joint.flow.steps.filter(kind="split").count() == joint.flow.steps.filter(kind="join").count() == 1

    revision = PowerVersion.objects.get(change=ChangeKind.REVISE)
    in_force = revision.power.published_version
    assert revision.state == VersionState.SUBMITTED and in_force.state == VersionState.PUBLISHED
    assert revision.committed_limit < in_force.committed_limit
    assert revision.flow.steps.count() == in_force.flow.steps.count()
    returned = PowerVersion.objects.get(state=VersionState.RETURNED)
    assert returned.review_opinion and returned.power.published_version is None
    draft = PowerVersion.objects.get(state=VersionState.DRAFT)
    assert draft.power.published_version is None
    assert Power.objects.published().filter(published_version__disclosure=Disclosure.FILED_ONLY).count() == 1
    revoked = Power.objects.get(revoked_at__isnull=False)
    assert revoked.revocation_reason and revoked.versions.filter(change=ChangeKind.REVOKE, state=VersionState.PUBLISHED).exists()
    assert ReviewRecord.objects.filter(version=land).values_list("at", flat=True).first().year == 2026

    assert roles_of("admin") == {("administrator", "320100")}
    assert get_user_model().objects.get(username="admin").is_superuser
    assert roles_of("legal") == {("legal_office", "320100")}
    assert roles_of("supervisor") == {("supervisor", "320100")}
    assert roles_of("clerk") == {("catalog_clerk", "320100-012")}
    assert roles_of("head") == {("department_head", "320100-012")}
    assert roles_of("applicant") == {("applicant", None)}
    assert roles_of("clerk-015") == {("catalog_clerk", "320100-015")}
    for username in ("clerk", "head", "officer"):
        assert Officer.objects.get(user__username=username).department.full_code == "320100-012"
    officer = Officer.objects.get(user__username="officer")
    assert set(officer.posts.values_list("code", flat=True)) == {"window", "review", "survey"}
    assert officer.has_valid_certificate(today)
    first_steps = land.flow.steps.filter(kind="task").order_by("order")[:3]
    assert {step.post.code for step in first_steps} <= {"window", "review", "survey"}
    for department in Department.objects.all():
        assert RoleAssignment.objects.filter(role=Role.CATALOG_CLERK, department=department).exists(), department
    for username in loader.demo_usernames():
        user = get_user_model().objects.get(username=username)
        assert user.last_name and user.first_name
    assert get_user_model().objects.get(username="d012-window-1").check_password(PASSWORD)


@pytest.mark.django_db
def test_once_is_idempotent_a_second_load_is_refused_and_passwords_can_be_reset():
    with pytest.raises(CommandError):
        run_demo("--reset-passwords")
    assert PASSWORD in run_demo("--once", "--password", PASSWORD)
    before = counts()
    again = run_demo("--once")
    assert counts() == before
    assert "admin" in again and "--reset-passwords" in again and PASSWORD not in again
    with pytest.raises(CommandError):
        run_demo()
    assert counts() == before

    assert "another-Passw0rd-2" in run_demo("--reset-passwords", "--password", "another-Passw0rd-2")
    for username in ("admin", "clerk-320102-010", "d071-enforce-1"):
        assert get_user_model().objects.get(username=username).check_password("another-Passw0rd-2")
    assert counts() == before


@pytest.mark.django_db
def test_a_weak_password_is_refused_before_anything_is_written():
    with pytest.raises(CommandError, match="--password"):
        run_demo("--password", "1234")
    assert not Region.objects.exists()


@pytest.mark.django_db
def test_bad_demo_data_leaves_nothing(monkeypatch):
    bad = dict(POWERS[0], flow={"steps": [{"key": "start", "name": "申请", "kind": "start"},
                                           {"key": "x", "name": "受理", "kind": "task", "post": "nobody", "limit": 1},
                                           {"key": "end", "name": "办结", "kind": "end"}],
                                 "transitions": [{"from": "start", "to": "x"}, {"from": "x", "to": "end"}]})
    monkeypatch.setattr(loader, "POWERS", [bad, *POWERS[1:]])
    with pytest.raises(CommandError, match="nobody"):
        run_demo("--password", PASSWORD)
    assert counts() == dict.fromkeys(counts(), 0)


@pytest.mark.django_db
def test_a_database_with_part_of_the_region_is_refused():
    Region.objects.create(code="320100", name="南京市", level="city")
    with pytest.raises(CommandError, match="320100"):
        run_demo("--once")
    assert Department.objects.count() == 0


@pytest.mark.django_db
def test_an_existing_account_with_a_demo_name_stops_the_load():
    get_user_model().objects.create_user("admin", password="pw-admin-123")
    with pytest.raises(CommandError, match="admin"):
        run_demo("--password", PASSWORD)
    assert not Region.objects.exists()


@pytest.mark.django_db
def test_demo_personnel_hold_certificates_in_every_standing():
    run_demo("--password", PASSWORD)
    from yangguang.org.domain import Standing
    from yangguang.org.models import CertificateAction, CertificateEvent

    anchor = timezone.localdate()
    standings = {officer.user.username: officer.certificate_standing(anchor)
                 for officer in Officer.objects.filter(user__username__in=org.REGISTER).select_related("user")}
    assert standings == {"zf-020-1": Standing.EXPIRING, "zf-030-1": Standing.EXPIRING, "zf-028-1": Standing.EXPIRED,
                         "zf-008-1": Standing.SUSPENDED, "zf-071-1": Standing.PENDING, "zf-033-1": Standing.VALID,
                         "zf-040-1": Standing.WITHDRAWN}
    refused = CertificateEvent.objects.get(action=CertificateAction.ACTION_REFUSED)
    assert refused.officer.user.username == "zf-028-1" and refused.step == "立案" and refused.note == "expired"
    reminded = set(CertificateEvent.objects.filter(action=CertificateAction.PROMPT)
                   .values_list("officer__user__username", flat=True))
    assert reminded == {"zf-020-1", "zf-030-1"}
    lost = CertificateEvent.objects.filter(officer__user__username="zf-033-1").order_by("at", "id")
    assert [event.action for event in lost][-3:] == ["lost", "register", "approve"]  # reported lost, then reissued
    # every officer outside the stories acts on enforcement steps with a valid certificate
    assert all(officer.has_valid_certificate(anchor) for officer in
               Officer.objects.filter(posts__is_enforcement=True).exclude(user__username__in=org.REGISTER))
    assert Department.objects.exclude(basis="").count() == Department.objects.count()
