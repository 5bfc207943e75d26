"""The enforcement certificate register (执法证管理): where a certificate stands on a day (to the
boundary days), its SQL form agreeing with the rule, and 登记 → 审核 → 年检 → withdrawal."""

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yangguang.core.errors import InvalidInput
from yangguang.org import services
from yangguang.org.domain import Standing, certificate_standing, usable
from yangguang.org.errors import CertificateWrongState, NotRegisterKeeper
from yangguang.org.models import CertificateAction, CertificateEvent, CertificateStatus, Department, Officer, Role
from yangguang.org.selectors import standing_q

D = datetime.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOON = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=SHANGHAI)  # Monday 2 March 2026


@pytest.mark.parametrize(("number", "status", "valid_from", "valid_until", "on", "expected"), [
    ("ZF1", "active", D(2025, 1, 1), D(2026, 12, 31), D(2026, 3, 2), Standing.VALID),
    ("ZF1", "active", D(2025, 1, 1), D(2026, 3, 31), D(2026, 3, 2), Standing.EXPIRING),  # 29 days left
    ("ZF1", "active", D(2025, 1, 1), D(2026, 4, 1), D(2026, 3, 2), Standing.VALID),  # 30 days left: not yet
    ("ZF1", "active", D(2025, 1, 1), D(2026, 3, 2), D(2026, 3, 2), Standing.EXPIRING),  # its last day still counts
    ("ZF1", "active", D(2025, 1, 1), D(2026, 3, 1), D(2026, 3, 2), Standing.EXPIRED),  # the day after
    ("ZF1", "active", D(2026, 3, 3), D(2027, 3, 2), D(2026, 3, 2), Standing.EXPIRED),  # not valid yet
    ("ZF1", "active", D(2026, 3, 2), D(2027, 3, 2), D(2026, 3, 2), Standing.VALID),  # its first day
    ("ZF1", "active", None, D(2027, 3, 2), D(2026, 3, 2), Standing.EXPIRED),
    ("ZF1", "registered", D(2025, 1, 1), D(2027, 1, 1), D(2026, 3, 2), Standing.PENDING),
    ("ZF1", "refused", D(2025, 1, 1), D(2027, 1, 1), D(2026, 3, 2), Standing.SUSPENDED),
    ("ZF1", "failed", D(2025, 1, 1), D(2027, 1, 1), D(2026, 3, 2), Standing.SUSPENDED),
    ("ZF1", "left", D(2025, 1, 1), D(2027, 1, 1), D(2026, 3, 2), Standing.WITHDRAWN),
    ("ZF1", "lost", D(2025, 1, 1), D(2027, 1, 1), D(2026, 3, 2), Standing.WITHDRAWN),
    ("ZF1", "transferred", D(2025, 1, 1), D(2027, 1, 1), D(2026, 3, 2), Standing.WITHDRAWN),
    ("", "active", D(2025, 1, 1), D(2027, 1, 1), D(2026, 3, 2), Standing.NONE),
    ("ZF1", "", D(2025, 1, 1), D(2027, 1, 1), D(2026, 3, 2), Standing.NONE),
])
def test_standing_on_a_day(number, status, valid_from, valid_until, on, expected):
    standing = certificate_standing(number, status, valid_from, valid_until, on, prompt_days=30)
    assert standing == expected
    assert usable(standing) == (expected in (Standing.VALID, Standing.EXPIRING))


@pytest.fixture
def bureau(land_bureau):
    return land_bureau


_serial = itertools.count()
statuses = st.sampled_from(["", "registered", "active", "refused", "failed", "left", "lost", "transferred"])
days = st.one_of(st.none(), st.dates(min_value=D(2025, 12, 1), max_value=D(2026, 5, 1)))


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.booleans(), statuses, days, days), min_size=1, max_size=12),
       on=st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 4, 1)), prompt_days=st.integers(0, 60))
def test_the_sql_standing_agrees_with_the_rule(make_user, bureau, rows, on, prompt_days):
    Officer.objects.all().delete()
    expected = {}
    for officer_index, (numbered, status, start, end) in enumerate(rows):
        if start and end and end < start:
            start, end = end, start
        officer = Officer.objects.create(user=make_user(f"p{next(_serial)}"), department=bureau,
                                         certificate_no=f"ZF{officer_index}" if numbered else "", certificate_status=status,
                                         certificate_valid_from=start, certificate_valid_until=end)
        expected[officer.pk] = certificate_standing(officer.certificate_no, status, start, end, on, prompt_days)
    for standing in Standing:
        found = set(Officer.objects.filter(standing_q(standing, on, prompt_days)).values_list("pk", flat=True))
        assert found == {pk for pk, value in expected.items() if value == standing}, standing


# --- the register's services -------------------------------------------------------------------------


@pytest.fixture
def people(make_user, land_bureau, planning_bureau, other_city, legal):
    other_bureau = Department.objects.create(region=other_city, code="012", name="苏州市国土资源局")
    return {
        "legal": legal,
        "head": make_user("head", Role.DEPARTMENT_HEAD, department=land_bureau),
        "other_legal": make_user("other-legal", Role.LEGAL_OFFICE, region=other_city),
        "other_head": make_user("other-head", Role.DEPARTMENT_HEAD, department=planning_bureau),
        "newcomer": Officer.objects.create(user=make_user("newcomer"), department=land_bureau),
        "other": Officer.objects.create(user=make_user("elsewhere"), department=other_bureau),
    }


def _register(people, actor="head", number="ZF320100012901", **changes):
    fields = {"areas": "国土资源执法；南京市", "valid_from": "2026-03-01", "valid_until": "2027-02-28", **changes}
    return services.certificate_register(actor=people[actor], officer=people["newcomer"], number=number, now=NOON,
                                         **fields)


@pytest.mark.django_db
def test_a_certificate_is_registered_reviewed_and_then_usable(people):
    officer = _register(people)
    assert officer.certificate_status == CertificateStatus.REGISTERED
    assert not officer.has_valid_certificate(D(2026, 3, 2))  # not before the legal office approves it
    officer = services.certificate_review(actor=people["legal"], officer=officer, approve=True, now=NOON)
    assert officer.has_valid_certificate(D(2026, 3, 2))
    assert not officer.has_valid_certificate(D(2027, 3, 1))
    record = list(CertificateEvent.objects.filter(officer=officer).order_by("at", "id").values_list(
        "action", "certificate_no", "actor__username"))
    assert record == [("register", "ZF320100012901", "head"), ("approve", "ZF320100012901", "legal")]


@pytest.mark.django_db
def test_registration_errors_name_every_field(people):
    with pytest.raises(InvalidInput) as error:
        _register(people, number="", areas="", valid_from="2026-13-01", valid_until="soon")
    assert {(e["field"], e["rule"]) for e in error.value.errors} == {
        ("number", "required"), ("areas", "required"), ("valid_from", "date"), ("valid_until", "date")}
    with pytest.raises(InvalidInput) as error:
        _register(people, valid_from="2026-03-01", valid_until="2026-02-28")
    assert error.value.field == "valid_until" and error.value.rule == "after-start"
    assert not CertificateEvent.objects.exists()
    assert Officer.objects.get(pk=people["newcomer"].pk).certificate_status == ""


@pytest.mark.django_db
def test_a_certificate_number_belongs_to_one_officer(people, make_user, land_bureau):
    Officer.objects.create(user=make_user("holder"), department=land_bureau, certificate_no="ZF-TAKEN",
                           certificate_status="active")
    with pytest.raises(InvalidInput) as error:
        _register(people, number="ZF-TAKEN")
    assert error.value.field == "number" and error.value.rule == "unique"


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["other_legal", "other_head"])
def test_only_the_department_and_its_legal_office_keep_its_register(people, actor):
    with pytest.raises(NotRegisterKeeper):
        _register(people, actor=actor)
    assert not CertificateEvent.objects.exists()


@pytest.mark.django_db
def test_the_head_registers_but_only_the_legal_office_reviews(people):
    officer = _register(people)
    with pytest.raises(NotRegisterKeeper):
        services.certificate_review(actor=people["head"], officer=officer, approve=True, now=NOON)
    with pytest.raises(InvalidInput) as error:  # a refusal gives its reason
        services.certificate_review(actor=people["legal"], officer=officer, approve=False, now=NOON)
    assert error.value.field == "note"
    officer = services.certificate_review(actor=people["legal"], officer=officer, approve=False, note="照片不符", now=NOON)
    assert officer.certificate_standing(D(2026, 3, 2)) == Standing.SUSPENDED
    with pytest.raises(CertificateWrongState):
        services.certificate_review(actor=people["legal"], officer=officer, approve=True, now=NOON)
    officer = _register(people, number="ZF320100012902")  # registered again after the refusal
    assert officer.certificate_status == CertificateStatus.REGISTERED


@pytest.mark.django_db
def test_a_second_certificate_is_refused_while_one_is_in_force(people):
    services.certificate_review(actor=people["legal"], officer=_register(people), approve=True, now=NOON)
    with pytest.raises(CertificateWrongState) as error:
        _register(people, number="ZF320100012902")
    assert error.value.rule == "one-certificate"


@pytest.mark.django_db
def test_the_annual_check_extends_the_validity_or_suspends_it(people):
    officer = services.certificate_review(actor=people["legal"], officer=_register(people), approve=True, now=NOON)
    with pytest.raises(InvalidInput) as error:  # passing sets a validity beyond today
        services.certificate_annual_check(actor=people["legal"], officer=officer, passed=True, valid_until="2026-03-02",
                                          now=NOON)
    assert error.value.field == "valid_until" and error.value.rule == "in-future"
    officer = services.certificate_annual_check(actor=people["legal"], officer=officer, passed=True,
                                                valid_until="2028-02-29", now=NOON)
    assert officer.certificate_valid_until == D(2028, 2, 29) and officer.certificate_checked_on == D(2026, 3, 2)
    assert officer.has_valid_certificate(D(2028, 2, 29))
    officer = services.certificate_annual_check(actor=people["legal"], officer=officer, passed=False,
                                                note="年度考核不合格", now=NOON)
    assert not officer.has_valid_certificate(D(2026, 3, 2))
    officer = services.certificate_annual_check(actor=people["legal"], officer=officer, passed=True,
                                                valid_until="2027-03-01", now=NOON)
    assert officer.has_valid_certificate(D(2026, 3, 2))
    actions = list(CertificateEvent.objects.filter(officer=officer).order_by("id").values_list("action", "valid_until"))
    assert actions[-3:] == [("annual_pass", D(2028, 2, 29)), ("annual_fail", D(2028, 2, 29)),
                            ("annual_pass", D(2027, 3, 1))]


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["left", "lost", "transferred"])
def test_a_withdrawn_certificate_is_unusable_and_replaceable(people, reason):
    officer = services.certificate_review(actor=people["legal"], officer=_register(people), approve=True, now=NOON)
    with pytest.raises(InvalidInput) as error:
        services.certificate_withdraw(actor=people["head"], officer=officer, reason="retired", now=NOON)
    assert error.value.field == "reason"
    officer = services.certificate_withdraw(actor=people["head"], officer=officer, reason=reason, now=NOON)
    assert officer.certificate_standing(D(2026, 3, 2)) == Standing.WITHDRAWN
    with pytest.raises(CertificateWrongState):
        services.certificate_withdraw(actor=people["head"], officer=officer, reason=reason, now=NOON)
    with pytest.raises(CertificateWrongState):  # no annual check on a withdrawn certificate
        services.certificate_annual_check(actor=people["legal"], officer=officer, passed=True, valid_until="2027-12-31",
                                          now=NOON)
    officer = _register(people, number="ZF320100012999")  # a replacement for a lost one, say
    assert officer.certificate_no == "ZF320100012999"
    assert CertificateEvent.objects.filter(officer=officer, action=reason, certificate_no="ZF320100012901").exists()


@pytest.mark.django_db
def test_an_expired_certificate_may_be_renewed(people):
    officer = services.certificate_review(actor=people["legal"], officer=_register(people), approve=True, now=NOON)
    later = datetime.datetime(2027, 3, 10, 9, 0, tzinfo=SHANGHAI)
    assert officer.certificate_standing(later.date()) == Standing.EXPIRED
    officer = services.certificate_register(actor=people["head"], officer=officer, number="ZF320100012901",
                                            areas="国土资源执法", valid_from="2027-03-10", valid_until="2028-03-09",
                                            now=later)
    assert officer.certificate_status == CertificateStatus.REGISTERED


@pytest.mark.django_db
def test_reminders_are_recorded_in_bulk(people, make_user, land_bureau):
    officer = services.certificate_review(actor=people["legal"], officer=_register(people), approve=True, now=NOON)
    others = [Officer.objects.get(user=make_user(f"holder{n}", officer_of=land_bureau)) for n in range(5)]
    later = NOON + datetime.timedelta(days=1)
    with CaptureQueriesContext(connection) as one:
        services.certificate_prompts_record([officer], NOON)
    with CaptureQueriesContext(connection) as five:
        services.certificate_prompts_record(others, later)
    assert len(one) == len(five) == 1  # one INSERT, whatever the number of officers
    assert five[0]["sql"].lstrip().upper().startswith("INSERT")
    event = CertificateEvent.objects.get(action=CertificateAction.PROMPT, at=NOON)
    assert (event.officer_id, event.valid_until, event.department_id) == (officer.pk, D(2027, 2, 28),
                                                                          officer.department_id)
    recorded = CertificateEvent.objects.filter(action=CertificateAction.PROMPT, at=later)
    assert sorted(recorded.values_list("officer_id", "certificate_no", "valid_until")) == sorted(
        (other.pk, other.certificate_no, other.certificate_valid_until) for other in others)
